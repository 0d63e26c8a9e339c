/** A small HTTP CONNECT proxy on 127.0.0.1 for the tests: it tunnels every request and counts what it tunnelled. */
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ConnectProxy {
  url: string;
  /** "host:port" of every CONNECT it tunnelled, in order. */
  tunnels: string[];
  /** The Proxy-Authorization of each CONNECT (undefined when none came). */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    let head = '';
    const onData = (data: Buffer) => {
      head += data.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const [requestLine, ...lines] = head.slice(0, end).split('\r\n');
      const target = /^CONNECT (\S+):(\d+) HTTP\/1\.[01]$/.exec(requestLine);
      if (!target) return void client.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n');
      tunnels.push(`${target[1]}:${target[2]}`);
      authorizations.push(lines.find((l) => /^proxy-authorization:/i.test(l))?.replace(/^[^:]+:\s*/, ''));
      const upstream = net.connect(Number(target[2]), target[1].replace(/^\[(.*)\]$/, '$1'), () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        const rest = Buffer.from(head.slice(end + 4), 'latin1');
        if (rest.length) upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    authorizations,
    close: () => new Promise<void>((resolve) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => resolve());
    }),
  };
}

/**
 * A small proxy on 127.0.0.1 for the tests: it tunnels CONNECT requests (what the media transport sends, for https and
 * http alike) and forwards plain proxied requests (what other clients, VS Code's own, may send for http URLs),
 * recording what it carried.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';

export interface ConnectProxy {
  url: string;
  /** "host:port" of every CONNECT it tunnelled, in order. */
  tunnels: string[];
  /** The Proxy-Authorization of each CONNECT (undefined when none came). */
  authorizations: (string | undefined)[];
  /** The URL of every plain request it forwarded. */
  forwarded: string[];
  /** "METHOD path" of each request seen inside a tunnel to a plain-http host (readable there, unlike TLS). */
  tunnelledRequests: string[];
  close(): Promise<void>;
}

/** `tls`: the proxy itself is spoken to over TLS, with this certificate (an https:// proxy URL). */
export async function startConnectProxy(tls?: { cert: string; key: string }): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const forwarded: string[] = [];
  const tunnelledRequests: string[] = [];
  const sockets = new Set<net.Socket>();
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    forwarded.push(req.url ?? '');
    const upstream = http.request(req.url ?? '', { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = tls ? https.createServer(tls, onRequest) : http.createServer(onRequest);
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = /^(.+):(\d+)$/.exec(req.url ?? '');
    if (!target) return void client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    tunnels.push(req.url!);
    authorizations.push(req.headers['proxy-authorization']);
    const upstream = net.connect(Number(target[2]), target[1].replace(/^\[(.*)\]$/, '$1'), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      client.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString('latin1').matchAll(/^(GET|POST|DELETE|PATCH|PUT) (\S+) HTTP\/1\.1\r$/gm))
          tunnelledRequests.push(`${line[1]} ${line[2]}`);
      });
      client.pipe(upstream).pipe(client);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    authorizations,
    forwarded,
    tunnelledRequests,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

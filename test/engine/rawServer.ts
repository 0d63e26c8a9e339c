/** Test servers for the media transport: each byte of every answer chosen by the test, over plain TCP or TLS. */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import type { BodySink } from '../../src/download/storage/fileWriter';
import type { MediaResponse } from '../../src/download/transport/mediaTransport';

// A self-signed certificate for 127.0.0.1, made for these tests only (openssl, 100 years).
const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
export const cert = fs.readFileSync(path.join(fixtures, 'tls-test-cert.pem'), 'utf8');
export const key = fs.readFileSync(path.join(fixtures, 'tls-test-key.pem'), 'utf8');

export type Answer = (request: string, socket: net.Socket, index: number) => void;

/** A server that answers each request on a connection with `answer` (raw bytes: the tests choose every one). */
export async function rawServer(
  answer: Answer,
  secure = false,
): Promise<{ origin: string; connections: () => number; closed: () => number; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let closed = 0;
  const onSocket = (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => (sockets.delete(socket), closed++));
    let pending = '';
    socket.on('data', (d) => {
      pending += d.toString('latin1');
      for (let end; (end = pending.indexOf('\r\n\r\n')) >= 0;) {
        const request = pending.slice(0, end);
        pending = pending.slice(end + 4);
        requests.push(request);
        answer(request, socket, requests.length - 1);
      }
    });
    socket.on('error', () => undefined);
  };
  const server = secure ? tls.createServer({ cert, key }, onSocket) : net.createServer(onSocket);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `${secure ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    /** Connections closed (by either side). */
    closed: () => closed,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        sockets.forEach((s) => s.destroy()); // kept-alive connections would hold close() up
      }),
  };
}

/** Collects the body; `slow` makes it ask the sender to wait for a while after every write. */
export function collector(slowMs = 0): BodySink & { bytes: () => Buffer } {
  const parts: Buffer[] = [];
  return {
    write: (b, s, e) => (parts.push(Buffer.from(b.subarray(s, e))), slowMs === 0),
    drained: () => new Promise((r) => setTimeout(r, slowMs)),
    bytes: () => Buffer.concat(parts),
  };
}

export async function read(response: MediaResponse, sink = collector()): Promise<string> {
  await response.readBody(sink);
  return sink.bytes().toString('latin1');
}

export const ok = (body: string, extra = '') =>
  `HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;

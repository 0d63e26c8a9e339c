/**
 * GET for media over plain sockets (TLS for https), reading each connection into one fixed buffer (the socket's
 * `onread` option) and handing the body's bytes straight to the file writer: no per-chunk allocation anywhere, so a
 * large import keeps a flat memory profile, and the CPU that node:http spends copying each chunk is saved.
 * HTTP/1.1 only, keep-alive connections per origin; framing and header rules are in http1.ts.
 * It does not go through a proxy: the CLI uses it unless one is configured, VS Code uses MediaHttp (see import.ts).
 */
import type * as tls from 'node:tls';
import { Connection, StaleConnectionError } from './mediaConnection';
import { DEFAULT_MEDIA_TIMEOUTS, type MediaGet, type MediaTimeouts, type MediaTransport } from './mediaHttp';

export class DirectMedia implements MediaTransport {
  private readonly idle = new Map<string, Connection[]>();

  /** `trust`: extra certificate authorities (tests use their own; Google's certificates need none). */
  constructor(private readonly timeouts: MediaTimeouts = DEFAULT_MEDIA_TIMEOUTS, private readonly trust: Pick<tls.ConnectionOptions, 'ca'> = {}) {}

  readonly get: MediaGet = async (url, headers, signal) => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`unsupported protocol ${target.protocol}`);
    for (const [name, value] of Object.entries(headers)) {
      if (/[\r\n\0]/.test(name + value)) throw new Error(`the header "${name}" holds a line break`);
    }
    // A kept-alive connection the server has closed meanwhile fails before any answer: once more on a new one.
    for (let attempt = 0; ; attempt++) {
      const reused = attempt === 0 ? this.takeIdle(target.origin) : undefined;
      const connection = reused ?? new Connection(target, this.trust, (c) => this.release(c));
      try {
        return await connection.request(target, headers, this.timeouts, signal);
      } catch (err) {
        if (!(reused && err instanceof StaleConnectionError)) throw err;
      }
    }
  };

  close(): void {
    for (const list of this.idle.values()) list.forEach((c) => c.destroy());
    this.idle.clear();
  }

  private takeIdle(origin: string): Connection | undefined {
    const list = this.idle.get(origin);
    let connection: Connection | undefined;
    while ((connection = list?.pop()) && connection.isClosed);
    return connection;
  }

  private release(connection: Connection): void {
    const list = this.idle.get(connection.origin) ?? [];
    list.push(connection);
    this.idle.set(connection.origin, list);
  }
}


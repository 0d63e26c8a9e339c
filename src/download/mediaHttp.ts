/**
 * The media transports' shared shape, and GET over node:http(s) with keep-alive agents. In VS Code this is the
 * transport: the extension host's http and https modules carry VS Code's proxy settings and system certificates.
 * DirectMedia (directMedia.ts) is the faster, flat-memory one the CLI uses when no proxy is configured.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { finished } from 'node:stream/promises';
import type { BodySink } from './storage/fileWriter';

export interface MediaResponse {
  status: number;
  statusText: string;
  header(name: string): string | undefined;
  /** Every byte of the body into the sink, in order; rejects when it is cut short, stalls, or is cancelled. */
  readBody(sink: BodySink): Promise<void>;
  /** The body is not wanted (an error page, a redirect): dropped, with its connection. */
  discard(): void;
}

export type MediaGet = (url: string, headers: Record<string, string>, signal?: AbortSignal) => Promise<MediaResponse>;

export interface MediaTransport {
  readonly get: MediaGet;
  /** Ends idle keep-alive connections, so that a CLI run can exit. */
  close(): void;
}

export interface MediaTimeouts {
  /** From sending the request to the response's headers (connecting included). */
  headersMs: number;
  /** Longest silence while the body streams: a stalled host is given up on (and the download retried). */
  idleMs: number;
}

export const DEFAULT_MEDIA_TIMEOUTS: MediaTimeouts = { headersMs: 30_000, idleMs: 30_000 };

export class MediaHttp implements MediaTransport {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };

  constructor(private readonly timeouts: MediaTimeouts = DEFAULT_MEDIA_TIMEOUTS) {}

  readonly get: MediaGet = (url, headers, signal) => new Promise((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return reject(new Error(`unsupported protocol ${target.protocol}`));
    const { headersMs, idleMs } = this.timeouts;
    const request = (target.protocol === 'https:' ? https : http).request(target, { method: 'GET', headers, agent: this.agents[target.protocol], signal }, (res) => {
      clearTimeout(noAnswer);
      // Socket inactivity: a body that stops arriving ends in an error the downloader retries, not a hang.
      request.setTimeout(idleMs, () => res.destroy(Object.assign(new Error(`no data from ${target.host} for ${idleMs / 1000} s`), { code: 'ETIMEDOUT' })));
      resolve({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        header: (name) => {
          const value = res.headers[name.toLowerCase()];
          return Array.isArray(value) ? value[0] : value;
        },
        readBody: (sink) => {
          res.on('data', (chunk: Buffer) => {
            try {
              if (sink.write(chunk, 0, chunk.length)) return;
              res.pause();
              void sink.drained().then(() => res.resume());
            } catch (err) {
              res.destroy(err as Error);
            }
          });
          return finished(res); // a body cut short rejects (premature close), like a destroyed one
        },
        // Not read to its end (a video over the size limit would still be downloaded whole): the connection goes
        // with it. A body already read whole is left alone, and its connection goes back to the agent.
        discard: () => res.destroy(),
      });
    });
    const noAnswer = setTimeout(() => request.destroy(Object.assign(new Error(`no answer from ${target.host} within ${headersMs / 1000} s`), { code: 'ETIMEDOUT' })), headersMs);
    request.on('error', (err) => {
      clearTimeout(noAnswer);
      reject(err);
    });
    request.end();
  });

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}

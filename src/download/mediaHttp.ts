/**
 * GET for media bytes over node:http(s) with keep-alive agents. Cheaper than fetch for large bodies: the body is a
 * plain Node stream (no web-stream adapters and no read-ahead queue), so CPU and memory per download stay small.
 * One MediaHttp per import; `close()` ends its idle connections so a CLI run can exit.
 */
import * as http from 'node:http';
import * as https from 'node:https';

export interface MediaResponse {
  status: number;
  statusText: string;
  header(name: string): string | undefined;
  body: NodeJS.ReadableStream & { resume(): unknown; destroy(error?: Error): unknown };
}

export type MediaGet = (url: string, headers: Record<string, string>, signal?: AbortSignal) => Promise<MediaResponse>;

export interface MediaTimeouts {
  /** From sending the request to the response's headers (connecting included). */
  headersMs: number;
  /** Longest silence while the body streams: a stalled host is given up on (and the download retried). */
  idleMs: number;
}

export const DEFAULT_MEDIA_TIMEOUTS: MediaTimeouts = { headersMs: 30_000, idleMs: 30_000 };

export class MediaHttp {
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
        body: res,
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

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
  body: NodeJS.ReadableStream & { resume(): unknown; destroy(): unknown };
}

export type MediaGet = (url: string, headers: Record<string, string>, signal?: AbortSignal) => Promise<MediaResponse>;

export class MediaHttp {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };

  readonly get: MediaGet = (url, headers, signal) => new Promise((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return reject(new Error(`unsupported protocol ${target.protocol}`));
    const request = (target.protocol === 'https:' ? https : http).request(target, { method: 'GET', headers, agent: this.agents[target.protocol], signal }, (res) => {
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
    request.on('error', reject);
    request.end();
  });

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StaticTokenSource } from '../../src/auth/tokenSource';
import { type DownloadOptions, downloadToFile } from '../../src/download/downloader';
import type { MediaTransport } from '../../src/download/transport/mediaTransport';
import { UndiciMedia } from '../../src/download/transport/undiciMedia';
import { NameReservations } from '../../src/workflow/naming';
import { listDir, tempDir } from './helpers';

/** One answer the server began: how many body bytes it handed to the socket, and whether the client closed it. */
interface Answer {
  path: string;
  sent: number;
  closed: Promise<void>;
}

const BODY_BYTES = 1024 ** 3; // announced; sent 64 KB at a time, slowly, so that reading it whole would take minutes
const SMALL_JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);

/**
 * A media host whose refused answers (a file over the limit, an HTML page, a 403, a redirect) each come with a
 * large, slow body: a client that drops the body closes the connection early; one that reads it keeps it open.
 */
async function slowBodyServer(): Promise<{ origin: string; answers: Answer[]; close: () => Promise<void> }> {
  const answers: Answer[] = [];
  const heads: Record<string, [number, Record<string, string>]> = {
    '/too-large': [200, { 'Content-Type': 'video/mp4' }],
    '/page': [200, { 'Content-Type': 'text/html; charset=utf-8' }],
    '/forbidden': [403, { 'Content-Type': 'text/html; charset=utf-8' }],
    '/moved': [302, { 'Content-Type': 'text/html; charset=utf-8', Location: '/small' }],
  };
  const server = http.createServer((req, res) => {
    const path = req.url ?? '';
    if (path === '/small')
      return void res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': SMALL_JPEG.length }).end(SMALL_JPEG);
    const [status, headers] = heads[path] ?? [404, {}];
    const answer: Answer = { path, sent: 0, closed: new Promise((resolve) => res.socket?.once('close', () => resolve())) };
    answers.push(answer);
    res.writeHead(status, { ...headers, 'Content-Length': BODY_BYTES });
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const more = () => {
      if (res.destroyed || answer.sent >= BODY_BYTES) return;
      answer.sent += chunk.length;
      if (res.write(chunk)) setTimeout(more, 5);
      else res.once('drain', more);
    };
    more();
  });
  server.on('clientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Resolves when `closed` does, or rejects after `ms` (a bound on the wait, not a speed requirement). */
function within<T>(closed: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: still open after ${ms / 1000} s`)), ms)),
  );
  return Promise.race([closed, late]).finally(() => clearTimeout(timer));
}

describe('a refused body is dropped with its connection, not read', () => {
  let server: Awaited<ReturnType<typeof slowBodyServer>>;
  let media: MediaTransport;
  let dest: string;
  let options: DownloadOptions;
  beforeEach(async () => {
    server = await slowBodyServer();
    media = new UndiciMedia();
    dest = tempDir();
    options = {
      destDir: dest,
      tokens: new StaticTokenSource('t'),
      trustedTestOrigins: [server.origin],
      names: new NameReservations(),
      get: media.get,
      maxRetries: 0,
      maxFileBytes: 1000,
    };
  });
  afterEach(async () => {
    media.close();
    await server.close();
    fs.rmSync(dest, { recursive: true, force: true });
  });

  const download = (path: string) => downloadToFile({ kind: 'download', url: `${server.origin}${path}`, fileName: 'x.jpg' }, options);

  for (const [path, refusal] of [
    ['/too-large', /larger than the 1000 bytes limit/],
    ['/page', /with text\/html, not an image/],
    ['/forbidden', /answered 403/],
  ] as const) {
    it(`${path}: refused, and the host sees the connection closed long before the body's end`, async () => {
      await assert.rejects(download(path), refusal);
      const [answer] = server.answers;
      await within(answer.closed, 5000, `the connection of ${path}`);
      assert.ok(answer.sent < BODY_BYTES, `${answer.sent} of ${BODY_BYTES} bytes were sent`);
      assert.deepEqual(listDir(dest), []);
    });
  }

  it('a redirect: its body is dropped with its connection, and the file comes from where it points', async () => {
    const file = await download('/moved');
    assert.deepEqual(fs.readFileSync(file.path), SMALL_JPEG);
    const [answer] = server.answers;
    await within(answer.closed, 5000, "the redirect's connection");
    assert.ok(answer.sent < BODY_BYTES);
  });
});

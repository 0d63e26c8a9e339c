import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DownloadError } from '../../src/download/downloadErrors';
import { type DownloadOptions, downloadToFile } from '../../src/download/downloader';
import type { MediaGet } from '../../src/download/transport/mediaTransport';
import { CancelledError } from '../../src/util/abort';
import { listDir, tempDir } from './helpers';
import { downloadOptions, jpeg, MEDIA, scripted } from './scriptedMedia';

describe('the downloader at its edges: sizes, statuses, cancels (downloader.ts with a scripted transport)', () => {
  let dest: string;
  const plan = { kind: 'download' as const, url: MEDIA, fileName: 'IMG_1.jpg', mimeType: 'image/jpeg' };
  const options = (get: MediaGet, more: Partial<DownloadOptions> = {}) => downloadOptions(dest, get, more);
  const failure = (get: MediaGet, more: Partial<DownloadOptions> = {}) =>
    downloadToFile(plan, options(get, more)).then(
      () => assert.fail('the download went through'),
      (err: unknown) => err as DownloadError,
    );
  beforeEach(() => (dest = tempDir()));
  afterEach(() => fs.rmSync(dest, { recursive: true, force: true }));

  it('refuses a body its Content-Length says is over the limit without reading it, and is not retried', async () => {
    const host = scripted(jpeg('123456'));
    const err = await failure(host.get, { maxFileBytes: 5 });
    assert.match(err.message, /^"IMG_1\.jpg" is larger than the 5 bytes limit for one file; nothing was saved$/);
    assert.deepEqual([host.asked.length, host.reads, host.discards], [1, 0, 1]);
    assert.deepEqual(listDir(dest), []);
  });

  it('takes a body of exactly the limit, with or without its length', async () => {
    assert.equal((await downloadToFile(plan, options(scripted(jpeg('12345')).get, { maxFileBytes: 5 }))).bytes, 5);
    const unsized = scripted({ headers: { 'Content-Type': 'image/jpeg' }, body: 'abcde' });
    assert.equal((await downloadToFile({ ...plan, fileName: 'b.jpg' }, options(unsized.get, { maxFileBytes: 5 }))).bytes, 5);
  });

  it('calls a body shorter than its Content-Length cut short, tries again, and saves nothing', async () => {
    const host = scripted({ headers: { 'Content-Type': 'image/jpeg', 'Content-Length': '10' }, body: 'short' });
    const err = await failure(host.get, { maxRetries: 1 });
    assert.equal(err.message, 'the download of "IMG_1.jpg" was cut short (5 of 10 bytes)');
    assert.equal(err.retryable, true);
    assert.equal(host.asked.length, 2);
    assert.deepEqual(listDir(dest), []);
  });

  it('is cancelled, not failed, when the transport fails after the cancel', async () => {
    const controller = new AbortController();
    const failing: MediaGet = async () => {
      controller.abort();
      // One that would not be tried again (a proxy's refusal): only the cancel can make it a cancel.
      throw Object.assign(new Error('the proxy answered 407'), { proxyStatus: 407 });
    };
    assert.ok((await failure(failing, { signal: controller.signal })) instanceof CancelledError);
  });

  it("retries a proxy's own trouble (500 and up), not its refusals", async () => {
    for (const [proxyStatus, retryable] of [
      [500, true],
      [502, true],
      [407, false],
      [403, false],
    ] as const) {
      let asked = 0;
      const refusing: MediaGet = async () => {
        asked++;
        throw Object.assign(new Error(`the proxy answered ${proxyStatus}`), { proxyStatus });
      };
      const err = await failure(refusing, { maxRetries: 1 });
      assert.deepEqual([err.retryable, asked], [retryable, retryable ? 2 : 1], `proxy ${proxyStatus}`);
    }
  });

  it('follows a Location only on a 3xx: a 300 without one, or a 400 with one, is an answer that failed', async () => {
    for (const [status, headers] of [
      [300, {}],
      [399, {}],
      [400, { Location: 'https://lh4.googleusercontent.com/elsewhere' }],
    ] as const) {
      const host = scripted({ status, statusText: '', headers }, jpeg('photo'));
      const err = await failure(host.get);
      assert.equal(err.message, `lh3.googleusercontent.com answered ${status}`);
      assert.equal(host.asked.length, 1, `${status}: asked once, nothing followed`);
    }
    const moved = scripted({ status: 300, headers: { Location: 'https://lh4.googleusercontent.com/other' } }, jpeg('photo'));
    assert.equal((await downloadToFile(plan, options(moved.get))).bytes, 5);
    assert.equal(moved.asked[1].url, 'https://lh4.googleusercontent.com/other');
    assert.deepEqual(fs.readdirSync(dest), ['IMG_1.jpg']);
    assert.equal(fs.readFileSync(path.join(dest, 'IMG_1.jpg'), 'utf8'), 'photo');
  });
});

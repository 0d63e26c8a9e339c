import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ImportEvent, type ImportOptions, importPhotos } from '../../src/import';
import type { GoogleEmulator } from '../../emulator/server';
import { bulkItemIds, clientFor, FAST_RETRY, listDir, pickWhenAsked, startEmulator, tempDir } from './helpers';

// Google answers 429 when a quota is reached (counted per project: every user of one OAuth client together) and asks
// for a wait of 30 s or more. The old code tried again after 5 ms, 10 ms, 20 ms (1, 2 and 4 s outside tests) with
// every other download still going.
describe('importPhotos: the media host answers 429 (quota)', () => {
  let emulator: GoogleEmulator;
  let dest: string;
  beforeEach(async () => {
    dest = tempDir();
    emulator = await startEmulator({ bulkItems: 40 });
    pickWhenAsked(emulator, bulkItemIds(emulator));
  });
  afterEach(async () => {
    await emulator?.close();
    fs.rmSync(dest, { recursive: true, force: true });
  });

  function optionsFor(extra: Partial<ImportOptions> = {}): ImportOptions {
    const { tokens } = clientFor(emulator);
    return {
      endpoints: emulator.endpoints,
      tokens,
      retry: FAST_RETRY,
      destDir: path.join(dest, 'assets'),
      downloadRetryBaseDelayMs: 5,
      ...extra,
    };
  }
  const media = () => emulator.requests.filter((r) => r.path.startsWith('/media/'));

  /** The first 429's answer time, and the media requests that started in a window after it. */
  function startedAfterFirst429(fromMs: number, toMs: number) {
    const first = Math.min(
      ...media()
        .filter((r) => r.status === 429)
        .map((r) => r.at),
    );
    return media().filter((r) => r.startedAt > first + fromMs && r.startedAt < first + toMs);
  }

  it('waits as long as Retry-After says before any new request, with half as many at once after it, and imports everything', async () => {
    // Every answer takes 200 ms, so the whole first wave is in flight when the 429s come back.
    emulator.injectFault({ path: '/media/', status: 429, errorStatus: 'RESOURCE_EXHAUSTED', retryAfter: '1', delayMs: 200, times: 3 });
    emulator.injectFault({ path: '/media/', delayMs: 200, times: 1000 });
    const events: ImportEvent[] = [];
    const summary = await importPhotos(optionsFor({ concurrency: 16, onEvent: (e) => events.push(e) }));
    assert.deepEqual(summary.failed, []);
    const told = events.filter((e) => e.type === 'rate-limited');
    const first429 = Math.min(
      ...media()
        .filter((r) => r.status === 429)
        .map((r) => r.at),
    );
    assert.equal(told.length, 1, 'one burst, told once');
    // At least the second asked for; the upper bound leaves room for a busy machine's event loop, far below the 30 s
    // wait used when Google names none.
    assert.ok(told[0].until >= first429 + 1000 && told[0].until < first429 + 2000, `until ${told[0].until - first429} ms after the 429`);
    assert.equal(summary.imported.length, 40);
    assert.equal(listDir(summary.dest).length, 40);
    assert.deepEqual(
      startedAfterFirst429(50, 950).map((r) => r.path),
      [],
      'nothing was asked for during the wait',
    );
    // The first burst after the wait, however late the loop let it start (each answer takes 200 ms, so the next
    // requests come later than 150 ms).
    const after = media()
      .map((r) => r.startedAt)
      .filter((at) => at >= told[0].until - 50);
    const resumed = after.filter((at) => at < Math.min(...after) + 150);
    assert.ok(resumed.length >= 1 && resumed.length <= 8, `${resumed.length} requests started at once after the wait (16 before it)`);
  });

  it('waits the quota delay when no Retry-After is given', async () => {
    emulator.injectFault({ path: '/media/', status: 429, errorStatus: 'RESOURCE_EXHAUSTED', delayMs: 200, times: 1 });
    emulator.injectFault({ path: '/media/', delayMs: 200, times: 1000 });
    const summary = await importPhotos(optionsFor({ retry: { ...FAST_RETRY, quotaDelayMs: 400 } }));
    assert.equal(summary.imported.length, 40);
    assert.deepEqual(
      startedAfterFirst429(50, 350).map((r) => r.path),
      [],
    );
  });

  it('a quota that stays used up fails each item with a clear message after as many tries as other errors get', async () => {
    emulator.injectFault({ path: '/media/', status: 429, errorStatus: 'RESOURCE_EXHAUSTED', times: 1_000_000 });
    const summary = await importPhotos(optionsFor({ concurrency: 4 }));
    assert.equal(summary.imported.length, 0);
    assert.equal(summary.failed.length, 40);
    assert.ok(
      summary.failed.every((f) => /429 Too Many Requests: Google's download quota is used up for now/.test(f.error)),
      summary.failed[0].error,
    );
    assert.equal(media().length, 40 * 4, 'each item tried four times (three retries)');
    assert.deepEqual(listDir(path.join(dest, 'assets')), [], 'no partial file');
  });
});

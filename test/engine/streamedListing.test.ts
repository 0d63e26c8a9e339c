import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ImportEvent, ImportCancelledError, type ImportOptions, importPhotos, partialSummaryOf } from '../../src/import';
import { PickerApiError } from '../../src/picker/errors';
import type { GoogleEmulator } from '../../emulator/server';
import { bulkItemIds, clientFor, FAST_RETRY, listDir, pickWhenAsked, startEmulator, tempDir } from './helpers';

// A pick of 2000 is 20 listing pages; with Google's API taking ~150 ms a page, listing them all before the first
// download kept the user waiting seconds after Done. Downloads now start with the first page.
describe('importPhotos: downloads start while the pick is still being listed', () => {
  let emulator: GoogleEmulator;
  let dest: string;
  beforeEach(async () => {
    dest = tempDir();
    emulator = await startEmulator({ bulkItems: 250 });
    pickWhenAsked(emulator, bulkItemIds(emulator));
  });
  afterEach(async () => {
    await emulator?.close();
    fs.rmSync(dest, { recursive: true, force: true });
  });

  /** Options, and the moment (Date.now) of each event. */
  function optionsFor(extra: Partial<ImportOptions> = {}): ImportOptions & { events: { at: number; event: ImportEvent }[] } {
    const { tokens } = clientFor(emulator);
    const events: { at: number; event: ImportEvent }[] = [];
    return {
      endpoints: emulator.endpoints,
      tokens,
      retry: FAST_RETRY,
      destDir: path.join(dest, 'assets'),
      onEvent: (event) => events.push({ at: Date.now(), event }),
      events,
      ...extra,
    };
  }
  const listings = () => emulator.requests.filter((r) => r.path === '/v1/mediaItems');
  const firstFileAt = (events: { at: number; event: ImportEvent }[]) =>
    events.find(({ event }) => event.type === 'downloading' && event.fileName)!.at;

  it('has the first file on disk before the last page is listed, and the whole pick in pick order at the end', async () => {
    // Each page takes 1.5 s, so the third is asked for only ~3 s in; the cancel comes with the first file (~1.6 s,
    // with room for a loaded machine).
    emulator.injectFault({ path: '/v1/mediaItems', delayMs: 1500, times: 3 }); // each page takes 300 ms
    const options = optionsFor();
    const summary = await importPhotos(options);

    assert.equal(listings().length, 3);
    assert.ok(firstFileAt(options.events) < listings()[2].at, 'a file was whole while the third page was still being listed');
    assert.equal(summary.imported.length, 250);
    assert.deepEqual(
      summary.imported.map((i) => i.index),
      Array.from({ length: 250 }, (_, i) => i + 1),
    );
    assert.deepEqual(
      summary.imported.map((i) => i.id),
      bulkItemIds(emulator),
    );
    assert.equal(listDir(summary.dest).length, 250);

    const events = options.events.map((e) => e.event);
    assert.deepEqual(
      events.find((e) => e.type === 'picked'),
      { type: 'picked', count: 100, more: true },
    );
    const progress = events.filter((e) => e.type === 'downloading');
    assert.ok(
      progress.some((e) => e.more && e.fileName),
      'files counted while listing',
    );
    assert.deepEqual(
      progress.map((e) => e.total).filter((t, i, all) => t !== all[i - 1]),
      [100, 200, 250],
      'the total grows page by page',
    );
    const last = progress[progress.length - 1];
    assert.deepEqual([last.done, last.total, last.more], [250, 250, undefined]);
  });

  it("waits for the whole listing when names use ${index}, which is padded to the pick's size", async () => {
    emulator.injectFault({ path: '/v1/mediaItems', delayMs: 100, times: 3 });
    const options = optionsFor({ fileName: '${index}-${fileName}' });
    const summary = await importPhotos(options);
    assert.ok(firstFileAt(options.events) > listings()[2].at, 'no file before the last page');
    assert.deepEqual(
      summary.imported.slice(0, 2).map((i) => path.basename(i.path)),
      ['001-bulk-0001.jpg', '002-bulk-0002.jpg'],
    );
    assert.equal(path.basename(summary.imported[249].path), '250-bulk-0250.jpg');
    assert.deepEqual(
      options.events.map((e) => e.event).find((e) => e.type === 'picked'),
      { type: 'picked', count: 250 },
    );
  });

  it('a page that fails after the first stops the downloads, keeps whole files, says how many, and deletes the session', async () => {
    emulator.injectFault({ path: '/media/', delayMs: 150, times: 1000 }); // 16 at a time: about 40 files before the failure
    const options = optionsFor({
      onEvent: (event) => {
        // The second page is asked for after this: it fails, late enough for some of the first page to be on disk.
        if (event.type === 'picked')
          emulator.injectFault({ path: '/v1/mediaItems', delayMs: 400, status: 400, errorStatus: 'INVALID_ARGUMENT' });
      },
    });
    const failure = await importPhotos(options).then(
      () => undefined,
      (err: Error) => err,
    );
    assert.ok(failure, 'the import failed');
    assert.match(failure.message, /^mediaItems\.list failed: 400 INVALID_ARGUMENT/);
    const kept = /The (\d+) file\(s\) that had finished downloading were kept\./.exec(failure.message);
    assert.ok(kept, failure.message);
    const files = listDir(path.join(dest, 'assets'));
    assert.ok(
      files.every((f) => !f.endsWith('.gpi-part')),
      `no partial file: ${files}`,
    );
    assert.equal(files.length, Number(kept[1]));
    assert.ok(files.length > 0 && files.length < 100, `${files.length} files kept`);
    assert.ok(failure instanceof PickerApiError, 'the error keeps its kind');
    assert.deepEqual(
      partialSummaryOf(failure)
        ?.imported.map((i) => path.basename(i.path))
        .sort(),
      files,
      'and carries the summary of what is on disk',
    );
    const media = emulator.requests.filter((r) => r.path.startsWith('/media/'));
    assert.ok(media.length < 100, `the rest of the first page was not asked for: ${media.length} of 100 media requests`);
    assert.equal(emulator.liveSessions().length, 0, 'session deleted');
  });

  it('a cancel while later pages are listed stops both, keeps the whole files, and deletes the session', async () => {
    // Each page takes 1.5 s, so the third is asked for only ~3 s in; the cancel comes with the first file (~1.6 s,
    // with room for a loaded machine).
    emulator.injectFault({ path: '/v1/mediaItems', delayMs: 1500, times: 3 });
    emulator.injectFault({ path: '/media/', delayMs: 100, times: 1000 });
    const running = new AbortController();
    const options = optionsFor({
      signal: running.signal,
      onEvent: (event) => event.type === 'downloading' && event.fileName && running.abort(),
    });
    const failure = await importPhotos(options).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(failure instanceof ImportCancelledError, String(failure));
    const files = listDir(path.join(dest, 'assets'));
    assert.ok(
      files.every((f) => !f.endsWith('.gpi-part')),
      `no partial file: ${files}`,
    );
    assert.deepEqual(failure.summary.imported.map((i) => path.basename(i.path)).sort(), files);
    assert.ok(files.length >= 1 && files.length < 100, `${files.length} files kept`);
    assert.ok(listings().length < 3, `the listing stopped: ${listings().length} pages asked for`);
    assert.equal(emulator.liveSessions().length, 0, 'session deleted');
  });
});

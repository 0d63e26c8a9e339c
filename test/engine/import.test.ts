import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { type ImportEvent, ImportCancelledError, type ImportOptions, importPhotos, UntrustedLinkError } from '../../src/import';
import { PickerApiError } from '../../src/picker/errors';
import { PickerTimeoutError } from '../../src/picker/poll';
import type { GoogleEmulator } from '../../emulator/server';
import { bulkItemIds, clientFor, FAST_RETRY, listDir, startEmulator, tempDir, until } from './helpers';

describe('importPhotos: the whole lifecycle against the emulator', () => {
  let emulator: GoogleEmulator;
  let dest: string;
  afterEach(async () => {
    await emulator?.close();
    if (dest) fs.rmSync(dest, { recursive: true, force: true });
  });

  function optionsFor(extra: Partial<ImportOptions> = {}): ImportOptions & { events: ImportEvent[] } {
    const { tokens } = clientFor(emulator);
    const events: ImportEvent[] = [];
    return {
      endpoints: emulator.endpoints,
      tokens,
      retry: FAST_RETRY,
      destDir: path.join(dest, 'assets'),
      downloadRetryBaseDelayMs: 5,
      onEvent: (e) => events.push(e),
      events,
      ...extra,
    };
  }

  /** Acts as the user: once the session exists, tick these items and press Done. */
  function userPicks(selection: { itemIds?: string[]; count?: number }, afterMs = 150): void {
    void emulator.waitForSession().then((s) => setTimeout(() => emulator.pick(s.id, selection), afterMs));
  }

  beforeEach(() => {
    dest = tempDir();
  });

  it('imports exactly the picked items, then deletes the session', async () => {
    emulator = await startEmulator();
    const picked = ['item-0001', 'item-0003', 'item-0012'];
    userPicks({ itemIds: picked });
    const options = optionsFor();
    const summary = await importPhotos(options);

    assert.deepEqual(
      summary.imported.map((i) => i.id),
      picked,
    );
    assert.deepEqual(summary.skipped, []);
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(listDir(summary.dest), ['IMG_0001.JPG', 'Straße am Meer Ω.jpeg', 'sunset.png'].sort());
    for (const item of summary.imported) {
      assert.equal(fs.statSync(item.path).size, item.bytes);
      assert.equal(path.dirname(item.path), summary.dest);
    }
    assert.equal(jpeg.decode(fs.readFileSync(path.join(summary.dest, 'IMG_0001.JPG'))).width, 640);
    assert.equal(summary.imported[1].mimeType, 'image/png');
    assert.deepEqual(
      summary.imported.map((i) => [i.type, i.width, i.height]),
      [
        ['PHOTO', 640, 480],
        ['PHOTO', 320, 240],
        ['PHOTO', 320, 240],
      ],
      "kind, and size from the files' headers, for the links",
    );

    const session = emulator.sessions.get(summary.sessionId)!;
    assert.equal(session.deleted, true, 'session deleted');
    const types = options.events.map((e) => e.type);
    assert.equal(types[0], 'session-created');
    assert.ok(types.includes('waiting'));
    assert.deepEqual(types.slice(-2), ['downloading', 'session-deleted']);
    assert.deepEqual(
      options.events.find((e) => e.type === 'picked'),
      { type: 'picked', count: 3 },
    );
    const last = options.events.filter((e) => e.type === 'downloading').pop();
    assert.deepEqual([last && 'done' in last && last.done, last && 'total' in last && last.total], [3, 3]);

    // The delete came after the last byte was on disk.
    const deleteAt = emulator.requests.find((r) => r.method === 'DELETE')!.at;
    const lastMedia = Math.max(...emulator.requests.filter((r) => r.path.startsWith('/media/')).map((r) => r.at));
    assert.ok(deleteAt >= lastMedia);
  });

  it('imports the whole sample library: colliding, hostile and unnamed items, a ready video, a skipped one', async () => {
    emulator = await startEmulator();
    userPicks({ itemIds: emulator.library.map((i) => i.id) });
    const summary = await importPhotos(optionsFor());
    assert.equal(summary.failed.length, 0, JSON.stringify(summary.failed));
    assert.deepEqual(
      summary.skipped.map((s) => s.id),
      ['item-0006'],
    );
    assert.equal(summary.imported.length, emulator.library.length - 1);
    const names = listDir(summary.dest);
    assert.ok(names.includes('IMG_0001.JPG') && names.includes('IMG_0001-1.JPG'), 'same name from two phones: both kept');
    assert.ok(names.includes('_CON.jpg') && names.includes('_.._etc_passwd.jpg') && names.includes('clip.mp4'));
    assert.ok(
      names.every((n) => !n.startsWith('.') && !n.includes('/')),
      'no hidden or partial files',
    );
    assert.ok(!fs.existsSync(path.join(dest, 'etc')), 'nothing written outside the destination');
    assert.equal(emulator.liveSessions().length, 0);
  });

  it('passes maxItemCount to the session', async () => {
    emulator = await startEmulator();
    userPicks({ count: 5 });
    const summary = await importPhotos(optionsFor({ maxItemCount: 2 }));
    assert.equal(summary.imported.length, 2, 'the picker let the user pick only 2');
    assert.equal(emulator.sessions.get(summary.sessionId)!.maxItemCount, 2);
  });

  it('imports 250 items (three pages) with at most `concurrency` downloads in flight', async () => {
    emulator = await startEmulator({ bulkItems: 250 });
    userPicks({ itemIds: bulkItemIds(emulator) });
    const summary = await importPhotos(optionsFor({ concurrency: 3 }));
    assert.equal(summary.imported.length, 250);
    assert.equal(listDir(summary.dest).length, 250);
    // Counted where the bytes are served: the most media requests the emulator was answering at one moment.
    const media = emulator.requests.filter((r) => r.path.startsWith('/media/'));
    const peak = Math.max(...media.map((r) => media.filter((o) => o.startedAt <= r.startedAt && o.at >= r.startedAt).length));
    assert.ok(peak <= 3 && peak >= 2, `peak ${peak} downloads at once`);
  });

  it('lists again for fresh baseUrls when the old ones are about to expire', async () => {
    emulator = await startEmulator();
    userPicks({ count: 4 });
    let clock = Date.now();
    const summary = await importPhotos(
      optionsFor({
        concurrency: 1,
        urlLifetimeMs: 1000,
        now: () => (clock += 400), // every look at the clock moves it on, so URLs age during the downloads
      }),
    );
    assert.equal(summary.imported.length, 4);
    assert.ok(emulator.requests.filter((r) => r.path === '/v1/mediaItems').length >= 2, 'listed again');
    // The emulator hands out new baseUrls with each listing (/media/SESSION/LISTING/ITEM): later downloads must use them.
    const listingsUsed = emulator.requests.filter((r) => r.path.startsWith('/media/')).map((r) => Number(r.path.split('/')[3]));
    assert.ok(Math.max(...listingsUsed) > 0, `downloads used the fresh baseUrls, not only the first listing's: ${listingsUsed}`);
  });

  // The old code dropped these without a word ("0 picked", exit 0).
  it('reports every listed entry: one without a file is skipped, a malformed one failed', async () => {
    emulator = await startEmulator();
    userPicks({ count: 1 });
    emulator.injectFault({ path: '/v1/mediaItems', body: { mediaItems: [null, { id: 'no-file' }, { mediaFile: { baseUrl: 'x' } }] } });
    const options = optionsFor();
    const summary = await importPhotos(options);
    assert.deepEqual(summary.imported, []);
    assert.deepEqual(summary.skipped, [{ id: 'no-file', reason: 'Google gave no file to download for this item' }]);
    assert.deepEqual(
      summary.failed.map((f) => f.error),
      ['Google listed a malformed entry (no item id)', 'Google listed a malformed entry (no item id)'],
    );
    assert.deepEqual(
      options.events.find((e) => e.type === 'picked'),
      { type: 'picked', count: 3 },
    );
  });

  // The old code created the session, let the user pick, and then failed with a raw "EEXIST ... mkdir".
  it('checks the destination before any session exists: a file, or a folder that is not writable', async () => {
    emulator = await startEmulator();
    const file = path.join(dest, 'assets');
    fs.writeFileSync(file, 'not a folder');
    userPicks({ count: 1 });
    await assert.rejects(importPhotos(optionsFor()), /assets: it \(or a folder above it\) is a file, not a folder/);
    const readOnly = path.join(dest, 'ro');
    fs.mkdirSync(readOnly, 0o500);
    if (process.getuid?.() !== 0) await assert.rejects(importPhotos(optionsFor({ destDir: readOnly })), /not writable/); // root writes anywhere
    assert.equal(emulator.sessions.size, 0, 'no session was created');
  });

  it('reports failed items and still imports the rest', async () => {
    emulator = await startEmulator();
    userPicks({ itemIds: ['item-0001', 'item-0003'] });
    emulator.injectFault({ path: '/media/', status: 500, times: 4 });
    const summary = await importPhotos(optionsFor({ concurrency: 1 }));
    assert.equal(summary.imported.length, 1);
    assert.equal(summary.failed.length, 1);
    assert.match(summary.failed[0].error, /answered 500/);
    assert.equal(emulator.liveSessions().length, 0, 'session deleted');
  });

  describe('deletes the session and leaves no partial file in every ending', () => {
    it('timeout (timeoutIn runs out)', async () => {
      emulator = await startEmulator({ pickingTimeoutMs: 300 });
      await assert.rejects(importPhotos(optionsFor()), PickerTimeoutError);
      assert.equal(emulator.liveSessions().length, 0);
      assert.deepEqual(listDir(path.join(dest, 'assets')), []);
    });

    it('cancelled while waiting for the selection', async () => {
      emulator = await startEmulator();
      const controller = new AbortController();
      void emulator.waitForSession().then(() => setTimeout(() => controller.abort(), 150));
      const err = await importPhotos(optionsFor({ signal: controller.signal })).catch((e) => e);
      assert.ok(err instanceof ImportCancelledError, String(err));
      assert.match(err.message, /nothing was written/);
      assert.equal(emulator.liveSessions().length, 0);
      assert.equal(fs.existsSync(path.join(dest, 'assets')), false);
    });

    it('cancelled while listing', async () => {
      emulator = await startEmulator();
      userPicks({ count: 2 }, 0);
      emulator.injectFault({ path: '/v1/mediaItems', delayMs: 1500 });
      const controller = new AbortController();
      void until(() => emulator.requests.some((r) => r.path.startsWith('/v1/sessions/') && r.method === 'GET'), 5000).then(() =>
        setTimeout(() => controller.abort(), 300),
      );
      await assert.rejects(importPhotos(optionsFor({ signal: controller.signal })), ImportCancelledError);
      assert.equal(emulator.liveSessions().length, 0);
      assert.equal(fs.existsSync(path.join(dest, 'assets')), false);
    });

    it('cancelled mid-download: finished files stay whole, partial ones are removed', async () => {
      emulator = await startEmulator();
      userPicks({ itemIds: ['item-0003', 'item-0004'] }, 0);
      emulator.injectFault({ path: '/media/', bytesPerSecond: 20_000, times: 5 });
      const controller = new AbortController();
      const options = optionsFor({ signal: controller.signal, concurrency: 2 });
      const started = until(() => emulator.requests.length > 0 && options.events.some((e) => e.type === 'downloading'), 10_000);
      void started.then(() => setTimeout(() => controller.abort(), 200));
      const err = await importPhotos(options).catch((e) => e);
      assert.ok(err instanceof ImportCancelledError, String(err));
      assert.equal(emulator.liveSessions().length, 0);
      const left = listDir(path.join(dest, 'assets'));
      assert.ok(
        left.every((n) => !n.endsWith('.gpi-part')),
        `no partial file: ${left}`,
      );
      assert.equal(left.length, err.summary.imported.length);
    });

    it('the session expires (403 on poll)', async () => {
      emulator = await startEmulator();
      void emulator
        .waitForSession()
        .then(() => emulator.injectFault({ path: '/v1/sessions/', method: 'GET', status: 403, errorStatus: 'PERMISSION_DENIED' }));
      await assert.rejects(importPhotos(optionsFor()), PickerTimeoutError);
      assert.equal(emulator.liveSessions().length, 0);
    });

    for (const [status, name] of [
      [404, 'NOT_FOUND'],
      [400, 'INVALID_ARGUMENT'],
      [500, 'INTERNAL'],
    ] as const) {
      it(`sessions.get answers ${status} ${name}`, async () => {
        emulator = await startEmulator();
        void emulator
          .waitForSession()
          .then(() => emulator.injectFault({ path: '/v1/sessions/', method: 'GET', status, errorStatus: name, times: 10 }));
        await assert.rejects(importPhotos(optionsFor()), (e: PickerApiError) => e instanceof PickerApiError && e.status === name);
        const session = [...emulator.sessions.values()][0];
        assert.equal(session.deleted, true);
      });
    }

    it('mediaItems.list fails', async () => {
      emulator = await startEmulator();
      userPicks({ count: 1 }, 0);
      emulator.injectFault({ path: '/v1/mediaItems', status: 400, errorStatus: 'FAILED_PRECONDITION' });
      await assert.rejects(importPhotos(optionsFor()), (e: PickerApiError) => e.status === 'FAILED_PRECONDITION');
      assert.equal(emulator.liveSessions().length, 0);
    });

    it('a session already gone at delete time counts as deleted', async () => {
      emulator = await startEmulator();
      userPicks({ count: 1 }, 0);
      const options = optionsFor();
      emulator.injectFault({ path: '/v1/sessions/', method: 'DELETE', status: 404, errorStatus: 'NOT_FOUND' });
      const summary = await importPhotos(options);
      assert.equal(summary.imported.length, 1);
      assert.ok(options.events.some((e) => e.type === 'session-deleted'));
    });
  });

  it("never announces a picker link that is not Google's, and deletes that session", async () => {
    emulator = await startEmulator();
    emulator.injectFault({
      method: 'POST',
      path: '/v1/sessions',
      body: { id: 'evil-session', pickerUri: 'https://phish.example/picker', mediaItemsSet: false },
    });
    const options = optionsFor();
    await assert.rejects(
      importPhotos(options),
      (e: Error) => e instanceof UntrustedLinkError && /https:\/\/phish\.example/.test(e.message) && !/picker$/.test(e.message),
    );
    assert.deepEqual(
      options.events.filter((e) => e.type === 'session-created'),
      [],
      'the link never reached a face',
    );
    assert.ok(
      emulator.requests.some((r) => r.method === 'DELETE' && r.path === '/v1/sessions/evil-session'),
      'delete was attempted',
    );
  });

  it('says what to do when sessions.create is refused: the API not enabled, the permission not granted, too many sessions', async () => {
    emulator = await startEmulator({ maxOpenSessionsPerUser: 0 });
    emulator.injectFault({ path: '/v1/sessions', method: 'POST', status: 403, errorStatus: 'PERMISSION_DENIED' });
    await assert.rejects(
      importPhotos(optionsFor()),
      (e: Error) =>
        /^sessions\.create failed: 403 PERMISSION_DENIED .*Either the Photos Picker API is not enabled .* or this sign-in does not allow access to Google Photos \(sign in again and tick the Google Photos permission/.test(
          e.message,
        ) && !/expired/.test(e.message),
    );
    emulator.injectFault({
      path: '/v1/sessions',
      method: 'POST',
      status: 403,
      errorStatus: 'PERMISSION_DENIED',
      errorReason: 'SERVICE_DISABLED',
    });
    await assert.rejects(
      importPhotos(optionsFor()),
      /The Photos Picker API is not enabled for your OAuth client's project: enable the "Photos Picker API"/,
    );
    emulator.injectFault({
      path: '/v1/sessions',
      method: 'POST',
      status: 403,
      errorStatus: 'PERMISSION_DENIED',
      errorReason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
    });
    await assert.rejects(
      importPhotos(optionsFor()),
      /This sign-in does not allow access to Google Photos: sign in again and tick the Google Photos permission/,
    );
    await assert.rejects(
      importPhotos(optionsFor()),
      /429 RESOURCE_EXHAUSTED .*Too many picker sessions are open for this Google account\. Close Google Photos picker pages you no longer use and try again in an hour/,
    );
    assert.equal(emulator.sessions.size, 0);
  });

  it('creates nothing when sessions.create is refused (no Google Photos account)', async () => {
    emulator = await startEmulator();
    emulator.injectFault({ path: '/v1/sessions', method: 'POST', status: 400, errorStatus: 'FAILED_PRECONDITION' });
    await assert.rejects(importPhotos(optionsFor()), /no Google Photos library/);
    assert.equal(emulator.sessions.size, 0);
    assert.equal(emulator.requests.filter((r) => r.method === 'DELETE').length, 0, 'nothing to delete');
  });
});

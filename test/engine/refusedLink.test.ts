import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { type ImportOptions, importPhotos } from '../../src/import';
import type { GoogleEmulator } from '../../emulator/server';
import { clientFor, emulatorAndFolderPerTest, FAST_RETRY, pickWhenAsked } from './helpers';

/** A 403 from the media host before the baseUrl's hour is up: listed again once for a fresh link, then a clear reason. */
describe('importPhotos: the media host refuses a link (403) early (emulator)', () => {
  let emulator: GoogleEmulator;
  let dest: string;
  emulatorAndFolderPerTest({}, (e, folder) => {
    emulator = e;
    dest = folder;
  });

  const run = (itemIds: string[], extra: Partial<ImportOptions> = {}) => {
    pickWhenAsked(emulator, itemIds);
    return importPhotos({
      endpoints: emulator.endpoints,
      tokens: clientFor(emulator).tokens,
      retry: FAST_RETRY,
      destDir: path.join(dest, 'assets'),
      downloadRetryBaseDelayMs: 5,
      concurrency: 1,
      ...extra,
    });
  };
  const listings = () => emulator.requests.filter((r) => r.path === '/v1/mediaItems').length;
  /** The listing each media request's URL came from (/media/SESSION/LISTING/ITEM). */
  const mediaListings = () => emulator.requests.filter((r) => r.path.startsWith('/media/')).map((r) => Number(r.path.split('/')[3]));

  it('lists again once and downloads the item with the fresh link', async () => {
    emulator.injectFault({ path: '/media/', status: 403, errorStatus: 'PERMISSION_DENIED' });
    const summary = await run(['item-0003']);
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(
      summary.imported.map((i) => path.basename(i.path)),
      ['sunset.png'],
    );
    assert.equal(listings(), 2, 'one listing again');
    assert.deepEqual(mediaListings(), [0, 1], "the second try used the new listing's link");
  });

  it('a refusal that persists fails the item with a clear reason after exactly one listing again; the next item is not listed again for', async () => {
    emulator.injectFault({ path: '/media/', status: 403, errorStatus: 'PERMISSION_DENIED', times: 3 });
    const summary = await run(['item-0003', 'item-0001', 'item-0012']);
    const reason = (name: string) =>
      `Google refused the download of "${name}" (403) even with a fresh link: access to this item may have been revoked; check that you can still open it in Google Photos, then import it again (files already here are reused)`;
    assert.deepEqual(summary.failed, [
      { id: 'item-0003', error: reason('sunset.png') },
      { id: 'item-0001', error: reason('IMG_0001.JPG') },
    ]);
    assert.deepEqual(
      summary.imported.map((i) => i.id),
      ['item-0012'],
      'the rest still lands',
    );
    assert.equal(listings(), 2, 'listed again once, for the first refusal only');
    assert.deepEqual(mediaListings(), [0, 1, 1, 1]);
  });

  it('an item that a listing again no longer has fails saying so', async () => {
    emulator.injectFault({ path: '/media/', status: 403, errorStatus: 'PERMISSION_DENIED' });
    const summary = await run(['item-0003'], {
      // The first page is listed by now: the listing again (and only it) finds the item gone.
      onEvent: (e) => e.type === 'picked' && emulator.injectFault({ path: '/v1/mediaItems', body: { mediaItems: [] } }),
    });
    assert.deepEqual(
      summary.failed.map((f) => f.error),
      [
        'Google refused the download of "sunset.png" (403) and no longer lists it in this selection: access to this item may have been revoked; check that you can still open it in Google Photos, then import it again (files already here are reused)',
      ],
    );
    assert.equal(listings(), 2);
  });

  it('a 404 is not a reason to list again: the item fails as it did', async () => {
    emulator.injectFault({ path: '/media/', status: 404, errorStatus: 'NOT_FOUND' });
    const summary = await run(['item-0003', 'item-0001']);
    assert.equal(summary.imported.length, 1);
    assert.match(summary.failed[0].error, /answered 404/);
    assert.equal(listings(), 1);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StaticTokenSource } from '../../src/auth/tokenSource';
import { type BatchOptions, downloadPicked } from '../../src/download/batch';
import { DestinationFolders } from '../../src/download/storage/destinationFolder';
import { FileHasher } from '../../src/download/storage/fileHasher';
import type { MediaGet } from '../../src/download/transport/mediaTransport';
import type { ImportEvent } from '../../src/importReport';
import type { ListedPage } from '../../src/picker/list';
import type { PickedMediaItem } from '../../src/picker/types';
import { isAbortError } from '../../src/util/abort';
import { DEFAULT_FILE_NAME } from '../../src/workflow/placement';
import { listDir, tempDir } from './helpers';
import { jpeg, scripted } from './scriptedMedia';

const photo = (n: number): PickedMediaItem => ({
  id: `item-${n}`,
  type: 'PHOTO',
  mediaFile: { baseUrl: `https://lh3.googleusercontent.com/p/${n}`, mimeType: 'image/jpeg', filename: `IMG_${n}.jpg` },
});

async function* pagesOf(...pages: PickedMediaItem[][]): AsyncIterable<ListedPage> {
  for (const [i, items] of pages.entries()) yield { items, unusable: [], more: i < pages.length - 1 };
}

describe('downloading a pick page by page (batch.ts, with a scripted media host)', () => {
  let dir: string;
  let events: ImportEvent[];
  const hasher = new FileHasher();
  after(() => hasher.close());
  beforeEach(() => {
    dir = tempDir();
    events = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function options(get: MediaGet, more: Partial<BatchOptions> = {}): Promise<BatchOptions> {
    const folders = new DestinationFolders(dir);
    await folders.prepare();
    return {
      folders,
      fileName: DEFAULT_FILE_NAME,
      nameValues: {},
      size: { kind: 'original' },
      skipDuplicates: false,
      concurrency: 2,
      tokens: new StaticTokenSource('token'),
      trustedTestOrigins: [],
      get,
      hasher,
      baseUrlFor: async (item) => item.mediaFile.baseUrl,
      retryBaseDelayMs: 1,
      emit: (event) => events.push(event),
      ...more,
    };
  }

  it('says what was picked once, from the first page, and counts the downloads as pages arrive', async () => {
    const { result, stoppedBy } = await downloadPicked(
      pagesOf([photo(1), photo(2)], [photo(3)]),
      await options(scripted(jpeg('bytes')).get),
    );
    assert.equal(stoppedBy, undefined);
    assert.deepEqual(
      result.imported.map((i) => i.filename),
      ['IMG_1.jpg', 'IMG_2.jpg', 'IMG_3.jpg'],
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'picked'),
      [{ type: 'picked', count: 2, more: true }],
    );
    const downloading = events.filter((e) => e.type === 'downloading');
    assert.deepEqual(downloading[0], { type: 'downloading', done: 0, total: 2, more: true }, 'the first page listed: no file yet');
    const last = downloading.at(-1)!;
    assert.deepEqual([last.type === 'downloading' && last.done, 'more' in last], [3, false], 'the last: all done, nothing more to list');
  });

  it("keeps Google's name for each item beside the name it was saved under, and the saved one when Google gives none", async () => {
    const heic: PickedMediaItem = { ...photo(5), mediaFile: { ...photo(5).mediaFile, mimeType: 'image/heic', filename: 'IMG_5.HEIC' } };
    const unnamed: PickedMediaItem = { ...photo(6), mediaFile: { ...photo(6).mediaFile, filename: undefined } };
    const { result } = await downloadPicked(pagesOf([heic, unnamed]), await options(scripted(jpeg('bytes')).get));
    assert.deepEqual(
      result.imported.map((i) => [i.filename, path.basename(i.path), i.mimeType]),
      [
        ['IMG_5.HEIC', 'IMG_5.jpg', 'image/jpeg'],
        [path.basename(result.imported[1].path), path.basename(result.imported[1].path), 'image/jpeg'],
      ],
    );
  });

  it('downloads nothing when cancelled before it starts, and says it was stopped by the cancel', async () => {
    const host = scripted(jpeg('bytes'));
    const controller = new AbortController();
    controller.abort();
    const { result, stoppedBy } = await downloadPicked(pagesOf([photo(1)]), await options(host.get, { signal: controller.signal }));
    assert.ok(isAbortError(stoppedBy?.error), String(stoppedBy?.error));
    assert.deepEqual([host.asked.length, result.imported.length, result.failed.length], [0, 0, 0]);
    assert.deepEqual(listDir(dir), []);
  });

  it('a download that fails because of a cancel is not counted as a failed item', async () => {
    const controller = new AbortController();
    const failing: MediaGet = async () => {
      controller.abort();
      throw Object.assign(new Error('the proxy answered 407'), { proxyStatus: 407 });
    };
    const { result, stoppedBy } = await downloadPicked(
      pagesOf([photo(1)]),
      await options(failing, { signal: controller.signal, concurrency: 1 }),
    );
    assert.ok(stoppedBy, 'stopped');
    assert.deepEqual(result.failed, []);
  });
});

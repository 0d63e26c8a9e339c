import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImportedItem } from '../../src/importReport';
import type { PickedMediaItem } from '../../src/picker/types';
import { type FetchImage, fetchExtras } from '../../src/download/variants';
import { png } from '../fixtures/imageHeaders';
import { tempDir } from './helpers';

const BASE = 'https://lh3.googleusercontent.com/p/abc';
const photo: PickedMediaItem = { id: 'p1', type: 'PHOTO', mediaFile: { baseUrl: BASE, mimeType: 'image/jpeg' } };

describe("a photo's smaller copies for srcset (variants.ts's fetchExtras, with a scripted fetch)", () => {
  let dir: string;
  let asked: string[];
  let warnings: string[];
  const main = (width?: number): ImportedItem => ({
    id: 'p1',
    filename: 'IMG_1.jpg',
    path: path.join(dir, 'IMG_1.jpg'),
    bytes: 1,
    mimeType: 'image/jpeg',
    type: 'PHOTO',
    width,
    index: 1,
  });
  /** Writes each copy asked for as a PNG `widthOf(asked)` wide (undefined: bytes with no readable header). */
  const fetchAs =
    (widthOf: (asked: number) => number | undefined, failAt?: number): FetchImage =>
    async (sizeKey, plan) => {
      asked.push(`${sizeKey} ${plan.url} ${plan.fileName}`);
      const width = Number(/=w(\d+)$/.exec(plan.url)?.[1]);
      if (width === failAt) throw new Error('answered 500');
      const file = path.join(dir, plan.fileName);
      const shown = widthOf(width);
      fs.writeFileSync(file, shown === undefined ? 'not an image' : png(shown, 10));
      return { path: file };
    };
  const extras = (widths: number[], ownWidth: number | undefined, fetch: FetchImage) =>
    fetchExtras(photo, main(ownWidth), { widths, posters: false }, { kind: 'original' }, fetch, (m) => warnings.push(m));
  beforeEach(() => {
    dir = tempDir();
    asked = [];
    warnings = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('asks for none and adds nothing when no widths are set', async () => {
    assert.deepEqual(
      await extras(
        [],
        4000,
        fetchAs((w) => w),
      ),
      {},
    );
    assert.deepEqual(asked, []);
  });

  it("asks only for widths below the photo's own, and lists them narrowest first by the width that arrived", async () => {
    const result = await extras(
      [1024, 4000, 480, 5000],
      4000,
      fetchAs((w) => (w === 1024 ? 1000 : w)),
    );
    assert.deepEqual(asked, [`w1024 ${BASE}=w1024 IMG_1-1024w.jpg`, `w480 ${BASE}=w480 IMG_1-480w.jpg`]);
    assert.deepEqual(result.variants, [
      { width: 480, path: path.join(dir, 'IMG_1-480w.jpg') },
      { width: 1000, path: path.join(dir, 'IMG_1-1024w.jpg') },
    ]);
  });

  it('takes the width asked for when the copy has no readable header', async () => {
    const result = await extras(
      [480],
      4000,
      fetchAs(() => undefined),
    );
    assert.deepEqual(result.variants, [{ width: 480, path: path.join(dir, 'IMG_1-480w.jpg') }]);
  });

  it('a copy that fails is left out with a warning that says how to get it; the others are kept', async () => {
    const result = await extras(
      [480, 1024],
      4000,
      fetchAs((w) => w, 480),
    );
    assert.deepEqual(result.variants, [{ width: 1024, path: path.join(dir, 'IMG_1-1024w.jpg') }]);
    assert.deepEqual(warnings, [
      'The 480 px wide copy of "IMG_1.jpg" could not be downloaded (answered 500); import again to fetch it (the files already there are reused).',
    ]);
  });
});

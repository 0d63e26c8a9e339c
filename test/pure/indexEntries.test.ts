import * as assert from 'node:assert/strict';
import { keyOf, parseIndex } from '../../src/download/storage/indexEntries';

const sha = 'a'.repeat(64);
const good = { id: 'item-1', size: 'original', file: 'IMG_1.jpg', bytes: 12, sha256: sha, importedAt: '2026-12-06T10:00:00Z' };
const index = (...items: unknown[]) => JSON.stringify({ version: 1, items });

describe("the index's entries read back from text (parseIndex)", () => {
  it('reads well-formed entries by item id and size, keeping the type they came as', () => {
    const entries = parseIndex(index(good, { ...good, size: '2048x2048', file: 'IMG_1-2048.jpg', mimeType: 'image/jpeg' }));
    assert.deepEqual(entries?.get(keyOf('item-1', 'original')), { ...good, mimeType: undefined });
    assert.equal(entries?.get(keyOf('item-1', '2048x2048'))?.mimeType, 'image/jpeg');
    assert.equal(entries?.size, 2);
  });

  const notAnIndex: [string, string][] = [
    ['text that is not JSON', 'not json'],
    ['null', 'null'],
    ['another version', JSON.stringify({ version: 2, items: [good] })],
    ['items that are not a list', JSON.stringify({ version: 1, items: { 0: good } })],
  ];
  const outOfShape: [string, unknown][] = [
    ['an entry that is null', null],
    ['an entry that is text', 'IMG_1.jpg'],
    ['a numeric id', { ...good, id: 5 }],
    ['an empty id', { ...good, id: '' }],
    ['a numeric size', { ...good, size: 2048 }],
    ['a numeric file name', { ...good, file: 7 }],
    ['an empty file name', { ...good, file: '' }],
    ['a file in a subfolder', { ...good, file: 'sub/IMG_1.jpg' }],
    ['a file above the folder', { ...good, file: '../IMG_1.jpg' }],
    ['a file named after a drive (a path on Windows)', { ...good, file: 'C:IMG_1.jpg' }],
    ['a file with a control character', { ...good, file: 'IMG\u0000_1.jpg' }],
    ['a file with a backslash', { ...good, file: 'sub\\IMG_1.jpg' }],
    ['a hidden file (the index itself, its lock)', { ...good, file: '.google-photos-import.json' }],
    ['no bytes', { ...good, bytes: 0 }],
    ['negative bytes', { ...good, bytes: -1 }],
    ['fractional bytes', { ...good, bytes: 1.5 }],
    ['bytes as text', { ...good, bytes: '12' }],
    ['a sha256 in capitals', { ...good, sha256: 'A'.repeat(64) }],
    ['a sha256 one digit short', { ...good, sha256: 'a'.repeat(63) }],
    ['a sha256 with text before it', { ...good, sha256: `x${sha}` }],
    ['a sha256 with text after it', { ...good, sha256: `${sha}x` }],
    ['no import time', { ...good, importedAt: undefined }],
    ['a numeric type', { ...good, mimeType: 5 }],
  ];
  for (const [what, text] of notAnIndex) it(`not an index: ${what}`, () => assert.equal(parseIndex(text), undefined));
  for (const [what, entry] of outOfShape) {
    it(`not an index when one entry has ${what}`, () => assert.equal(parseIndex(index(good, entry)), undefined));
  }
});

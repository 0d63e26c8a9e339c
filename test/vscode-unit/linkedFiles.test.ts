import * as assert from 'node:assert/strict';
import type { ImportedItem } from '../../src/import';
import { importedFileOf } from '../../src/vscode/importController';
import { toLinkedFiles } from '../../src/vscode/linkWriter';
import { factsOf } from '../../src/workflow/facts';

describe('an imported item on its way to the links: copies, still and facts kept', () => {
  const facts = factsOf({ cameraMake: 'Google', cameraModel: 'Pixel 8' });
  const photo: ImportedItem = {
    id: 'p', filename: 'a.jpg', path: '/w/assets/a.jpg', bytes: 9, mimeType: 'image/jpeg', type: 'PHOTO', width: 1600, height: 1200, index: 1, facts,
    variants: [{ width: 480, path: '/w/assets/a-480w.jpg' }, { width: 1024, path: '/w/assets/a-1024w.jpg' }],
  };
  const video: ImportedItem = { id: 'v', filename: 'clip.mp4', path: '/w/assets/clip.mp4', bytes: 9, mimeType: 'video/mp4', type: 'VIDEO', index: 2, poster: '/w/assets/clip.poster.jpg' };

  it('gives the links each copy\'s width and path, the video\'s still and the facts', () => {
    assert.deepEqual(toLinkedFiles([photo, video].map(importedFileOf)), [
      { fsPath: '/w/assets/a.jpg', kind: 'photo', width: 1600, height: 1200, facts, variants: [{ width: 480, fsPath: '/w/assets/a-480w.jpg' }, { width: 1024, fsPath: '/w/assets/a-1024w.jpg' }] },
      { fsPath: '/w/assets/clip.mp4', kind: 'video', width: undefined, height: undefined, posterPath: '/w/assets/clip.poster.jpg' },
    ]);
  });
});

import * as assert from 'node:assert/strict';
import { dimensionsOf, isVideoItem, planDownload } from '../../src/download/downloadPlan';
import type { MediaFileMetadata, PickedMediaItem } from '../../src/picker/types';

const BASE = 'https://lh3.googleusercontent.com/p/abc';
const item = (type: PickedMediaItem['type'], mimeType?: string, mediaFileMetadata?: unknown): PickedMediaItem => ({
  id: 'item-1',
  type,
  mediaFile: { baseUrl: BASE, mimeType, mediaFileMetadata: mediaFileMetadata as MediaFileMetadata | undefined },
});

describe("what to fetch for a picked item, and its kind and size, from Google's metadata (downloadPlan.ts)", () => {
  it('takes an item for a video by its type, or by a video/ media type in any case', () => {
    assert.equal(isVideoItem(item('VIDEO')), true);
    assert.equal(isVideoItem(item(undefined, 'video/mp4')), true);
    assert.equal(isVideoItem(item('PHOTO', 'VIDEO/QUICKTIME')), true);
    assert.equal(isVideoItem(item('PHOTO', 'image/jpeg')), false);
    assert.equal(isVideoItem(item(undefined, 'image/video')), false);
    assert.equal(isVideoItem(item(undefined)), false);
  });

  it("skips a video Google has not finished, saying its status, or 'unknown' when Google gives none", () => {
    const reason = (metadata: unknown) => {
      const plan = planDownload(item('VIDEO', 'video/mp4', metadata), 'clip.mp4');
      return plan.kind === 'skip' ? plan.reason : plan.url;
    };
    const unknown = 'video "clip.mp4" is not ready in Google Photos (processing status: unknown); try again later';
    assert.equal(reason(undefined), unknown);
    assert.equal(reason({ width: 640 }), unknown);
    assert.equal(reason({ videoMetadata: {} }), unknown);
    assert.equal(reason({ videoMetadata: { processingStatus: 'PROCESSING' } }), unknown.replace('unknown', 'PROCESSING'));
    assert.equal(reason({ videoMetadata: { processingStatus: 'READY' } }), `${BASE}=dv`);
  });

  it('asks for the original with =d, a fitted size with =wW-hH, and keeps the media type', () => {
    assert.deepEqual(planDownload(item('PHOTO', 'image/heic'), 'a.heic'), {
      kind: 'download',
      url: `${BASE}=d`,
      fileName: 'a.heic',
      mimeType: 'image/heic',
    });
    const fitted = planDownload(item('PHOTO', 'image/jpeg'), 'a.jpg', { kind: 'fit', width: 800, height: 600 });
    assert.equal(fitted.kind === 'download' && fitted.url, `${BASE}=w800-h600`);
  });

  it('keeps only whole, positive sizes from the metadata, and none without metadata', () => {
    const original = { kind: 'original' } as const;
    assert.deepEqual(dimensionsOf(item('PHOTO'), original), { type: 'PHOTO', width: undefined, height: undefined });
    assert.deepEqual(dimensionsOf(item('PHOTO', 'image/jpeg', { width: '640', height: 480 }), original), {
      type: 'PHOTO',
      width: 640,
      height: 480,
    });
    for (const bad of [0, -5, 2.5, 'wide', null])
      assert.deepEqual(dimensionsOf(item('PHOTO', 'image/jpeg', { width: bad, height: bad }), original), {
        type: 'PHOTO',
        width: undefined,
        height: undefined,
      });
  });

  it("fits a photo's size into the box asked for, by its tighter side, never enlarged; a video keeps its own", () => {
    const box = { kind: 'fit', width: 1000, height: 1000 } as const;
    const fit = (width: number, height: number, type: PickedMediaItem['type'] = 'PHOTO') =>
      dimensionsOf(item(type, undefined, { width, height }), box);
    assert.deepEqual(fit(4000, 3000), { type: 'PHOTO', width: 1000, height: 750 });
    assert.deepEqual(fit(3000, 4000), { type: 'PHOTO', width: 750, height: 1000 });
    assert.deepEqual(fit(500, 400), { type: 'PHOTO', width: 500, height: 400 });
    assert.deepEqual(fit(100000, 1), { type: 'PHOTO', width: 1000, height: 1 });
    assert.deepEqual(fit(4000, 3000, 'VIDEO'), { type: 'VIDEO', width: 4000, height: 3000 });
  });
});

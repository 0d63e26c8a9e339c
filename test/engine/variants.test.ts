import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { INDEX_FILE } from '../../src/download/storage/importIndex';
import { type ImportEvent, type ImportOptions, importPhotos, type ImportSummary } from '../../src/import';
import { parseImageSize } from '../../src/workflow/placement';
import type { GoogleEmulator } from '../../emulator/server';
import { clientFor, emulatorAndFolderPerTest, FAST_RETRY, listDir } from './helpers';

describe('page-ready extras: responsive widths and video posters (emulator)', () => {
  let emulator: GoogleEmulator;
  let dir: string;
  emulatorAndFolderPerTest({ largePhoto: true }, (e, folder) => {
    emulator = e;
    dir = folder;
  });
  const assets = () => path.join(dir, 'assets');

  /** The user ticks `itemIds` as soon as the session exists; `onSession` may inject faults for that session first. */
  function run(itemIds: string[], extra: Partial<ImportOptions> = {}, onSession?: (sessionId: string) => void): Promise<ImportSummary> {
    const onEvent = (e: ImportEvent) => {
      if (e.type !== 'session-created') return;
      onSession?.(e.sessionId);
      setTimeout(() => emulator.pick(e.sessionId, { itemIds }), 30);
    };
    return importPhotos({
      endpoints: emulator.endpoints,
      tokens: clientFor(emulator).tokens,
      retry: FAST_RETRY,
      destDir: assets(),
      downloadRetryBaseDelayMs: 5,
      downloadRetries: 1,
      onEvent,
      ...extra,
    });
  }
  const mediaPaths = () => emulator.requests.filter((r) => r.path.startsWith('/media/')).map((r) => r.path);
  const widthOf = (file: string) => jpeg.decode(fs.readFileSync(file)).width;
  const indexSizes = () =>
    (JSON.parse(fs.readFileSync(path.join(assets(), INDEX_FILE), 'utf8')) as { items: { id: string; size: string; file: string }[] }).items
      .map((i) => `${i.id} ${i.size} ${i.file}`)
      .sort();

  it('asks Google for each photo at each width below its own, written beside it as <stem>-<N>w.<ext>, narrowest first', async () => {
    // 640 wide, 1024 wide, and a 4032-wide HEIC whose copies come as JPEGs.
    const summary = await run(['item-0001', 'item-0004', 'item-0013'], { responsiveWidths: [1024, 480, 800] });
    const variants = summary.imported.map((i) => i.variants?.map((v) => [v.width, path.basename(v.path)]));
    assert.deepEqual(variants, [
      [[480, 'IMG_0001-480w.JPG']],
      [
        [480, 'harbour-panorama-480w.jpg'],
        [800, 'harbour-panorama-800w.jpg'],
      ],
      [
        [480, 'IMG_4032-480w.jpg'],
        [800, 'IMG_4032-800w.jpg'],
        [1024, 'IMG_4032-1024w.jpg'],
      ],
    ]);
    for (const item of summary.imported) {
      for (const v of item.variants ?? []) {
        assert.equal(path.dirname(v.path), path.dirname(item.path), 'beside the main file');
        assert.equal(widthOf(v.path), v.width, `${path.basename(v.path)} is that wide`);
      }
    }
    const asked = mediaPaths()
      .map((p) => `${p.split('/').pop()}`)
      .sort();
    assert.deepEqual(
      asked,
      [
        'item-0001=d',
        'item-0001=w480',
        'item-0004=d',
        'item-0004=w480',
        'item-0004=w800',
        'item-0013=d',
        'item-0013=w1024',
        'item-0013=w480',
        'item-0013=w800',
      ],
      "never a width at or above the photo's own (640 skips 800 and 1024; 1024 skips 1024)",
    );
    assert.ok(
      listDir(assets()).every((name) => !name.endsWith('.gpi-part')),
      'no partial file',
    );
    assert.ok(indexSizes().includes('item-0004 w800 harbour-panorama-800w.jpg'), 'the index records each width');
  });

  it('a re-import reuses the copies, and fetches again only a copy that is gone', async () => {
    const widths = { responsiveWidths: [200, 480] };
    const first = await run(['item-0001', 'item-0003'], widths);
    const before = mediaPaths().length;
    const again = await run(['item-0001', 'item-0003'], widths);
    assert.equal(mediaPaths().length, before, 'nothing downloaded the second time');
    assert.deepEqual(
      again.reused.map((i) => i.variants),
      first.imported.map((i) => i.variants),
      'the same copies, listed with the reused files',
    );

    fs.rmSync(path.join(assets(), 'sunset-200w.jpg'));
    const third = await run(['item-0001', 'item-0003'], widths);
    assert.deepEqual(
      mediaPaths()
        .slice(before)
        .map((p) => p.split('/').pop()),
      ['item-0003=w200'],
    );
    assert.equal(third.reused[1].variants?.[0].path, path.join(assets(), 'sunset-200w.jpg'));
    assert.ok(fs.existsSync(path.join(assets(), 'sunset-200w.jpg')));
  });

  it("never overwrites a file that has the copy's name: the copy is numbered", async () => {
    fs.mkdirSync(assets());
    fs.writeFileSync(path.join(assets(), 'IMG_0001-480w.JPG'), 'mine');
    const [photo] = (await run(['item-0001'], { responsiveWidths: [480] })).imported;
    assert.equal(fs.readFileSync(path.join(assets(), 'IMG_0001-480w.JPG'), 'utf8'), 'mine');
    assert.deepEqual(
      photo.variants?.map((v) => path.basename(v.path)),
      ['IMG_0001-480w-1.JPG'],
    );
  });

  it('a copy that cannot be had costs a warning, not the photo, and leaves no partial file', async () => {
    const summary = await run(['item-0004'], { responsiveWidths: [480, 800] }, (sessionId) => {
      emulator.injectFault({ path: `/media/${sessionId}/0/item-0004=w480`, status: 500, times: 10 });
    });
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(
      summary.imported[0].variants?.map((v) => v.width),
      [800],
    );
    assert.equal(summary.warnings.length, 1);
    assert.match(
      summary.warnings[0],
      /The 480 px wide copy of "harbour-panorama\.jpg" could not be downloaded \(.*500.*\); import again to fetch it/,
    );
    assert.deepEqual(listDir(assets()), ['harbour-panorama-800w.jpg', 'harbour-panorama.jpg']);
  });

  it('a video gets no copies; with posters, a still of it as <stem>.poster.jpg, at its own size, reused next time', async () => {
    const options = { responsiveWidths: [480], videoPosters: true };
    const summary = await run(['item-0005', 'item-0003'], options);
    const [video, photo] = summary.imported;
    assert.equal(video.variants, undefined);
    assert.equal(video.poster, path.join(assets(), 'clip.poster.jpg'));
    assert.deepEqual(jpeg.decode(fs.readFileSync(video.poster)).width, 1280);
    assert.equal(photo.poster, undefined, 'photos get no still');
    assert.ok(
      mediaPaths().some((p) => p.endsWith('item-0005=w1280-h720')),
      "a sized request on the video's baseUrl",
    );
    assert.ok(indexSizes().includes('item-0005 poster clip.poster.jpg'));

    const before = mediaPaths().length;
    const again = await run(['item-0005'], options);
    assert.equal(mediaPaths().length, before);
    assert.equal(again.reused[0].poster, video.poster);
  });

  it('a still that comes back as anything but an image is not saved, and says so', async () => {
    const summary = await run(['item-0005'], { videoPosters: true }, (sessionId) => {
      emulator.injectFault({ path: `/media/${sessionId}/0/item-0005=w`, contentType: 'video/mp4', times: 10 });
    });
    assert.equal(summary.imported[0].poster, undefined);
    assert.match(
      summary.warnings.join('\n'),
      /The still of "clip\.mp4" \(its poster\) could not be downloaded \(.*with video\/mp4, not an image; nothing was saved\)/,
    );
    assert.deepEqual(listDir(assets()), ['clip.mp4']);
  });

  it('without posters a video is only its file; within an image size the still fits that box', async () => {
    const plain = await run(['item-0005']);
    assert.equal(plain.imported[0].poster, undefined);
    assert.deepEqual(listDir(assets()), ['clip.mp4']);
    const boxed = await run(['item-0005'], { videoPosters: true, imageSize: parseImageSize('640x640'), destDir: path.join(dir, 'web') });
    assert.deepEqual(jpeg.decode(fs.readFileSync(boxed.imported[0].poster!)).width, 640);
  });

  it("a still at another image size is fetched anew, not the earlier size's reused", async () => {
    const full = await run(['item-0005'], { videoPosters: true });
    assert.equal(jpeg.decode(fs.readFileSync(full.imported[0].poster!)).width, 1280);
    const boxed = await run(['item-0005'], { videoPosters: true, imageSize: parseImageSize('640x640') });
    const poster = (boxed.reused[0] ?? boxed.imported[0]).poster!;
    assert.notEqual(poster, full.imported[0].poster);
    assert.equal(jpeg.decode(fs.readFileSync(poster)).width, 640);
    assert.equal(jpeg.decode(fs.readFileSync(full.imported[0].poster!)).width, 1280, 'the first still is left as it was');
    const before = mediaPaths().length;
    const again = await run(['item-0005'], { videoPosters: true, imageSize: parseImageSize('640x640') });
    assert.equal(mediaPaths().length, before, 'each still reused at its own size');
    assert.equal(again.reused[0].poster, poster);
  });

  it('refuses widths that are not whole pixel counts before any session exists', async () => {
    await assert.rejects(run([], { responsiveWidths: [480, -1] }), /responsive widths: .* is not a list of up to 8 widths/);
    assert.equal(emulator.sessions.size, 0);
  });
});

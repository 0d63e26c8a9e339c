import * as assert from 'node:assert/strict';
import { parseImageSize } from '../../src/workflow/placement';
import {
  parseResponsiveWidths,
  posterFileName,
  posterSuffix,
  variantFileName,
  variantSizeKey,
  variantSuffix,
  widthsBelow,
} from '../../src/workflow/responsive';
import { TemplateError } from '../../src/workflow/template';

describe('responsive widths and video posters (pure)', () => {
  it("reads widths from the CLI's text or the setting's array: without repeats, narrowest first", () => {
    assert.deepEqual(parseResponsiveWidths('480,1024', '--widths'), [480, 1024]);
    assert.deepEqual(parseResponsiveWidths(' 1024 , 480,480 ', '--widths'), [480, 1024]);
    assert.deepEqual(parseResponsiveWidths([1600, 320], 'setting'), [320, 1600]);
    assert.deepEqual(parseResponsiveWidths([480, '1024'], 'setting'), [480, 1024], 'a number written as text in settings.json');
    assert.deepEqual(parseResponsiveWidths(undefined, '--widths'), []);
    assert.deepEqual(parseResponsiveWidths('', '--widths'), []);
    assert.deepEqual(parseResponsiveWidths([], 'setting'), []);
    assert.deepEqual(parseResponsiveWidths([16383, 1], 'setting'), [1, 16383]);
  });

  it('refuses anything but up to 8 whole pixel counts from 1 to 16383, saying what is accepted', () => {
    const bad: (string | unknown[])[] = [
      '0',
      '-480',
      '480,',
      '480;1024',
      '1e3',
      '48.5',
      'wide',
      '16384',
      [0],
      [1.5],
      [null],
      '1,2,3,4,5,6,7,8,9',
    ];
    for (const value of bad) {
      assert.throws(
        () => parseResponsiveWidths(value, '--widths'),
        (err: Error) =>
          err instanceof TemplateError &&
          /^--widths: ".*" is not a list of up to 8 widths in pixels, each a whole number from 1 to 16383 \(such as 480,1024\)\.$/.test(
            err.message,
          ),
        JSON.stringify(value),
      );
    }
    assert.deepEqual(parseResponsiveWidths('1,2,3,4,5,6,7,8,8', '--widths').length, 8, 'a repeat does not count twice');
  });

  it("keeps only widths below the photo's own, and none when its width is unknown", () => {
    assert.deepEqual(widthsBelow([320, 640, 1024], 640), [320]);
    assert.deepEqual(widthsBelow([320, 640, 1024], 4032), [320, 640, 1024]);
    assert.deepEqual(widthsBelow([320], undefined), []);
  });

  it('names copies and stills beside the main file, and asks Google with =wN or a box', () => {
    assert.equal(variantFileName('IMG_0001.JPG', 480), 'IMG_0001-480w.JPG');
    assert.equal(variantFileName('IMG_0001-1.JPG', 480), 'IMG_0001-1-480w.JPG');
    assert.equal(variantFileName('v1.2 final', 480), 'v1.2 final-480w', "no extension: the downloader adds the answer's");
    assert.equal(posterFileName('clip.mp4'), 'clip.poster.jpg');
    assert.equal(posterFileName('clip-1.MOV'), 'clip-1.poster.jpg');
    assert.equal(variantSizeKey(480), 'w480');
    assert.equal(variantSuffix(480), '=w480');
    assert.equal(posterSuffix({ width: 1280, height: 720 }, { kind: 'original' }), '=w1280-h720', "the video's own size");
    assert.equal(posterSuffix({ width: 3840, height: 2160 }, parseImageSize('web')), '=w2048-h2048', 'fitted into the image size');
    assert.equal(posterSuffix(undefined, { kind: 'original' }), '=w1920-h1920');
    assert.equal(posterSuffix({ width: -5, height: 'x' as unknown as number }, { kind: 'original' }), '=w1920-h1920');
  });
});

import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { imageSizeOf } from '../../src/download/pixelSize/imageSize';
import { makeJpeg } from '../../emulator/sampleEncoders';
import {
  exifOrientation,
  frameHeader,
  gif,
  heif,
  jpegSegment,
  png,
  u16,
  webpExtended,
  webpLossless,
  webpLossy,
  withSegments,
} from '../fixtures/imageHeaders';

const jpeg = makeJpeg(40, 30, 3); // a real baseline JPEG (jpeg-js): SOI, APP0, DQT, SOF0, DHT, SOS ...
const SOI = Buffer.from([0xff, 0xd8]);

/** The frame header's marker changed to `marker` (the header is what is read, not the pixels). */
function withFrameMarker(bytes: Buffer, marker: number): Buffer {
  const copy = Buffer.from(bytes);
  const at = copy.indexOf(Buffer.from([0xff, 0xc0]));
  assert.ok(at > 0, 'a baseline frame header');
  copy[at + 1] = marker;
  return copy;
}

describe('image sizes from the first bytes of a file (imageSizeOf)', () => {
  const table: [string, Buffer, { width: number; height: number } | undefined][] = [
    ['a baseline JPEG', jpeg, { width: 40, height: 30 }],
    [
      'a JPEG with an Exif block (no orientation)',
      makeJpeg(40, 30, 3, { make: 'Google', model: 'Pixel 8', dateTime: '2026:06:01 09:30:00' }),
      { width: 40, height: 30 },
    ],
    ['a progressive JPEG (SOF2)', withFrameMarker(jpeg, 0xc2), { width: 40, height: 30 }],
    ['a lossless JPEG (SOF3)', withFrameMarker(jpeg, 0xc3), { width: 40, height: 30 }],
    ['an arithmetic-coded JPEG (SOF9)', withFrameMarker(jpeg, 0xc9), { width: 40, height: 30 }],
    ['a hierarchical JPEG (SOF15)', withFrameMarker(jpeg, 0xcf), { width: 40, height: 30 }],
    [
      'Exif orientation 6 (turned a quarter, little-endian): the sides swap',
      withSegments(jpeg, exifOrientation(6, 'II')),
      { width: 30, height: 40 },
    ],
    ['Exif orientation 8 (big-endian): the sides swap', withSegments(jpeg, exifOrientation(8, 'MM')), { width: 30, height: 40 }],
    ['Exif orientation 5 (mirrored and turned): the sides swap', withSegments(jpeg, exifOrientation(5, 'II')), { width: 30, height: 40 }],
    ['Exif orientation 7 (mirrored and turned): the sides swap', withSegments(jpeg, exifOrientation(7, 'MM')), { width: 30, height: 40 }],
    ['Exif orientation 3 (upside down): as it is', withSegments(jpeg, exifOrientation(3, 'MM')), { width: 40, height: 30 }],
    ['Exif orientation 2 (mirrored): as it is', withSegments(jpeg, exifOrientation(2, 'II')), { width: 40, height: 30 }],
    [
      'DHT, DAC and JPG segments (C4, CC, C8) before the frame header are not frame headers',
      Buffer.concat([
        SOI,
        jpegSegment(0xc4, Buffer.from([0x10, 0x12, 0x34, 0x56, 0x78])),
        jpegSegment(0xcc, Buffer.from([0x12, 0x34, 0x56, 0x78, 0x9a])),
        jpegSegment(0xc8, Buffer.from([8, 0x11, 0x11, 0x22, 0x22])),
        frameHeader(800, 600),
      ]),
      { width: 800, height: 600 },
    ],
    [
      'fill bytes and standalone markers (TEM, RST0) between segments',
      Buffer.concat([SOI, Buffer.from([0xff, 0xff, 0xff, 0x01, 0xff, 0xd0]), frameHeader(64, 48, 0xc1)]),
      { width: 64, height: 48 },
    ],
    ['image data (SOS) before any frame header', Buffer.concat([SOI, jpegSegment(0xda, Buffer.alloc(10)), frameHeader(10, 10)]), undefined],
    ['a frame header whose height is zero (given later, in a DNL)', Buffer.concat([SOI, frameHeader(10, 0)]), undefined],
    ['a JPEG cut before its frame header', jpeg.subarray(0, jpeg.indexOf(Buffer.from([0xff, 0xc0])) + 4), undefined],
    ['a PNG', png(320, 240), { width: 320, height: 240 }],
    ['a GIF89a', gif(500, 1), { width: 500, height: 1 }],
    ['a GIF87a', gif(2, 65535, '87a'), { width: 2, height: 65535 }],
    ['a lossy WebP (the scaling bits are not part of the size)', webpLossy(1024, 768), { width: 1024, height: 768 }],
    ['a lossless WebP', webpLossless(16383, 1), { width: 16383, height: 1 }],
    ['an extended WebP (the canvas)', webpExtended(20000, 3000), { width: 20000, height: 3000 }],
    ["a HEIC: the primary item's size, not the thumbnail listed first", heif(4032, 3024), { width: 4032, height: 3024 }],
    ['a HEIC turned a quarter (irot 1): the sides swap', heif(4032, 3024, { quarterTurns: 1 }), { width: 3024, height: 4032 }],
    ['a HEIC turned a half (irot 2): as it is', heif(4032, 3024, { quarterTurns: 2 }), { width: 4032, height: 3024 }],
    [
      'an AVIF with 16-bit property indexes and 32-bit item ids',
      heif(1920, 1080, { brand: 'avif', wideIndexes: true, ipmaVersion: 1, quarterTurns: 3 }),
      { width: 1080, height: 1920 },
    ],
    [
      "an ISO file without a meta box (an MP4, the emulator's HEIC stand-in)",
      Buffer.concat([u16(0), u16(24), Buffer.from('ftypheicmif1heic', 'latin1'), Buffer.alloc(4), Buffer.alloc(1000)]),
      undefined,
    ],
    ['text', Buffer.from('<html><body>Sign in</body></html>'), undefined],
    ['nothing', Buffer.alloc(0), undefined],
  ];
  for (const [what, bytes, expected] of table) {
    it(what, () => assert.deepEqual(imageSizeOf(bytes), expected));
  }

  it('a header cut anywhere gives the size or nothing, never a wrong size', () => {
    for (const [, bytes, expected] of table) {
      for (let end = 0; end <= Math.min(bytes.length, 700); end++) {
        const size = imageSizeOf(bytes.subarray(0, end));
        if (size !== undefined) assert.deepEqual(size, expected, `cut at ${end}`);
      }
    }
  });

  describe('for any bytes (property-based, fast-check)', () => {
    const valid = table.map(([, bytes]) => bytes).filter((b) => b.length > 0);
    const isSize = (size: unknown) =>
      size === undefined ||
      (typeof size === 'object' &&
        size !== null &&
        Object.values(size).length === 2 &&
        Object.values(size).every((n) => Number.isInteger(n) && n > 0));

    it('garbage never throws', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => isSize(imageSizeOf(bytes))),
        { numRuns: 2000 },
      );
    });

    it('a real header with bytes changed, or with garbage after its signature, never throws', () => {
      const changed = fc
        .tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }))
        .map(([bytes, edits]) => {
          const copy = Buffer.from(bytes);
          for (const [at, value] of edits) copy[at % copy.length] = value;
          return copy;
        });
      const signatureThenGarbage = fc
        .tuple(fc.constantFrom(...valid), fc.integer({ min: 2, max: 40 }), fc.uint8Array({ maxLength: 600 }))
        .map(([bytes, keep, rest]) => Buffer.concat([bytes.subarray(0, keep), rest]));
      fc.assert(
        fc.property(fc.oneof(changed, signatureThenGarbage), (bytes) => isSize(imageSizeOf(bytes))),
        { numRuns: 5000 },
      );
    });
  });
});

import * as assert from 'node:assert/strict';
import { imageSizeOf } from '../../src/download/pixelSize/imageSize';
import { ByteReader, Truncated } from '../../src/download/pixelSize/byteReader';
import { makeJpeg } from '../../emulator/sampleEncoders';
import {
  exifBlock,
  frameHeader,
  gif,
  heif,
  ifd,
  jpegSegment,
  png,
  u32,
  webpLossless,
  webpLossy,
  withSegments,
} from '../fixtures/imageHeaders';

const jpeg = makeJpeg(40, 30, 3); // 40 wide, 30 high
const SOI = Buffer.from([0xff, 0xd8]);
const TURNED = { width: 30, height: 40 };
const AS_IT_IS = { width: 40, height: 30 };

/** The JPEG segment `segment` without its last `n` bytes, its length field saying so. */
function cutShort(segment: Buffer, n: number): Buffer {
  const cut = Buffer.from(segment.subarray(0, segment.length - n));
  cut.writeUInt16BE(cut.length - 2, 2);
  return cut;
}

/** A copy of `bytes` with the byte at `at` set to `value`. */
function changed(bytes: Buffer, at: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = value;
  return copy;
}

// Headers that are nearly one of the formats, or hold a field a careless reader would take: never a size, or the
// right one. Each row is a mistake a reader could make.
describe('image sizes: near misses and edge cases (imageSizeOf)', () => {
  const table: [string, Buffer, { width: number; height: number } | undefined][] = [
    ['a GIF whose width is zero', gif(0, 10), undefined],
    ['a GIF whose signature is GIF88a', Buffer.concat([Buffer.from('GIF88a', 'latin1'), gif(5, 5).subarray(6)]), undefined],
    ['a PNG signature with its line-ending bytes wrong', changed(png(320, 240), 4, 0x0a), undefined],
    ['a PNG whose first chunk is not IHDR', Buffer.from(png(320, 240).toString('latin1').replace('IHDR', 'IDAT'), 'latin1'), undefined],
    [
      'a RIFF file that is not a WebP (WAVE)',
      Buffer.from(webpLossy(10, 10).toString('latin1').replace('WEBP', 'WAVE'), 'latin1'),
      undefined,
    ],
    ['a RIFX file that says WEBP', Buffer.from(webpLossy(10, 10).toString('latin1').replace('RIFF', 'RIFX'), 'latin1'), undefined],
    ['a lossy WebP with its start code wrong (first byte)', changed(webpLossy(10, 10), 23, 0x9e), undefined],
    ['a lossy WebP with its start code wrong (second byte)', changed(webpLossy(10, 10), 24, 0x02), undefined],
    ['a lossy WebP with its start code wrong (third byte)', changed(webpLossy(10, 10), 25, 0x2b), undefined],
    ['a lossless WebP without its 0x2f signature', changed(webpLossless(10, 10), 20, 0x2e), undefined],
    [
      'a WebP chunk of a kind it does not know (VP8Y)',
      Buffer.from(webpLossy(10, 10).toString('latin1').replace('VP8 ', 'VP8Y'), 'latin1'),
      undefined,
    ],
    ['a HEIC whose ftyp is misspelt', Buffer.from(heif(64, 48).toString('latin1').replace('ftyp', 'ftyq'), 'latin1'), undefined],
    // JPEG markers
    ['bytes that are not a marker between segments', Buffer.concat([SOI, changed(frameHeader(10, 10), 0, 0x12)]), undefined],
    [
      'a reserved marker (0xBF) with a length, before the frame header',
      Buffer.concat([SOI, jpegSegment(0xbf, Buffer.alloc(7)), frameHeader(8, 6)]),
      { width: 8, height: 6 },
    ],
    ['a second SOI (standalone, no length) before the frame header', Buffer.concat([SOI, SOI, frameHeader(8, 6)]), { width: 8, height: 6 }],
    [
      'the image ends (EOI) before any frame header, though bytes that could be a length follow it',
      Buffer.concat([SOI, Buffer.from([0xff, 0xd9, 0, 2]), frameHeader(8, 6)]),
      undefined,
    ],
    [
      'an empty segment (length 2) before the frame header',
      Buffer.concat([SOI, Buffer.from([0xff, 0xe0, 0, 2]), frameHeader(8, 6)]),
      { width: 8, height: 6 },
    ],
    ['a frame header whose length is 0', Buffer.concat([SOI, Buffer.from([0xff, 0xc0, 0, 0, 8, 0, 6, 0, 8, 3])]), undefined],
    ['a segment whose length is 1', Buffer.concat([SOI, Buffer.from([0xff, 0xe0, 0, 1]), frameHeader(8, 6)]), undefined],
    // Exif orientation
    ['orientation 9 (no such orientation): as it is', withSegments(jpeg, exifBlock({ orientation: 9 })), AS_IT_IS],
    [
      "an Exif block that ends with its orientation's two value bytes (the field's other two cut): read",
      withSegments(jpeg, cutShort(exifBlock({ orientation: 6, nextIfd: false }), 2)),
      TURNED,
    ],
    [
      'an Exif block that ends right after its orientation value: read',
      withSegments(jpeg, exifBlock({ orientation: 6, nextIfd: false })),
      TURNED,
    ],
    [
      'a TIFF block with a byte order other than II or MM: ignored',
      withSegments(jpeg, exifBlock({ orientation: 6, order: 'XX' })),
      AS_IT_IS,
    ],
    ["an orientation past the IFD's own count: not read", withSegments(jpeg, exifBlock({ orientation: 6, count: 1 })), AS_IT_IS],
    [
      'an orientation of type LONG (not SHORT): not read',
      withSegments(jpeg, exifBlock({ orientation: 6, orientationType: 4, order: 'II' })),
      AS_IT_IS,
    ],
    ['another SHORT tag whose value is 6 is not the orientation', withSegments(jpeg, exifBlock({ widthAsShort: 6 })), AS_IT_IS],
    ['Exif bytes in an APP2 segment: not Exif', withSegments(jpeg, exifBlock({ orientation: 6, marker: 0xe2 })), AS_IT_IS],
    [
      'an APP1 segment that is not Exif (XMP) though TIFF-like bytes follow',
      withSegments(jpeg, exifBlock({ orientation: 6, signature: 'XMP\0\0\0' })),
      AS_IT_IS,
    ],
    [
      'an IFD offset that points past the Exif block (into the next segment, which looks like an IFD): not read',
      // The TIFF header is the block's last 8 bytes; 12 from it is the next segment's payload, past its 4-byte head.
      withSegments(jpeg, exifBlock({ withoutIfd: true, ifdOffset: 12 }), jpegSegment(0xe2, ifd({ orientation: 6 }))),
      AS_IT_IS,
    ],
    // HEIC / AVIF boxes
    ['a HEIC whose meta box uses the 64-bit size form', heif(64, 48, { metaSize: 'largesize' }), { width: 64, height: 48 }],
    ['a HEIC whose meta box is over 4 GB (64-bit size): not read', heif(64, 48, { metaSize: 'huge' }), undefined],
    ['a HEIC whose meta box runs to the end of the file (size 0)', heif(64, 48, { metaSize: 'toEnd' }), { width: 64, height: 48 }],
    [
      'a HEIC with an empty box before pitm',
      heif(64, 48, { beforePitm: Buffer.concat([u32(8), Buffer.from('free', 'latin1')]) }),
      { width: 64, height: 48 },
    ],
    [
      'a HEIC with a box shorter than its own header (size 4) before pitm: not read, nor what follows it',
      heif(64, 48, { beforePitm: u32(4) }),
      undefined,
    ],
    ['a HEIC whose pitm is version 1 (a 32-bit item id)', heif(64, 48, { pitmVersion: 1 }), { width: 64, height: 48 }],
    ["a HEIC whose ipma counts only the thumbnail's entry: the primary's is not read", heif(64, 48, { ipmaCount: 1 }), undefined],
    [
      'a HEIC whose ipma counts more entries than it holds: the bytes after it are not read as one',
      heif(64, 48, { ipmaCount: 5, primaryOutsideIpma: true }),
      undefined,
    ],
  ];
  for (const [what, bytes, expected] of table) {
    it(what, () => assert.deepEqual(imageSizeOf(bytes), expected));
  }

  it('the byte reader refuses offsets before the start, fractional or unsafe, as it does past the end', () => {
    const reader = new ByteReader(Buffer.from([1, 2, 3, 4]));
    assert.equal(reader.u16be(2), 0x0304);
    for (const at of [-1, 0.5, Number.MAX_SAFE_INTEGER + 2, NaN, 3]) assert.throws(() => reader.u16be(at), Truncated, `at ${at}`);
  });
});

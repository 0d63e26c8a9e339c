/**
 * An image's width and height as a browser shows it, read from the first bytes of its file: JPEG (the frame header,
 * turned by its Exif orientation), PNG, GIF, WebP, and HEIC/AVIF (isoBmffSize.ts). Pure: bytes in, a size or
 * undefined out, never an exception, whatever the bytes.
 */
import { ByteReader, type PixelSize, Truncated } from './byteReader';
import { isoBmffSize } from './isoBmffSize';

export type { PixelSize } from './byteReader';

/** The size, or undefined when the bytes are not one of these formats or stop before the size. */
export function imageSizeOf(head: Uint8Array): PixelSize | undefined {
  const bytes = new ByteReader(head);
  try {
    const size = readSize(bytes);
    return size && size.width > 0 && size.height > 0 ? size : undefined;
  } catch (err) {
    if (err instanceof Truncated) return undefined;
    throw err;
  }
}

function readSize(bytes: ByteReader): PixelSize | undefined {
  if (bytes.u16be(0) === 0xffd8) return jpegSize(bytes);
  if (bytes.ascii(1, 3) === 'PNG' && bytes.u32be(4) === 0x0d0a1a0a && bytes.ascii(12, 4) === 'IHDR')
    return { width: bytes.u32be(16), height: bytes.u32be(20) };
  if (/^GIF8[79]a$/.test(bytes.ascii(0, 6))) return { width: bytes.u16le(6), height: bytes.u16le(8) };
  if (bytes.ascii(0, 4) === 'RIFF' && bytes.ascii(8, 4) === 'WEBP') return webpSize(bytes);
  if (bytes.ascii(4, 4) === 'ftyp') return isoBmffSize(bytes);
  return undefined;
}

/** Frame headers: SOF0 to SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isFrameHeader(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(bytes: ByteReader): PixelSize | undefined {
  let orientation = 1;
  for (let at = 2; ;) {
    if (bytes.u8(at) !== 0xff) return undefined;
    const marker = bytes.u8(at + 1);
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2; // markers without a length: TEM, RSTn, SOI
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // the image ends, or its data begins, before a frame header
    const length = bytes.u16be(at + 2);
    if (length < 2) return undefined; // not even its own length field: a frame header like it is not one
    if (marker === 0xe1 && bytes.ascii(at + 4, 6) === 'Exif\0\0')
      orientation = exifOrientation(bytes, at + 10, at + 2 + length) ?? orientation;
    if (isFrameHeader(marker)) {
      const height = bytes.u16be(at + 5);
      const width = bytes.u16be(at + 7);
      // Orientations 5 to 8 turn the picture a quarter: browsers show it with the sides swapped.
      return orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width, height };
    }
    at += 2 + length;
  }
}

/** The Orientation tag (0x0112) of the first IFD of the TIFF block at `tiff`, within `end`. */
function exifOrientation(bytes: ByteReader, tiff: number, end: number): number | undefined {
  const order = bytes.ascii(tiff, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const u16 = (at: number) => (at + 2 <= end ? (le ? bytes.u16le(at) : bytes.u16be(at)) : undefined);
  const u32 = (at: number) => (at + 4 <= end ? (le ? bytes.u32le(at) : bytes.u32be(at)) : undefined);
  const ifd = u32(tiff + 4);
  const count = ifd === undefined ? undefined : u16(tiff + ifd);
  if (ifd === undefined || count === undefined) return undefined;
  for (let i = 0; i < count; i++) {
    const entry = tiff + ifd + 2 + i * 12;
    const tag = u16(entry);
    if (tag === undefined) return undefined;
    if (tag === 0x0112 && u16(entry + 2) === 3) return u16(entry + 8);
  }
  return undefined;
}

/** VP8 (lossy), VP8L (lossless) or VP8X (extended: the canvas). */
function webpSize(bytes: ByteReader): PixelSize | undefined {
  const chunk = bytes.ascii(12, 4);
  if (chunk === 'VP8 ') {
    if (bytes.u8(23) !== 0x9d || bytes.u8(24) !== 0x01 || bytes.u8(25) !== 0x2a) return undefined;
    return { width: bytes.u16le(26) & 0x3fff, height: bytes.u16le(28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    if (bytes.u8(20) !== 0x2f) return undefined;
    const bits = bytes.u32le(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: bytes.u24le(24) + 1, height: bytes.u24le(27) + 1 };
  return undefined;
}

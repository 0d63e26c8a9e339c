/**
 * Sample media, made the same way at every start: real decodable JPEGs (with an Exif block) and PNGs, a video
 * entry, names that collide and names that are hostile. Nothing is read from disk or the network.
 */
import { deflateSync } from 'node:zlib';
import * as jpeg from 'jpeg-js';

export interface SampleItem {
  id: string;
  filename: string;
  mimeType: string;
  type: 'PHOTO' | 'VIDEO';
  width: number;
  height: number;
  createTime: string;
  cameraMake?: string;
  cameraModel?: string;
  /** As Google lists it in mediaFileMetadata.photoMetadata; absent for a screenshot or an image without Exif. */
  photoMetadata?: PhotoMetadata;
  processingStatus?: 'PROCESSING' | 'READY' | 'FAILED';
  /** The full-quality bytes (`=d`, or `=dv` for a video). */
  bytes(): Buffer;
}

export interface PhotoMetadata {
  focalLength: number;
  apertureFNumber: number;
  isoEquivalent: number;
  /** A Duration string, as Google's JSON gives it ("0.008s"). */
  exposureTime: string;
}

/** An RGB test pattern: a diagonal gradient in the item's hue with a bright disc, so each image looks different. */
function pattern(width: number, height: number, seed: number): Buffer {
  const rgba = Buffer.alloc(width * height * 4);
  const hue = (seed * 47) % 360;
  const [r0, g0, b0] = hslToRgb(hue, 0.6, 0.45);
  const cx = width * (0.3 + ((seed * 13) % 40) / 100);
  const cy = height * 0.45;
  const radius = Math.min(width, height) / 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      const inDisc = (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2;
      const i = (y * width + x) * 4;
      rgba[i] = inDisc ? 250 : Math.round(r0 * (0.5 + t));
      rgba[i + 1] = inDisc ? 220 : Math.round(g0 * (0.5 + t));
      rgba[i + 2] = inDisc ? 120 : Math.round(b0 * (0.5 + t));
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(255 * f(0)), Math.round(255 * f(8)), Math.round(255 * f(4))];
}

export function makeJpeg(width: number, height: number, seed: number, exif?: { make: string; model: string; dateTime: string }): Buffer {
  const encoded = jpeg.encode({ data: pattern(width, height, seed), width, height }, 85).data;
  if (!exif) return Buffer.from(encoded);
  // The Exif block goes right after SOI (FFD8), as cameras write it.
  return Buffer.concat([encoded.subarray(0, 2), exifSegment(exif), encoded.subarray(2)]);
}

/** APP1 "Exif" with a little-endian TIFF header and one IFD: Make, Model, DateTime. */
function exifSegment(exif: { make: string; model: string; dateTime: string }): Buffer {
  const entries: [number, string][] = [
    [0x010f, exif.make],
    [0x0110, exif.model],
    [0x0132, exif.dateTime],
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  let dataOffset = 8 + ifdSize;
  const ifd = Buffer.alloc(ifdSize);
  const data: Buffer[] = [];
  ifd.writeUInt16LE(entries.length, 0);
  entries.forEach(([tag, value], i) => {
    const text = Buffer.from(`${value}\0`, 'latin1');
    const at = 2 + i * 12;
    ifd.writeUInt16LE(tag, at);
    ifd.writeUInt16LE(2, at + 2); // ASCII
    ifd.writeUInt32LE(text.length, at + 4);
    ifd.writeUInt32LE(dataOffset, at + 8);
    data.push(text);
    dataOffset += text.length;
  });
  const tiff = Buffer.concat([Buffer.from('II*\0', 'latin1'), u32le(8), ifd, ...data]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}

function makePng(width: number, height: number, seed: number): Buffer {
  const rgba = pattern(width, height, seed);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      rgba.copy(raw, y * (width * 3 + 1) + 1 + x * 3, (y * width + x) * 4, (y * width + x) * 4 + 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([len, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A minimal ISO-BMFF header ("ftyp" + an empty "mdat"): enough to be recognised as MP4; not a playable movie. */
function makeMp4Stub(seed: number): Buffer {
  const ftyp = Buffer.concat([u32be(24), Buffer.from('ftypisom', 'latin1'), u32be(0x200), Buffer.from('isomiso2', 'latin1')]);
  const payload = Buffer.alloc(2048, seed % 251);
  const mdat = Buffer.concat([u32be(8 + payload.length), Buffer.from('mdat', 'latin1'), payload]);
  return Buffer.concat([ftyp, mdat]);
}

/** The start of a HEIC file (its ftyp box) and 2 MB of stand-in data: only its type and size matter here. */
function makeHeicStub(seed: number): Buffer {
  const ftyp = Buffer.concat([u32be(24), Buffer.from('ftypheic', 'latin1'), u32be(0), Buffer.from('mif1heic', 'latin1')]);
  return Buffer.concat([ftyp, Buffer.alloc(2 * 1024 * 1024, seed % 251)]);
}

function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

function lazy(make: () => Buffer): () => Buffer {
  let cached: Buffer | undefined;
  return () => (cached ??= make());
}

interface Spec {
  filename: string;
  mimeType: string;
  width: number;
  height: number;
  camera?: [string, string];
  photo?: PhotoMetadata;
  video?: 'PROCESSING' | 'READY' | 'FAILED';
  /** Only its resized versions are real JPEGs: its original is a HEIC stub, as large as a phone's. */
  heic?: boolean;
}

// Facts as phones and cameras write them: each photo's own, and none for a screenshot or a file without Exif.
const PIXEL_8 = { focalLength: 6.9, apertureFNumber: 1.68, isoEquivalent: 50, exposureTime: '0.002s' };
const BASE_SPECS: Spec[] = [
  { filename: 'IMG_0001.JPG', mimeType: 'image/jpeg', width: 640, height: 480, camera: ['Google', 'Pixel 8'], photo: PIXEL_8 },
  {
    filename: 'IMG_0001.JPG',
    mimeType: 'image/jpeg',
    width: 480,
    height: 640,
    camera: ['Apple', 'iPhone 15'],
    photo: { focalLength: 6.765, apertureFNumber: 1.6, isoEquivalent: 80, exposureTime: '0.008s' },
  }, // same name, another phone
  { filename: 'sunset.png', mimeType: 'image/png', width: 320, height: 240 },
  {
    filename: 'harbour-panorama.jpg',
    mimeType: 'image/jpeg',
    width: 1024,
    height: 384,
    camera: ['Google', 'Pixel 8'],
    photo: { ...PIXEL_8, isoEquivalent: 200, exposureTime: '0.001s' },
  },
  { filename: 'clip.mp4', mimeType: 'video/mp4', width: 1280, height: 720, video: 'READY', camera: ['Google', 'Pixel 8'] },
  { filename: 'still-processing.mp4', mimeType: 'video/mp4', width: 1280, height: 720, video: 'PROCESSING' },
  { filename: '../../etc/passwd.jpg', mimeType: 'image/jpeg', width: 96, height: 64 }, // path traversal
  { filename: 'CON.jpg', mimeType: 'image/jpeg', width: 96, height: 64 }, // reserved on Windows
  { filename: 'invoice\u202Egpj.exe', mimeType: 'image/png', width: 64, height: 64 }, // right-to-left override trick
  { filename: `${'very-long-name-'.repeat(20)}.jpg`, mimeType: 'image/jpeg', width: 96, height: 64 },
  { filename: '', mimeType: 'image/jpeg', width: 120, height: 90 }, // no name at all
  {
    filename: 'Straße am Meer Ω.jpeg',
    mimeType: 'image/jpeg',
    width: 320,
    height: 240,
    camera: ['FUJIFILM', 'X100V'],
    photo: { focalLength: 23, apertureFNumber: 8, isoEquivalent: 160, exposureTime: '2.5s' },
  },
];

/** A phone photo too large for a web page, in a format browsers cannot show: for the size tests (`largePhoto`). */
const LARGE_PHOTO: Spec = {
  filename: 'IMG_4032.HEIC',
  mimeType: 'image/heic',
  width: 4032,
  height: 3024,
  heic: true,
  camera: ['Apple', 'iPhone 15'],
  photo: { focalLength: 6.765, apertureFNumber: 1.78, isoEquivalent: 400, exposureTime: '0.033333s' },
};

/**
 * The library: the base items (and LARGE_PHOTO when asked for), then `bulkItems` small JPEGs (for paging tests: 250 items make three pages).
 * `bulkItemBytes` pads each bulk JPEG to that size after its end marker (decoders ignore trailing bytes), for
 * benchmarks that need large files.
 */
export function makeLibrary(bulkItems = 0, bulkItemBytes = 0, largePhoto = false): SampleItem[] {
  const small = lazy(() => {
    const jpegBytes = makeJpeg(64, 48, 7);
    return bulkItemBytes > jpegBytes.length ? Buffer.concat([jpegBytes, Buffer.alloc(bulkItemBytes - jpegBytes.length, 0x5a)]) : jpegBytes;
  });
  const items = [...BASE_SPECS, ...(largePhoto ? [LARGE_PHOTO] : [])].map((spec, i): SampleItem => {
    const seed = i + 1;
    const created = new Date(Date.UTC(2026, 5, 1 + i, 9, 30)).toISOString();
    const exifDate = created.slice(0, 19).replace('T', ' ').replace(/-/g, ':');
    const bytes = spec.video
      ? lazy(() => makeMp4Stub(seed))
      : spec.heic
        ? lazy(() => makeHeicStub(seed))
        : spec.mimeType === 'image/png'
          ? lazy(() => makePng(spec.width, spec.height, seed))
          : lazy(() =>
              makeJpeg(
                spec.width,
                spec.height,
                seed,
                spec.camera ? { make: spec.camera[0], model: spec.camera[1], dateTime: exifDate } : undefined,
              ),
            );
    return {
      id: `item-${String(seed).padStart(4, '0')}`,
      filename: spec.filename,
      mimeType: spec.mimeType,
      type: spec.video ? 'VIDEO' : 'PHOTO',
      width: spec.width,
      height: spec.height,
      createTime: created,
      cameraMake: spec.camera?.[0],
      cameraModel: spec.camera?.[1],
      photoMetadata: spec.photo,
      processingStatus: spec.video,
      bytes,
    };
  });
  for (let n = 1; n <= bulkItems; n++) {
    items.push({
      id: `bulk-${String(n).padStart(4, '0')}`,
      filename: `bulk-${String(n).padStart(4, '0')}.jpg`,
      mimeType: 'image/jpeg',
      type: 'PHOTO',
      width: 64,
      height: 48,
      createTime: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
      bytes: small,
    });
  }
  return items;
}

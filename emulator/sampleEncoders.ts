/**
 * The emulator's sample files, encoded in memory: decodable JPEGs (with an Exif block) and PNGs drawn from a seed,
 * and the first bytes of an MP4 and a HEIC where only the type and size matter.
 */
import { deflateSync } from 'node:zlib';
import * as jpeg from 'jpeg-js';

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

export function makePng(width: number, height: number, seed: number): Buffer {
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
export function makeMp4Stub(seed: number): Buffer {
  const ftyp = Buffer.concat([u32be(24), Buffer.from('ftypisom', 'latin1'), u32be(0x200), Buffer.from('isomiso2', 'latin1')]);
  const payload = Buffer.alloc(2048, seed % 251);
  const mdat = Buffer.concat([u32be(8 + payload.length), Buffer.from('mdat', 'latin1'), payload]);
  return Buffer.concat([ftyp, mdat]);
}

/** The start of a HEIC file (its ftyp box) and 2 MB of stand-in data: only its type and size matter here. */
export function makeHeicStub(seed: number): Buffer {
  const ftyp = Buffer.concat([u32be(24), Buffer.from('ftypheic', 'latin1'), u32be(0), Buffer.from('mif1heic', 'latin1')]);
  return Buffer.concat([ftyp, Buffer.alloc(2 * 1024 * 1024, seed % 251)]);
}

function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

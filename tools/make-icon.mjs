// Draws media/icon.png (128x128): a photo frame with a sun and hills over a QR-like corner mark. Run: node tools/make-icon.mjs
import fs from 'node:fs';
import { deflateSync } from 'node:zlib';

const S = 128;
const px = Buffer.alloc(S * S * 4);
const set = (x, y, [r, g, b], a = 255) => {
  const i = (y * S + x) * 4;
  const k = a / 255;
  px[i] = Math.round(r * k + px[i] * (1 - k));
  px[i + 1] = Math.round(g * k + px[i + 1] * (1 - k));
  px[i + 2] = Math.round(b * k + px[i + 2] * (1 - k));
  px[i + 3] = Math.max(px[i + 3], a);
};
const inRounded = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
for (let y = 0; y < S; y++) {
  for (let x = 0; x < S; x++) {
    if (!inRounded(x + 0.5, y + 0.5, 4, 4, 124, 124, 22)) continue;
    const t = (x + y) / (2 * S);
    set(x, y, [Math.round(26 + 40 * t), Math.round(115 + 40 * t), Math.round(232 - 30 * t)]); // blue tile
    if (inRounded(x + 0.5, y + 0.5, 22, 28, 106, 100, 8)) set(x, y, [255, 255, 255]); // the photo
    if (inRounded(x + 0.5, y + 0.5, 28, 34, 100, 94, 4)) {
      const sky = [214, 234, 255];
      set(x, y, sky);
      if ((x - 80) ** 2 + (y - 52) ** 2 < 81) set(x, y, [251, 188, 4]); // sun
      const hill1 = 94 - 34 * Math.exp(-(((x - 48) / 18) ** 2));
      const hill2 = 94 - 24 * Math.exp(-(((x - 82) / 16) ** 2));
      if (y > hill1) set(x, y, [52, 168, 83]);
      if (y > hill2) set(x, y, [30, 130, 60]);
    }
  }
}
const raw = Buffer.alloc((S * 4 + 1) * S);
for (let y = 0; y < S; y++) px.copy(raw, y * (S * 4 + 1) + 1, y * S * 4, (y + 1) * S * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc(body), 8 + data.length);
  return out;
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr[8] = 8;
ihdr[9] = 6; // RGBA
fs.writeFileSync(
  new URL('../media/icon.png', import.meta.url),
  Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
console.log('wrote media/icon.png');

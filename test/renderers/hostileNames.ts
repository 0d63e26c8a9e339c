/**
 * File names that break links in one markup or another, and the real files for them: the renderer tests link to
 * each and check that the rendered page's source names it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

/** Stems: each name is made as a photo (.png, which LaTeX can read) and as a video (.mp4). */
export const HOSTILE_STEMS = [
  'my trip',
  'a (1)',
  'a)b(c',
  '[x] y',
  'a]b(c)',
  'no#1',
  '100%',
  'x%20y',
  'what?',
  'a `b` c',
  'one`tick',
  '``double',
  '*star*',
  '**bold**',
  '_under_score_',
  'snake_case_',
  '<angle>',
  '<br>',
  'it\'s "quoted"',
  "'single'",
  'back\\slash',
  'end\\',
  '\\*',
  'fish & chips',
  '&amp;',
  '&copy;',
  '{brace}',
  '{sp}',
  '~tilde~',
  '~~strike~~',
  '^caret^',
  '$dollar$',
  '$x$',
  'no\u00a0break',
  'thin\u2009space',
  'ideo\u3000space',
  'café',
  '日本',
  '🌅 sunset',
  '.leading-dot',
  'trailing-dot.',
  '-dash-',
  '--',
  '...',
  'bang!',
  '![not](img)',
  'pipe|x',
  'semi;colon',
  'a,b=c',
  '+plus+',
  '@at',
  ':colon:',
  'x::y',
  'a:b',
  'http:x',
  'www.example.com',
  '=eq',
  'tab-free ends ',
  ' lead',
  '(C) (TM) a--b -> c <= d',
  'a -- b',
  "rock 'n' roll",
  "x`'y",
  'x_',
  'a{b',
  'a}b',
  '^^41',
];

export interface HostileFile {
  name: string;
  fsPath: string;
  kind: 'photo' | 'video';
}

/** Writes every name into <root>/<folder>/, photos as a real 1x1 PNG (LaTeX reads it), videos as a few bytes. */
export function createHostileFiles(root: string, folder = 'media'): HostileFile[] {
  const dir = path.join(root, folder);
  fs.mkdirSync(dir, { recursive: true });
  const png = onePixelPng();
  const files: HostileFile[] = [
    ...HOSTILE_STEMS.map((stem) => ({ name: `${stem}.png`, kind: 'photo' as const })),
    ...HOSTILE_STEMS.map((stem) => ({ name: `${stem}.mp4`, kind: 'video' as const })),
  ].map((f) => ({ ...f, fsPath: path.join(dir, f.name) }));
  for (const f of files) fs.writeFileSync(f.fsPath, f.kind === 'photo' ? png : 'not really a video');
  return files;
}

function onePixelPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]); // 1x1, 8-bit greyscale
  const pixels = zlib.deflateSync(Buffer.from([0, 0x80]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** PNG's CRC-32 (zlib.crc32 is not in every Node the tests run on). */
function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

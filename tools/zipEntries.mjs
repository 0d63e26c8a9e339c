// Names and sizes of the files in a zip (a .vsix is one), read from its central directory: no unzip tool needed.
import fs from 'node:fs';

export function zipEntries(file) {
  const buf = fs.readFileSync(file);
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    entries.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Exactly what the .vsix may hold: what runs, and what the Marketplace listing shows. */
export const VSIX_FILES = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/dist/extension.js',
  'extension/dist/engine.js',
  'extension/dist/webview/importPanel.js',
  'extension/dist/vendor/google-auth-library.js',
  'extension/dist/vendor/qrcode.js',
  'extension/dist/vendor/picomatch.js',
  'extension/l10n/bundle.l10n.json',
  'extension/media/icon.png',
  'extension/media/icon.svg',
  'extension/media/importPanel.css',
  'extension/media/walkthrough/api.md',
  'extension/media/walkthrough/client.md',
  'extension/media/walkthrough/import.md',
  'extension/media/walkthrough/pageReady.md',
  'extension/media/walkthrough/project.md',
  'extension/media/walkthrough/secret.md',
  'extension/media/walkthrough/signin.md',
  'extension/media/walkthrough/try.md',
  'extension/package.json',
  'extension/package.nls.json',
  'extension/readme.md',
];

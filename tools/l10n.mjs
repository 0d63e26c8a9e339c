// Collects every string the VS Code layer passes to vscode.l10n.t (directly, or as the `t` translate function of
// the status-bar model) into l10n/bundle.l10n.json, the file translators copy to bundle.l10n.<language>.json.
// `node tools/l10n.mjs` writes it; `node tools/l10n.mjs --check` fails when it is out of date.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['src/extension.ts', ...fs.readdirSync(path.join(root, 'src/vscode')).map((f) => `src/vscode/${f}`)];
const CALL = /\b(?:l10n\.t|t)\(\s*'((?:[^'\\]|\\.)*)'/g;

export function collectStrings() {
  const strings = new Set();
  for (const file of sources) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(CALL)) strings.add(match[1].replace(/\\(.)/g, '$1'));
  }
  return Object.fromEntries([...strings].sort().map((s) => [s, s]));
}

export const bundlePath = path.join(root, 'l10n', 'bundle.l10n.json');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = `${JSON.stringify(collectStrings(), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(bundlePath) ? fs.readFileSync(bundlePath, 'utf8') : '';
    if (current !== text) {
      console.error('l10n/bundle.l10n.json is out of date: run node tools/l10n.mjs');
      process.exit(1);
    }
  } else {
    fs.mkdirSync(path.dirname(bundlePath), { recursive: true });
    fs.writeFileSync(bundlePath, text);
    console.log(`wrote ${Object.keys(JSON.parse(text)).length} strings to l10n/bundle.l10n.json`);
  }
}

// Lint step: l10n/bundle.l10n.json must hold exactly the strings that @vscode/l10n-dev (the official extractor,
// `npm run l10n`) finds in src/. Runs the same tool into a temporary folder and compares the two as sets.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gpi-l10n-'));
try {
  execFileSync(path.join(root, 'node_modules/.bin/vscode-l10n-dev'), ['export', '--outDir', out, './src'], { cwd: root, stdio: 'pipe' });
  const keys = (file) => Object.keys(JSON.parse(fs.readFileSync(file, 'utf8'))).sort();
  const wanted = keys(path.join(out, 'bundle.l10n.json'));
  const have = keys(path.join(root, 'l10n/bundle.l10n.json'));
  const missing = wanted.filter((k) => !have.includes(k));
  const stale = have.filter((k) => !wanted.includes(k));
  if (missing.length || stale.length) {
    console.error(
      `l10n/bundle.l10n.json is out of date (run npm run l10n).\n  missing: ${JSON.stringify(missing)}\n  no longer used: ${JSON.stringify(stale)}`,
    );
    process.exit(1);
  }
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}

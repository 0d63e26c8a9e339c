import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');

/** A small tree with one breach of each kind, and files that keep the rules; cruised once with the project's rules. */
const TREE: Record<string, string> = {
  'src/download/batch.ts': "import { importPhotos } from '../import';\nexport const run = importPhotos;\n",
  'src/import.ts': 'export const importPhotos = 1;\n',
  'src/workflow/template.ts': "import * as fs from 'node:fs';\nexport const read = fs.readFileSync;\n",
  'src/workflow/placement.ts': "import { escapeHtml } from '../util/html';\nexport const place = escapeHtml;\n",
  'src/util/html.ts': 'export const escapeHtml = 1;\n',
  'src/picker/client.ts': "import type { Auth } from '../auth/googleAuth';\nexport type Client = Auth;\n",
  'src/auth/googleAuth.ts': 'export type Auth = string;\n',
  'src/auth/tokenSource.ts': "import * as vscode from 'vscode';\nexport const token = vscode;\n",
  'src/webview/panel.ts': "import { COMMANDS } from '../vscode/commands';\nexport const c = COMMANDS;\n",
  'src/vscode/commands.ts': 'export const COMMANDS = 1;\n',
  'src/download/storage/a.ts': "import { b } from './b';\nexport const a = b;\n",
  'src/download/storage/b.ts': "import { a } from './a';\nexport const b = 1;\nexport const c = a;\n",
  'tsconfig.json': '{}\n',
};

describe('the layer rules (.dependency-cruiser.cjs, run by npm run lint)', () => {
  it('name each breach of the table, and only those', function () {
    this.timeout(60_000);
    const dir = tempDir('gpi-layers-');
    try {
      for (const [file, text] of Object.entries(TREE)) {
        fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      const cli = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
      let out: string;
      try {
        out = execFileSync(
          process.execPath,
          [cli, 'src', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'],
          { cwd: dir, encoding: 'utf8' },
        );
      } catch (err) {
        out = (err as { stdout: string }).stdout; // exits non-zero on a violation, as lint needs
      }
      const violations = (JSON.parse(out) as { summary: { violations: { from: string; to: string; rule: { name: string } }[] } }).summary
        .violations;
      const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
      assert.deepEqual(found, [
        'download-layer: src/download/batch.ts -> src/import.ts',
        'engine-not-vscode: src/auth/tokenSource.ts -> vscode',
        'no-circular: src/download/storage/a.ts -> src/download/storage/b.ts',
        'picker-imports-util: src/picker/client.ts -> src/auth/googleAuth.ts',
        'webview-layer-value-import: src/webview/panel.ts -> src/vscode/commands.ts',
        'workflow-is-pure: src/workflow/template.ts -> fs',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

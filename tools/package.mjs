// `npm run package`: vsce package (its vscode:prepublish builds the bundles). VS Code's extension page, the
// Marketplace and Open VSX show a README picture only from an https URL, never from inside the .vsix, so the
// README's relative links become absolute where there is somewhere public for them to point: package.json's
// repository (vsce's own guess), or --baseImagesUrl / --baseContentUrl given here. With neither they stay relative.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
const args = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
const base = args.some((a) => /^--(baseImagesUrl|baseContentUrl|githubBranch|gitlabBranch)\b/.test(a)) || manifest.repository;
if (!base) {
  args.push('--no-rewrite-relative-links');
  console.warn('package: the README\'s pictures will not show on the extension page, the Marketplace or Open VSX, which need https URLs: set "repository" in package.json, or run npm run package -- --baseImagesUrl https://<where the project\'s files are served>/');
}
const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', ...args], { cwd: projectDir, stdio: 'inherit' });
process.exit(run.status ?? 1);

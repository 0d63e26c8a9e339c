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
  console.warn(
    'package: the README\'s pictures will not show on the extension page, the Marketplace or Open VSX, which need https URLs: set "repository" in package.json, or run npm run package -- --baseImagesUrl https://<where the project\'s files are served>/',
  );
}
const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', ...args], {
  cwd: projectDir,
  stdio: 'inherit',
});
if (run.status !== 0) process.exit(run.status ?? 1);

// vsce has validated the package for the Marketplace; the .vsix must pass Open VSX's checks as well (and vsce's again).
const vsix = outputPath(args);
const problems = await createRequire(import.meta.url)('./registryChecks.cjs').vsixProblems(vsix);
if (problems.length) {
  console.error(`package: ${vsix} would be refused:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log("package: the Marketplace's and Open VSX's manifest, name, version, license and icon checks pass.");

/** Where vsce wrote the .vsix: -o/--out (a file, or a folder for the default name), else the default name here. */
function outputPath(argv) {
  const at = argv.findIndex((a) => a === '-o' || a === '--out');
  const given = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  const defaultName = `${manifest.name}-${manifest.version}.vsix`;
  if (!given) return path.join(projectDir, defaultName);
  const out = path.resolve(projectDir, given);
  return given.endsWith('/') || (fs.existsSync(out) && fs.statSync(out).isDirectory()) ? path.join(out, defaultName) : out;
}

// `npm run sizes`: packages the extension and prints the figures that matter for install and activation:
// the .vsix, the bundle, and how long loading the bundle takes (the import engine, google-auth-library, qrcode and picomatch load later, on use).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVsix } from './extensionPackage.mjs';
import { zipEntries } from './zipEntries.mjs';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gpi-sizes-'));
const vsix = packageVsix(projectDir, out);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`.vsix: ${kb(fs.statSync(vsix).size)} (${zipEntries(vsix).length} entries)`);
for (const e of zipEntries(vsix)) console.log(`  ${e.name.padEnd(34)} ${kb(e.size)}`);

// Load the bundle as VS Code would, with a stand-in for the vscode module, in fresh processes; median of 5.
const probe = `
const Module = require('module');
const realLoad = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? {} : realLoad.call(this, request, ...rest); };
const t0 = process.hrtime.bigint();
require(${JSON.stringify(path.join(projectDir, 'dist/extension.js'))});
const t1 = process.hrtime.bigint();
require(${JSON.stringify(path.join(projectDir, 'dist/vendor/google-auth-library.js'))});
const t2 = process.hrtime.bigint();
console.log(JSON.stringify({ bundle: Number(t1 - t0) / 1e6, gal: Number(t2 - t1) / 1e6 }));`;
const runs = Array.from({ length: 5 }, () => JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' })));
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `require(dist/extension.js): ${median(runs.map((r) => r.bundle)).toFixed(1)} ms (median of 5; the engine and the vendor libraries are not evaluated until first use)`,
);
console.log(`dist/vendor/google-auth-library.js, loaded at the first sign-in or import: ${median(runs.map((r) => r.gal)).toFixed(1)} ms`);
fs.rmSync(out, { recursive: true, force: true });

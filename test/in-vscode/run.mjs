// `npm run test:vscode`: the layers that need a real VS Code. Installs code-server once per machine (cached),
// then runs the extension-host suite and the UI end-to-end test. Exit code: 0 only if every layer passed.
// `--floor` (npm run test:vscode:floor) runs them on the oldest VS Code the manifest admits instead of the newest;
// "exthost" or "ui" runs one layer.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureToolchain } from '../../tools/toolchain.mjs';
import { runExtensionTests } from './runExtensionTests.mjs';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const flavour = args.includes('--floor') ? 'floor' : 'newest';
const only = args.find((a) => !a.startsWith('--'));

const toolchain = ensureToolchain(flavour);
const where = `code-server ${toolchain.versions.codeServer}, Node ${toolchain.versions.node}`;
console.log(`Running on ${where}`);
const results = [];
if (!only || only === 'exthost') {
  const started = Date.now();
  const code = await runExtensionTests({ toolchain, projectDir });
  results.push(['extension host', code, Date.now() - started]);
}
if (!only || only === 'ui') {
  const { runUiTests } = await import('./runUiTests.mjs');
  const started = Date.now();
  const code = await runUiTests({ toolchain, projectDir });
  results.push(['UI end to end', code, Date.now() - started]);
}
for (const [layer, code, ms] of results)
  console.log(`${layer} (${where}): ${code === 0 ? 'PASSED' : 'FAILED'} in ${(ms / 1000).toFixed(1)} s`);
process.exit(results.every(([, code]) => code === 0) ? 0 : 1);

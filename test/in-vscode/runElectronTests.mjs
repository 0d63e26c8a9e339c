// Launcher 2 of 2 for the extension-host suite: @vscode/test-electron, for machines that can download VS Code
// (this project's CI machines cannot; there the code-server launcher runs the same runner module).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gpi-electron-'));
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: projectDir,
    extensionTestsPath: path.join(projectDir, 'out/test/extension-host/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (err) {
  console.error(`test:electron failed: ${err.message ?? err}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}

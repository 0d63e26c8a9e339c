// `npm run demo`: a VS Code (code-server) with this extension installed from its .vsix and pointed at the project's
// Google emulator, so anyone can try the whole flow in a browser with no Google account.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startCodeServer } from './codeServer.mjs';
import { ensureToolchain } from './toolchain.mjs';
import { emulatorClientFile, emulatorSettings, installVsix, packageVsix } from './extensionPackage.mjs';

const require = createRequire(import.meta.url);
const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolchain = ensureToolchain();
const emulatorModule = require(path.join(projectDir, 'dist/emulator.js'));

const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpi-demo-'));
const workspace = path.join(stateDir, 'my-blog');
fs.mkdirSync(workspace);
fs.writeFileSync(path.join(workspace, 'post.md'), '# My trip\n\nRun **Import from Google Photos** from the command palette (F1).\n');

const emulator = await emulatorModule.GoogleEmulator.start({ port: Number(process.env.EMULATOR_PORT ?? 0), pollInterval: '1s' });
// Packaged as a publisher does, with the emulator's client built in: no client settings to fill.
const extensionsDir = installVsix(
  toolchain,
  packageVsix(projectDir, stateDir, { clientFile: emulatorClientFile(stateDir, emulatorModule) }),
  stateDir,
);
const port = Number(process.env.DEMO_PORT ?? 0) || (await freePort());
const server = await startCodeServer({
  toolchain,
  workspace,
  stateDir,
  extensionsDir,
  port,
  userSettings: emulatorSettings(emulator),
});

console.log(`
  Google emulator:  ${emulator.origin}
  VS Code:          ${server.origin}/?folder=${encodeURIComponent(workspace)}

  Open the VS Code link in a browser on this machine, press F1 and run "Import from Google Photos".
  Sign in on the emulator's consent page (Allow), then open the picker link from the QR panel,
  tick some photos and press Done: they land in my-blog/assets/.
  Ctrl+C stops everything.
`);

const stop = async () => {
  await server.stop();
  await emulator.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

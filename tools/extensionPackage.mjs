// The extension as a user gets it, for the UI test and the demo: packaged by `npm run package`, installed into a
// code-server extensions folder, and settings that point it at the emulator.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** `npm run package` (vscode:prepublish builds the minified bundle) into outDir. */
export function packageVsix(projectDir, outDir) {
  const vsix = path.join(outDir, 'google-photos-import.vsix');
  try {
    execFileSync('npm', ['run', '--silent', 'package', '--', '-o', vsix], { cwd: projectDir, stdio: 'pipe' });
  } catch (err) {
    throw new Error(`npm run package failed: ${String(err.stderr || err.stdout || err.message).trim()}`);
  }
  return vsix;
}

/** Installs the .vsix with code-server's own --install-extension; returns the extensions folder. */
export function installVsix(toolchain, vsix, stateDir) {
  const extensionsDir = path.join(stateDir, 'extensions');
  execFileSync(toolchain.codeServer, ['--extensions-dir', extensionsDir, '--install-extension', vsix], { stdio: 'pipe', env: { ...process.env, PATH: `${toolchain.nodeBin}:${process.env.PATH}` } });
  return extensionsDir;
}

/** User settings that point the extension at a running emulator, with the emulator's OAuth client. */
export function emulatorSettings(emulator, { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET }) {
  return {
    'googlePhotosImport.endpoint': emulator.origin,
    'googlePhotosImport.oauth.clientId': EMULATOR_CLIENT_ID,
    'googlePhotosImport.oauth.clientSecret': EMULATOR_CLIENT_SECRET,
  };
}

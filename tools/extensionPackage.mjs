// The extension as a user gets it, for the UI test and the demo: packaged by `npm run package`, installed into a
// code-server extensions folder, and settings that point it at the emulator.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const CLIENT_FILE_VARIABLE = 'GOOGLE_PHOTOS_OAUTH_CLIENT_FILE';

/**
 * `npm run package` (vscode:prepublish builds the minified bundle) into outDir. `clientFile`: the OAuth client file
 * to build in, as a publisher does (GOOGLE_PHOTOS_OAUTH_CLIENT_FILE); dist/ is then built again without it, so the
 * other tests never run a bundle with a client built in. `imagesBaseUrl`: where the README's pictures are served.
 */
export function packageVsix(projectDir, outDir, { clientFile, imagesBaseUrl } = {}) {
  const vsix = path.join(outDir, 'google-photos-import.vsix');
  const withoutClient = { ...process.env };
  delete withoutClient[CLIENT_FILE_VARIABLE];
  try {
    execFileSync('npm', ['run', '--silent', 'package', '--', '-o', vsix, ...(imagesBaseUrl ? ['--baseImagesUrl', imagesBaseUrl] : [])], {
      cwd: projectDir,
      stdio: 'pipe',
      env: clientFile ? { ...withoutClient, [CLIENT_FILE_VARIABLE]: clientFile } : process.env,
    });
  } catch (err) {
    throw new Error(`npm run package failed: ${String(err.stderr || err.stdout || err.message).trim()}`);
  } finally {
    if (clientFile) execFileSync(process.execPath, ['esbuild.js'], { cwd: projectDir, stdio: 'pipe', env: withoutClient });
  }
  return vsix;
}

/** Installs the .vsix with code-server's own --install-extension; returns the extensions folder. */
export function installVsix(toolchain, vsix, stateDir) {
  const extensionsDir = path.join(stateDir, 'extensions');
  execFileSync(toolchain.codeServer, ['--extensions-dir', extensionsDir, '--install-extension', vsix], {
    stdio: 'pipe',
    env: { ...process.env, PATH: `${toolchain.nodeBin}:${process.env.PATH}` },
  });
  return extensionsDir;
}

/**
 * The emulator's OAuth client as the file Google Cloud console downloads for a Desktop app client, written into
 * dir: packaged with it, the extension signs in to the emulator with no client settings, as a publisher's does.
 */
export function emulatorClientFile(dir, { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET }) {
  const file = path.join(dir, 'emulator-client.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      installed: { client_id: EMULATOR_CLIENT_ID, client_secret: EMULATOR_CLIENT_SECRET, redirect_uris: ['http://localhost'] },
    }),
  );
  return file;
}

/** User settings that point the extension at a running emulator (its client comes built in: emulatorClientFile). */
export function emulatorSettings(emulator) {
  return { 'googlePhotosImport.endpoint': emulator.origin };
}

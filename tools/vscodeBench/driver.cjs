// Runs inside code-server's extension host, beside the installed .vsix (loaded as extensionTestsPath): asks the bench
// for the next emulator, points the extension at it and runs its Import command, as a user would. It signs in with a
// device code (the bench's user settings ask for that flow), which the bench allows; the bench plays the user
// picking on the phone.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, loaded by the extension host's require */
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

exports.run = async function run() {
  const { controlUrl } = JSON.parse(fs.readFileSync(path.join(__dirname, 'control.json'), 'utf8'));
  const post = async (what, body) => (await fetch(`${controlUrl}/${what}`, { method: 'POST', body: JSON.stringify(body) })).json();
  const config = () => vscode.workspace.getConfiguration('googlePhotosImport');
  for (;;) {
    const next = await post('next', { pid: process.pid });
    if (next.done) return;
    await config().update('endpoint', next.origin, vscode.ConfigurationTarget.Global);
    if (!vscode.extensions.getExtension('google-photos-import.google-photos-import')) {
      await post('result', { error: 'the .vsix is not installed in this VS Code', at: Date.now() });
      continue;
    }
    try {
      const summary = await vscode.commands.executeCommand('googlePhotosImport.import');
      await post('result', { imported: summary?.imported?.length ?? 0, failed: summary?.failed?.length ?? 0, at: Date.now() });
    } catch (err) {
      await post('result', { error: String(err?.message ?? err), at: Date.now() });
    }
  }
};

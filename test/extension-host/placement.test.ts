import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestHooks } from '../../src/extension';
import { GoogleEmulator } from '../../emulator/server';
import { allowInBrowser, EXTENSION_ID, importAndPick, resetSettings, settings, useEmulator } from './helpers';

describe('Where files land, in a real VS Code extension host', function () {
  this.timeout(60_000);
  let emulator: GoogleEmulator;
  let root: string;

  before(async () => {
    emulator = await GoogleEmulator.start({ pollInterval: '0.2s' });
    await useEmulator(emulator);
    const hooks = (await vscode.extensions.getExtension<TestHooks>(EXTENSION_ID)!.activate()) as TestHooks;
    hooks.setBrowserOpener(allowInBrowser);
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });

  after(async () => {
    await resetSettings('destination', 'fileName');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await emulator?.close();
  });

  it('a glob-mapped destination puts the photos where the open post wants them, named by the template; a re-import reuses them', async () => {
    await settings().update(
      'destination',
      { 'content/posts/**': 'static/images/${documentBaseName}', '**': 'assets' },
      vscode.ConfigurationTarget.Global,
    );
    await settings().update('fileName', '${documentBaseName}-${index}', vscode.ConfigurationTarget.Global);
    const post = path.join(root, 'content', 'posts', 'first-trip.md');
    fs.mkdirSync(path.dirname(post), { recursive: true });
    fs.writeFileSync(post, '# First trip\n\n');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(post), { preview: false });
    editor.selection = new vscode.Selection(2, 0, 2, 0);

    const summary = await importAndPick(emulator, ['item-0003', 'item-0004']);
    const folder = path.join(root, 'static', 'images', 'first-trip');
    assert.deepEqual(
      summary?.imported.map((i) => i.path),
      [path.join(folder, 'first-trip-1.png'), path.join(folder, 'first-trip-2.jpg')],
    );
    assert.ok(fs.existsSync(path.join(folder, 'first-trip-1.png')));
    assert.match(editor.document.getText(), /!\[first trip 1\]\(\.\.\/\.\.\/static\/images\/first-trip\/first-trip-1\.png\)/);

    const media = () => emulator.requests.filter((r) => r.path.startsWith('/media/')).length;
    const before = media();
    const again = await importAndPick(emulator, ['item-0003', 'item-0004']);
    assert.equal(media(), before, 'nothing downloaded the second time');
    assert.equal(again?.imported.length, 0);
    assert.deepEqual(
      again?.reused.map((i) => i.path),
      summary?.imported.map((i) => i.path),
    );
    const links = editor.document.getText().match(/first-trip-1\.png/g) ?? [];
    assert.equal(links.length, 2, 'the reused files are linked again');
    assert.equal(fs.readdirSync(folder).filter((n) => !n.startsWith('.')).length, 2, 'no copies');
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestHooks } from '../../src/extension';
import { GoogleEmulator } from '../../emulator/server';
import { allowInBrowser, EXTENSION_ID, importAndPick, resetSettings, until, useEmulator } from './helpers';

// sunset.png is 320x240, harbour-panorama.jpg 1024x384 in the emulator's library.
const PICKS = ['item-0003', 'item-0004'];

describe('Links in the page being written, in a real VS Code extension host', function () {
  this.timeout(60_000);
  let emulator: GoogleEmulator;
  let hooks: TestHooks;
  let root: string;
  const config = () => vscode.workspace.getConfiguration('googlePhotosImport');

  before(async () => {
    emulator = await GoogleEmulator.start({ pollInterval: '0.2s' });
    await useEmulator(emulator);
    hooks = (await vscode.extensions.getExtension<TestHooks>(EXTENSION_ID)!.activate()) as TestHooks;
    hooks.setBrowserOpener(allowInBrowser);
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });

  after(async () => {
    await resetSettings('destination', 'linkRoot');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await emulator?.close();
  });

  /** Writes a document into posts/, opens it with the cursor (or a selection) where `|` (or `[...]`) is. */
  async function openDocument(name: string, text: string): Promise<vscode.TextEditor> {
    const file = path.join(root, 'posts', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const marked = /\[(.*?)\]|\|/.exec(text)!;
    fs.writeFileSync(file, text.replace(marked[0], marked[1] ?? ''));
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false }); // a page being written is pinned
    const start = editor.document.positionAt(marked.index);
    editor.selection = new vscode.Selection(start, editor.document.positionAt(marked.index + (marked[1]?.length ?? 0)));
    return editor;
  }

  async function undoOnce(editor: vscode.TextEditor): Promise<void> {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
  }

  const cases: [string, string, string, string][] = [
    [
      'markdown',
      'trip.md',
      '# Trip\n\n|\n\nThe end.\n',
      '![sunset](../img/markdown/sunset.png)\n![harbour panorama](../img/markdown/harbour-panorama.jpg)',
    ],
    [
      'html',
      'trip.html',
      '<body>\n|\n</body>\n',
      '<img src="../img/html/sunset.png" alt="sunset" width="320" height="240">\n<img src="../img/html/harbour-panorama.jpg" alt="harbour panorama" width="1024" height="384">',
    ],
    [
      'asciidoc',
      'trip.adoc',
      '= Trip\n\n|\n',
      'image::../img/asciidoc/sunset.png[sunset]\n\nimage::../img/asciidoc/harbour-panorama.jpg[harbour panorama]',
    ],
    [
      'latex',
      'trip.tex',
      '\\begin{document}\n|\n\\end{document}\n',
      '\\includegraphics[width=\\linewidth]{../img/latex/sunset.png}\n\n\\includegraphics[width=\\linewidth]{../img/latex/harbour-panorama.jpg}',
    ],
  ];
  for (const [languageId, name, text, links] of cases) {
    it(`${languageId}: inserts one link per photo at the cursor, in pick order, and one undo removes them`, async function () {
      // Only languages this VS Code knows (code-server has no AsciiDoc without an extension): reported as skipped.
      if (!(await vscode.languages.getLanguages()).includes(languageId)) this.skip();
      await config().update('destination', `img/${languageId}`, vscode.ConfigurationTarget.Global);
      const editor = await openDocument(name, text);
      if (editor.document.languageId !== languageId) await vscode.languages.setTextDocumentLanguage(editor.document, languageId);
      const before = editor.document.getText();
      const summary = await importAndPick(emulator, PICKS);
      assert.equal(summary?.imported.length, 2);
      const at = editor.document.offsetAt(
        new vscode.Position(
          text.split('\n').findIndex((l) => l.includes('|')),
          0,
        ),
      );
      assert.equal(editor.document.getText().slice(at, at + links.length), links);
      assert.equal(editor.document.getText(), before.slice(0, at) + links + before.slice(at));
      await undoOnce(editor);
      assert.equal(editor.document.getText(), before, 'one undo removes every link');
    });
  }

  it('replaces a selection, in the document the command started from even if another editor is active now', async () => {
    await config().update('destination', 'img/selection', vscode.ConfigurationTarget.Global);
    const editor = await openDocument('select.md', 'Intro\n[PHOTOS HERE]\nOutro\n');
    const other = path.join(root, 'posts', 'other.md');
    fs.writeFileSync(other, 'untouched\n');
    await importAndPick(emulator, PICKS, async () => {
      await vscode.window.showTextDocument(vscode.Uri.file(other)); // the user looks at something else meanwhile
    });
    assert.equal(
      editor.document.getText(),
      'Intro\n![sunset](../img/selection/sunset.png)\n![harbour panorama](../img/selection/harbour-panorama.jpg)\nOutro\n',
    );
    assert.equal(fs.readFileSync(other, 'utf8'), 'untouched\n');
    const otherDoc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === other);
    assert.equal(otherDoc?.getText(), 'untouched\n');
  });

  it('selects the first alt text to type over, Tab moves to the next, and one undo removes the links', async () => {
    await config().update('destination', 'img/alt', vscode.ConfigurationTarget.Global);
    // As a person writing: the page alone in the editor, the panel opening beside it (an earlier test's panel, in the
    // page's column, would cover the page, and a page no longer shown gets plain text).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await openDocument('alt.md', 'Intro\n|\n');
    await importAndPick(emulator, PICKS);
    assert.equal(
      editor.document.getText(),
      'Intro\n![sunset](../img/alt/sunset.png)\n![harbour panorama](../img/alt/harbour-panorama.jpg)\n',
    );
    // The editor's selection reaches the extension host in an event of its own, after the document's change.
    await until(() => editor.document.getText(editor.selection) === 'sunset', 'the first alt text selected', 5000);
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    await until(() => editor.document.getText(editor.selection) === 'harbour panorama', 'Tab selects the next alt text', 5000);
    await vscode.commands.executeCommand('leaveSnippet');
    await undoOnce(editor);
    assert.equal(editor.document.getText(), 'Intro\n\n');
  });

  it('links from the site root when the file is under googlePhotosImport.linkRoot', async () => {
    await config().update('destination', 'static/images', vscode.ConfigurationTarget.Global);
    await config().update('linkRoot', 'static', vscode.ConfigurationTarget.Global);
    fs.mkdirSync(path.join(root, 'static'), { recursive: true });
    try {
      const editor = await openDocument('hugo.md', '|');
      await importAndPick(emulator, PICKS);
      assert.equal(editor.document.getText(), '![sunset](/images/sunset.png)\n![harbour panorama](/images/harbour-panorama.jpg)');
    } finally {
      await config().update('linkRoot', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('inserts nothing into a document closed while picking, nor into an untitled one', async () => {
    await config().update('destination', 'img/closed', vscode.ConfigurationTarget.Global);
    const editor = await openDocument('closed.md', 'Text|\n');
    await importAndPick(emulator, PICKS, async () => {
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
    assert.equal(fs.readFileSync(editor.document.uri.fsPath, 'utf8'), 'Text\n');
    const reopened = await vscode.workspace.openTextDocument(editor.document.uri);
    assert.equal(reopened.getText(), 'Text\n');

    await config().update('destination', 'img/untitled', vscode.ConfigurationTarget.Global);
    const untitled = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'markdown', content: 'Draft\n' }),
    );
    await importAndPick(emulator, PICKS);
    assert.equal(untitled.document.getText(), 'Draft\n', 'an untitled document has no folder to link from');
    assert.equal(hooks.view().kind, 'done', 'the import itself succeeded');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it("Insert Links from Last Import puts the last import's links at the current cursor", async () => {
    const editor = await openDocument('later.md', 'Later: |\n');
    await vscode.commands.executeCommand('googlePhotosImport.insertLastImport');
    assert.equal(
      editor.document.getText(),
      'Later: ![sunset](../img/untitled/sunset.png)\n![harbour panorama](../img/untitled/harbour-panorama.jpg)\n',
    );
  });
});

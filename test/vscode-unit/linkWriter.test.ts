import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LinkWriter } from '../../src/vscode/linkWriter';
import { Settings } from '../../src/vscode/settings';
import { tempDir } from '../engine/helpers';
import { asVs, fakeLog, fakeVscode } from './fakeVscode';

/** A stand-in workspace: one folder, settings from a plain object, one open Markdown document in a tab. */
function setUp(settings: Record<string, unknown>) {
  const root = tempDir('gpi-links-');
  const fake = fakeVscode();
  const docPath = path.join(root, 'posts', 'trip.md');
  const uri = { scheme: 'file', fsPath: docPath, toString: () => `file://${docPath}` };
  const document = { uri, languageId: 'markdown', isClosed: false };
  class TabInputText {
    constructor(readonly uri: unknown) {}
  }
  const edits: { uri: unknown; range: unknown; text: string }[] = [];
  const memento = new Map<string, unknown>();
  const vs = {
    ...fake.vs,
    TabInputText,
    WorkspaceEdit: class {
      replace(u: unknown, range: unknown, text: string) {
        edits.push({ uri: u, range, text });
      }
    },
    workspace: {
      getConfiguration: () => ({ get: (key: string, fallback?: unknown) => (key in settings ? settings[key] : fallback) }),
      getWorkspaceFolder: () => ({ name: 'blog', uri: { fsPath: root } }),
      applyEdit: async () => true,
    },
    window: {
      ...fake.vs.window,
      activeTextEditor: undefined,
      visibleTextEditors: [],
      tabGroups: { all: [{ tabs: [{ input: new TabInputText(uri) }] }] },
    },
  };
  const log = fakeLog();
  const state = {
    get: (k: string) => memento.get(k),
    update: async (k: string, v: unknown) => void memento.set(k, v),
    keys: () => [...memento.keys()],
  };
  const writer = new LinkWriter(asVs(vs), new Settings(asVs(vs)), asVs(state), log);
  const target = asVs({ document, selection: 'the selection' });
  const file = (name: string) => ({ fsPath: path.join(root, 'static', 'images', name), kind: 'photo' as const, width: 4, height: 3 });
  return { root, fake, edits, log, writer, target, file, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

describe('LinkWriter (links into documents, with the settings of their folder)', () => {
  it('ignores a link root that does not exist, with one warning, and links relative', async () => {
    const t = setUp({ linkRoot: 'static' });
    try {
      assert.deepEqual(await t.writer.insert(t.target, [t.file('a.jpg')]), { kind: 'inserted', documentName: 'trip.md' });
      await t.writer.insert(t.target, [t.file('b.jpg')]);
      assert.deepEqual(
        t.edits.map((e) => e.text),
        ['![a](../static/images/a.jpg)', '![b](../static/images/b.jpg)'],
      );
      assert.equal(t.fake.shown.filter((m) => /linkRoot "static" does not exist/.test(m.message)).length, 1, 'warned once');
      fs.mkdirSync(path.join(t.root, 'static'));
      await t.writer.insert(t.target, [t.file('c.jpg')]);
      assert.equal(t.edits[2].text, '![c](/images/c.jpg)', 'once it exists, site-root links');
    } finally {
      t.cleanup();
    }
  });

  it('reports a template with an unknown variable by name and inserts nothing', async () => {
    const t = setUp({ linkTemplates: { markdown: '![${legend}](${path})' } });
    try {
      assert.deepEqual(await t.writer.insert(t.target, [t.file('a.jpg')], true), {
        kind: 'not-inserted',
        reason: 'template-error',
        copy: false,
      });
      assert.deepEqual(t.edits, []);
      assert.equal(t.fake.shown.length, 1);
      assert.match(t.fake.shown[0].message, /\$\{legend\}/);
    } finally {
      t.cleanup();
    }
  });

  it('does nothing automatically when insertLinks is never, nor into a document no tab shows any more', async () => {
    const never = setUp({ insertLinks: 'never' });
    assert.deepEqual(await never.writer.insert(never.target, [never.file('a.jpg')], true), {
      kind: 'not-inserted',
      reason: 'disabled',
      copy: false,
    });
    never.cleanup();
    const closed = setUp({});
    (closed.target.document as { isClosed: boolean }).isClosed = true;
    assert.deepEqual(await closed.writer.insert(closed.target, [closed.file('a.jpg')], true), {
      kind: 'not-inserted',
      reason: 'closed',
      copy: true,
    });
    assert.deepEqual(closed.edits, []);
    closed.cleanup();
  });

  it('remembers the last import, and forgets files deleted since', async () => {
    const t = setUp({});
    try {
      const kept = t.file('kept.jpg');
      const gone = t.file('gone.jpg');
      fs.mkdirSync(path.dirname(kept.fsPath), { recursive: true });
      fs.writeFileSync(kept.fsPath, 'x');
      fs.writeFileSync(gone.fsPath, 'x');
      await t.writer.remember([kept, gone]);
      fs.rmSync(gone.fsPath);
      assert.deepEqual(t.writer.lastImport(), [kept]);
    } finally {
      t.cleanup();
    }
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LinkWriter, toLinkedFiles } from '../../src/vscode/linkWriter';
import { Settings } from '../../src/vscode/settings';
import { tempDir } from '../engine/helpers';
import { asVs, fakeLog, fakeVscode } from './fakeVscode';

type Edit = { kind: 'text'; text: string } | { kind: 'snippet'; snippet: string };

/**
 * A Markdown document in a tab; `shown`: in the active editor, in an editor beside the active one, or in none;
 * `snippets`: this VS Code has snippet edits.
 */
function setUp(settings: Record<string, unknown>, { shown = 'active' as 'active' | 'beside' | 'hidden', snippets = true } = {}) {
  const root = tempDir('gpi-snippet-');
  const fake = fakeVscode();
  const docPath = path.join(root, 'trip.md');
  const uri = { scheme: 'file', fsPath: docPath, toString: () => `file://${docPath}` };
  const document = { uri, languageId: 'markdown', isClosed: false };
  class TabInputText {
    constructor(readonly uri: unknown) {}
  }
  const applied: Edit[][] = [];
  const focused: unknown[] = [];
  class WorkspaceEdit {
    readonly edits: Edit[] = [];
    replace(_u: unknown, _range: unknown, text: string) {
      this.edits.push({ kind: 'text', text });
    }
    set(_u: unknown, edits: { snippet: { value: string } }[]) {
      this.edits.push(...edits.map((e) => ({ kind: 'snippet' as const, snippet: e.snippet.value })));
    }
  }
  const snippetApi = {
    SnippetString: class {
      constructor(readonly value: string) {}
    },
    SnippetTextEdit: { replace: (range: unknown, snippet: { value: string }) => ({ range, snippet }) },
  };
  const vs = {
    ...fake.vs,
    ...(snippets ? snippetApi : {}),
    TabInputText,
    WorkspaceEdit,
    workspace: {
      getConfiguration: () => ({ get: (key: string, fallback?: unknown) => (key in settings ? settings[key] : fallback) }),
      getWorkspaceFolder: () => ({ name: 'blog', uri: { fsPath: root } }),
      applyEdit: async (edit: WorkspaceEdit) => (applied.push(edit.edits), true),
    },
    window: {
      ...fake.vs.window,
      activeTextEditor: shown === 'active' ? { document } : (undefined as unknown),
      visibleTextEditors: shown === 'beside' ? [{ document: { uri: 'another' } }, { document, viewColumn: 2 }] : [],
      showTextDocument: async (d: unknown, options: unknown) => {
        focused.push(options);
        vs.window.activeTextEditor = { document: d };
      },
      tabGroups: { all: [{ tabs: [{ input: new TabInputText(uri) }] }] },
    },
  };
  const state = { get: () => undefined, update: async () => undefined };
  const writer = new LinkWriter(asVs(vs), new Settings(asVs(vs)), asVs(state), fakeLog());
  const target = asVs({ document, selection: 'the selection' });
  const photo = (name: string) => ({ fsPath: path.join(root, name), kind: 'photo' as const });
  return { fake, applied, focused, writer, target, photo, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

describe('LinkWriter: alt texts typed in place (snippet edits)', () => {
  it('inserts one snippet edit whose alt texts are tab stops, the rest verbatim', async () => {
    const t = setUp({});
    try {
      const outcome = await t.writer.insert(t.target, [t.photo('sea-$1.jpg'), t.photo('b}.jpg')], true);
      assert.equal(outcome.kind, 'inserted');
      // The alt text "b}" is Markdown's b\}, escaped once more for the snippet.
      assert.deepEqual(
        t.applied,
        [[{ kind: 'snippet', snippet: '![${1:sea \\$1}](sea-\\$1.jpg)\n![${2:b\\\\\\}}](b%7D.jpg)' }]],
        'one edit: one undo',
      );
    } finally {
      t.cleanup();
    }
  });

  it('focuses the editor beside that shows the document, since VS Code makes snippets only in the active editor', async () => {
    const t = setUp({}, { shown: 'beside' });
    try {
      assert.equal((await t.writer.insert(t.target, [t.photo('a.jpg')], true)).kind, 'inserted');
      assert.deepEqual(t.focused, [{ viewColumn: 2, preserveFocus: false }]);
      assert.deepEqual(t.applied, [[{ kind: 'snippet', snippet: '![${1:a}](a.jpg)' }]]);
    } finally {
      t.cleanup();
    }
  });

  it('inserts plain text when the setting is off, the VS Code has no snippet edits, or no editor shows the document', async () => {
    const cases = [setUp({ altTextPlaceholders: false }), setUp({}, { snippets: false }), setUp({}, { shown: 'hidden' })];
    try {
      for (const t of cases) {
        assert.equal((await t.writer.insert(t.target, [t.photo('a.jpg')], true)).kind, 'inserted');
        assert.deepEqual(t.applied, [[{ kind: 'text', text: '![a](a.jpg)' }]]);
        assert.deepEqual(t.focused, [], 'the focus stays where it is');
      }
    } finally {
      for (const t of cases) t.cleanup();
    }
  });

  it('writes the captions, posters, sizes and facts an import gives into the links', async () => {
    const t = setUp({
      captionText: '${cameraModel}',
      altText: '${title} (${iso})',
      linkTemplates: { markdown: { photo: '${path} [${srcset}] ${alt} / ${caption}', video: '${path} ${poster}' } },
    });
    try {
      const root = path.dirname(t.target.document.uri.fsPath);
      const files = toLinkedFiles([
        {
          name: 'a.jpg',
          path: path.join(root, 'a.jpg'),
          kind: 'photo',
          width: 800,
          variants: [{ width: 400, path: path.join(root, 'a-400w.jpg') }],
          facts: {
            cameraMake: '',
            cameraModel: 'X100',
            width: '',
            height: '',
            focalLength: '',
            aperture: '',
            iso: '200',
            exposureTime: '',
          },
        },
        { name: 'v.mp4', path: path.join(root, 'v.mp4'), kind: 'video', poster: path.join(root, 'v.poster.jpg') },
      ]);
      await t.writer.insert(t.target, files, true);
      assert.deepEqual(t.applied, [
        [{ kind: 'snippet', snippet: 'a.jpg [a-400w.jpg 400w, a.jpg 800w] ${1:a (200)} / X100\nv.mp4 v.poster.jpg' }],
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('checks the link settings before an import, naming the setting with a button to it', () => {
    const t = setUp({ captionText: '${camera}' });
    try {
      assert.equal(t.writer.checkSettings(t.target.document), false);
      assert.equal(t.fake.shown.length, 1);
      assert.match(t.fake.shown[0].message, /googlePhotosImport\.captionText: unknown variable \$\{camera\}/);
      assert.deepEqual(t.fake.shown[0].buttons, ['Open Settings']);
      const ok = setUp({ captionText: '${cameraModel}', linkTemplates: { html: '${srcset}' } });
      assert.equal(ok.writer.checkSettings(undefined), true);
      ok.cleanup();
    } finally {
      t.cleanup();
    }
  });
});

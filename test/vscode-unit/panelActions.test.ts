import * as assert from 'node:assert/strict';
import { PanelActions } from '../../src/vscode/panelActions';
import { ViewStore } from '../../src/vscode/viewStore';
import { asVs, fakeVscode } from './fakeVscode';

function setUp() {
  const fake = fakeVscode();
  const store = new ViewStore();
  // A LinkWriter that records what it was asked to write.
  const written: { how: string; files: string[] }[] = [];
  const links = {
    currentTarget: () => ({ document: 'the editor' }),
    insert: async (_target: unknown, files: { fsPath: string }[]) => (
      written.push({ how: 'insert', files: files.map((f) => f.fsPath) }),
      { kind: 'inserted' }
    ),
    copy: async (files: { fsPath: string }[]) => (written.push({ how: 'copy', files: files.map((f) => f.fsPath) }), true),
    explain: () => undefined,
    lastImport: () => [{ fsPath: '/w/assets/old.jpg', kind: 'photo' }],
  };
  return { fake, store, written, actions: new PanelActions(asVs(fake.vs), store, asVs(links)) };
}

describe('PanelActions (the panel buttons and the status-bar menu)', () => {
  it('copies the bare link and opens it with /autoclose, for the current view only', async () => {
    const { fake, store, actions } = setUp();
    await actions.onMessage({ type: 'copyLink' });
    assert.deepEqual(fake.clipboard, [], 'no link yet: nothing copied');
    store.dispatch({ type: 'starting' });
    store.dispatch({ type: 'session-created', sessionId: 's', pickerUri: 'https://photos.google.com/picker/s' });
    await actions.onMessage({ type: 'copyLink' });
    await actions.onMessage({ type: 'openInBrowser' });
    await actions.onMessage({ type: 'copyCode' });
    assert.deepEqual(fake.clipboard, ['https://photos.google.com/picker/s'], 'no code outside a device sign-in');
    assert.deepEqual(fake.opened, ['https://photos.google.com/picker/s/autoclose'], 'the browser tab closes itself after Done');
  });

  it('reveals only a file this import wrote; any other path from the page reveals the folder', async () => {
    const { fake, store, actions } = setUp();
    store.dispatch({
      type: 'finished',
      folderLabel: 'assets/',
      folderPath: '/w/assets',
      files: [{ name: 'a.jpg', path: '/w/assets/a.jpg', kind: 'photo' }],
      problems: [],
    });
    await actions.onMessage({ type: 'reveal', path: '/w/assets/a.jpg' });
    await actions.onMessage({ type: 'reveal', path: '/etc/passwd' });
    await actions.onMessage({ type: 'reveal' });
    assert.deepEqual(
      fake.commands.map((c) => [c.id, String(c.args[0])]),
      [
        ['revealInExplorer', '/w/assets/a.jpg'],
        ['revealInExplorer', '/w/assets'],
        ['revealInExplorer', '/w/assets'],
      ],
    );
  });

  it('runs the action picked from the status-bar menu', async () => {
    const { fake, actions } = setUp();
    fake.pickNext((items) => items.find((i) => /Cancel Import/.test(i.label)));
    await actions.statusMenu(['showPicker', 'cancel']);
    assert.deepEqual(
      fake.commands.map((c) => c.id),
      ['googlePhotosImport.cancelImport'],
    );
  });

  it('inserts or copies only files this import wrote: one by path, or all', async () => {
    const { store, written, actions } = setUp();
    await actions.onMessage({ type: 'insert' });
    assert.deepEqual(written, [], 'nothing before an import is done');
    const files = [
      { name: 'a.jpg', path: '/w/assets/a.jpg', kind: 'photo' as const },
      { name: 'b.mp4', path: '/w/assets/b.mp4', kind: 'video' as const },
    ];
    store.dispatch({ type: 'finished', folderLabel: 'assets/', folderPath: '/w/assets', files, problems: [] });
    await actions.onMessage({ type: 'insert', path: '/w/assets/b.mp4' });
    await actions.onMessage({ type: 'insert', path: '/home/me/.ssh/id_rsa' });
    await actions.onMessage({ type: 'insert' });
    await actions.onMessage({ type: 'copyLinks' });
    await actions.insertLastImport();
    assert.deepEqual(written, [
      { how: 'insert', files: ['/w/assets/b.mp4'] },
      { how: 'insert', files: ['/w/assets/a.jpg', '/w/assets/b.mp4'] },
      { how: 'copy', files: ['/w/assets/a.jpg', '/w/assets/b.mp4'] },
      { how: 'insert', files: ['/w/assets/old.jpg'] },
    ]);
  });
});

import * as assert from 'node:assert/strict';
import { PanelActions } from '../../src/vscode/panelActions';
import { ViewStore } from '../../src/vscode/viewStore';
import { asVs, fakeVscode } from './fakeVscode';

function setUp() {
  const fake = fakeVscode();
  const store = new ViewStore();
  return { fake, store, actions: new PanelActions(asVs(fake.vs), store) };
}

describe('PanelActions (the panel buttons and the status-bar menu)', () => {
  it('opens and copies the link of the current view only', async () => {
    const { fake, store, actions } = setUp();
    await actions.onMessage({ type: 'copyLink' });
    assert.deepEqual(fake.clipboard, [], 'no link yet: nothing copied');
    store.dispatch({ type: 'starting' });
    store.dispatch({ type: 'session-created', sessionId: 's', pickerUri: 'https://photos.google.com/picker/s' });
    await actions.onMessage({ type: 'copyLink' });
    await actions.onMessage({ type: 'openInBrowser' });
    await actions.onMessage({ type: 'copyCode' });
    assert.deepEqual(fake.clipboard, ['https://photos.google.com/picker/s'], 'no code outside a device sign-in');
    assert.deepEqual(fake.opened, ['https://photos.google.com/picker/s']);
  });

  it('reveals only a file this import wrote; any other path from the page reveals the folder', async () => {
    const { fake, store, actions } = setUp();
    store.dispatch({ type: 'finished', folderLabel: 'assets/', folderPath: '/w/assets', files: [{ name: 'a.jpg', path: '/w/assets/a.jpg' }], problems: [] });
    await actions.onMessage({ type: 'reveal', path: '/w/assets/a.jpg' });
    await actions.onMessage({ type: 'reveal', path: '/etc/passwd' });
    await actions.onMessage({ type: 'reveal' });
    assert.deepEqual(fake.commands.map((c) => [c.id, String(c.args[0])]), [
      ['revealInExplorer', '/w/assets/a.jpg'],
      ['revealInExplorer', '/w/assets'],
      ['revealInExplorer', '/w/assets'],
    ]);
  });

  it('runs the action picked from the status-bar menu', async () => {
    const { fake, actions } = setUp();
    fake.pickNext((items) => items.find((i) => /Cancel Import/.test(i.label)));
    await actions.statusMenu(['showPicker', 'cancel']);
    assert.deepEqual(fake.commands.map((c) => c.id), ['googlePhotosImport.cancelImport']);
  });
});

import * as assert from 'node:assert/strict';
import { ImportStatusBar } from '../../src/vscode/statusBar';
import { ViewStore } from '../../src/vscode/viewStore';
import { asVs, fakeVscode } from './fakeVscode';

describe('ImportStatusBar (renders the view into the status-bar item)', () => {
  it('shows each view with its text and its click, and hides when idle', () => {
    const fake = fakeVscode();
    const store = new ViewStore();
    const bar = new ImportStatusBar(asVs(fake.vs), store, () => 0);
    after(() => bar.dispose()); // its countdown timer must not outlive a failed assertion
    const item = fake.statusItems[0];
    assert.equal(item.visible, false);
    store.dispatch({ type: 'starting' });
    store.dispatch({ type: 'session-created', sessionId: 's', pickerUri: 'https://photos.google.com/p' });
    store.dispatch({ type: 'waiting', polls: 1, deadline: 61_000 });
    assert.equal(item.visible, true);
    assert.equal(item.text, '$(sync~spin) Google Photos: waiting 1:01');
    assert.equal((item.command as { command: string }).command, 'googlePhotosImport.showPicker');
    store.dispatch({ type: 'failed', message: 'boom' });
    assert.equal(item.tooltip, 'boom');
    assert.equal((item.backgroundColor as { id: string }).id, 'statusBarItem.errorBackground');
    assert.deepEqual((item.command as { arguments: unknown[] }).arguments, [['showPicker', 'retry']]);
    bar.dispose();
    assert.equal(item.disposed, true);
  });
});

import * as assert from 'node:assert/strict';
import { parseFromPanel } from '../../src/vscode/panelMessages';

describe('messages from the webview', () => {
  it('accepts only the known shapes', () => {
    assert.deepEqual(parseFromPanel({ type: 'copyLink' }), { type: 'copyLink' });
    assert.deepEqual(parseFromPanel({ type: 'reveal', path: '/x' }), { type: 'reveal', path: '/x' });
    assert.deepEqual(parseFromPanel({ type: 'reveal', path: 42 }), { type: 'reveal', path: undefined });
    assert.deepEqual(parseFromPanel({ type: 'insert', path: '/x' }), { type: 'insert', path: '/x' });
    assert.deepEqual(parseFromPanel({ type: 'insert' }), { type: 'insert', path: undefined });
    assert.deepEqual(parseFromPanel({ type: 'copyLinks', extra: 1 }), { type: 'copyLinks' });
    for (const bad of [null, 'copyLink', { type: 'runCommand' }, { type: 7 }, {}]) assert.equal(parseFromPanel(bad), undefined);
  });
});

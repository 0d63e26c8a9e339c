import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { isTrustedGooglePage } from '../../src/trustedUrl';
import { chooseDestination, type FolderLike } from '../../src/vscode/destination';
import { parseFromPanel } from '../../src/vscode/panelState';
import { lingerMs, reduce, render, type StatusEvent, type StatusState } from '../../src/vscode/statusModel';

describe('status-bar state machine', () => {
  const run = (events: StatusEvent[]) => events.reduce<StatusState>((s, e) => reduce(s, e), { kind: 'hidden' });

  it('goes waiting -> importing i/N -> imported N', () => {
    const deadline = 1_000_000 + 90_000;
    let state = run([{ type: 'starting' }, { type: 'session-created', sessionId: 's', pickerUri: 'u' }, { type: 'waiting', polls: 0, deadline }]);
    assert.deepEqual(state, { kind: 'waiting', deadline });
    const waiting = render(state, 1_000_000);
    assert.equal(waiting.text, '$(sync~spin) Google Photos: waiting 1:30');
    const shouting = render(state, 1_000_000, (m, ...a) => m.toUpperCase().replace('{0}', String(a[0])));
    assert.equal(shouting.text, '$(sync~spin) GOOGLE PHOTOS: WAITING 1:30', 'every shown string goes through the translate function');
    assert.ok(waiting.ticking && waiting.visible);
    state = reduce(state, { type: 'picked', count: 3 });
    state = reduce(state, { type: 'downloading', done: 2, total: 3 });
    assert.equal(render(state, 0).text, '$(cloud-download) Google Photos: importing 2/3');
    state = reduce(state, { type: 'finished', count: 3, folderLabel: 'assets/' });
    assert.equal(render(state, 0).text, '$(check) Google Photos: imported 3');
    assert.equal(render(state, 0).tooltip, 'Imported 3 item(s) to assets/.');
    assert.equal(lingerMs(state), 15_000);
    assert.deepEqual(reduce(state, { type: 'dismiss' }), { kind: 'hidden' });
  });

  it('shows failures with the error in the tooltip, in the error colour', () => {
    const view = render(run([{ type: 'starting' }, { type: 'failed', message: 'sessions.create failed: 429' }]), 0);
    assert.equal(view.tooltip, 'sessions.create failed: 429');
    assert.ok(view.error);
  });

  it('ignores a late poll tick once downloading, and a dismiss while busy', () => {
    const importing = run([{ type: 'starting' }, { type: 'picked', count: 2 }]);
    assert.equal(reduce(importing, { type: 'waiting', polls: 3, deadline: 5 }), importing);
    assert.equal(reduce(importing, { type: 'dismiss' }), importing);
    assert.equal(render({ kind: 'hidden' }, 0).visible, false);
  });

  it('resets to hidden when sign-in is abandoned', () => {
    assert.deepEqual(run([{ type: 'signing-in' }, { type: 'reset' }]), { kind: 'hidden' });
  });
});

describe('choosing the destination folder (fake URIs)', () => {
  const folder = (name: string, fsPath: string, scheme = 'file'): FolderLike => ({ name, uri: { scheme, fsPath, toString: () => `${scheme}://${fsPath}` } });
  const blog = folder('blog', '/home/me/blog');
  const site = folder('site', '/home/me/site');

  it('uses the only folder, with the setting relative to it', () => {
    assert.deepEqual(chooseDestination([blog], undefined, 'assets'), { kind: 'folder', folder: blog, fsPath: path.resolve('/home/me/blog/assets'), label: 'assets/' });
    const nested = chooseDestination([blog], undefined, 'static/img/');
    assert.equal(nested.kind === 'folder' && nested.fsPath, path.resolve('/home/me/blog/static/img'));
  });

  it('in a multi-root workspace, uses the active editor\'s folder, else asks', () => {
    const chosen = chooseDestination([blog, site], site, 'assets');
    assert.equal(chosen.kind === 'folder' && chosen.label, 'site/assets');
    assert.deepEqual(chooseDestination([blog, site], undefined, 'assets'), { kind: 'ask', folders: [blog, site] });
  });

  it('offers to open a folder when there is none', () => {
    assert.deepEqual(chooseDestination(undefined, undefined, 'assets'), { kind: 'no-workspace' });
    assert.deepEqual(chooseDestination([], undefined, 'assets'), { kind: 'no-workspace' });
  });

  it('refuses settings that leave the workspace folder, and folders not on disk', () => {
    for (const bad of ['../outside', 'assets/../../x', '..']) {
      assert.deepEqual(chooseDestination([blog], undefined, bad), { kind: 'invalid', reason: 'outside', detail: bad }, bad);
    }
    for (const bad of ['/etc', 'C:\\Windows']) assert.equal((chooseDestination([blog], undefined, bad) as { reason?: string }).reason, 'absolute', bad);
    const virtual = chooseDestination([folder('remote', '/repo', 'vscode-vfs')], undefined, 'assets');
    assert.deepEqual(virtual, { kind: 'invalid', reason: 'not-on-disk', detail: 'remote' });
  });
});

describe('trusting a pickerUri', () => {
  it('trusts https links on Google\'s host and the configured test endpoint only', () => {
    assert.ok(isTrustedGooglePage('https://photos.google.com/picker/abc', []));
    assert.ok(isTrustedGooglePage('http://127.0.0.1:5000/picker/abc', ['http://127.0.0.1:5000']));
    for (const bad of ['http://photos.google.com/picker', 'https://photos.google.com.evil.example/x', 'https://evil.example/photos.google.com', 'javascript:alert(1)', 'https://user@photos.google.com/x', 'https://photos.google.com:8443/x', 'not a url']) {
      assert.equal(isTrustedGooglePage(bad, ['http://127.0.0.1:5000']), false, bad);
    }
  });
});

describe('messages from the webview', () => {
  it('accepts only the known shapes', () => {
    assert.deepEqual(parseFromPanel({ type: 'copyLink' }), { type: 'copyLink' });
    assert.deepEqual(parseFromPanel({ type: 'reveal', path: '/x' }), { type: 'reveal', path: '/x' });
    assert.deepEqual(parseFromPanel({ type: 'reveal', path: 42 }), { type: 'reveal', path: undefined });
    for (const bad of [null, 'copyLink', { type: 'runCommand' }, { type: 7 }, {}]) assert.equal(parseFromPanel(bad), undefined);
  });
});

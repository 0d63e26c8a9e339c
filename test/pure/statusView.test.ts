import * as assert from 'node:assert/strict';
import type { ImportView } from '../../src/vscode/importView';
import { renderStatus, statusActions } from '../../src/vscode/statusView';

const MENU = 'googlePhotosImport.statusBarClicked';
const waiting: ImportView = { kind: 'waiting', pickerUri: 'https://photos.google.com/p', deadline: 1_000_000 + 90_000 };
const done: ImportView = {
  kind: 'done',
  folderLabel: 'assets/',
  folderPath: '/w/assets',
  files: [
    { name: 'a', path: '/w/assets/a', kind: 'photo' },
    { name: 'b', path: '/w/assets/b', kind: 'photo' },
    { name: 'c', path: '/w/assets/c', kind: 'photo' },
  ],
  problems: [],
};

describe('the status-bar item rendered from the view (renderStatus)', () => {
  it('counts down while waiting, and a click opens the QR panel directly', () => {
    const view = renderStatus(waiting, 1_000_000);
    assert.equal(view.text, '$(sync~spin) Google Photos: waiting 1:30');
    assert.ok(view.ticking && view.visible);
    assert.deepEqual(view.click, { command: 'googlePhotosImport.showPicker' });
    const shouting = renderStatus(waiting, 1_000_000, { t: (m, ...a) => m.toUpperCase().replace('{0}', String(a[0])) });
    assert.equal(shouting.text, '$(sync~spin) GOOGLE PHOTOS: WAITING 1:30', 'every shown string goes through the translate function');
  });

  it('shows progress, then the result for a while', () => {
    assert.equal(renderStatus({ kind: 'downloading', done: 2, total: 3 }, 0).text, '$(cloud-download) Google Photos: importing 2/3');
    assert.equal(
      renderStatus({ kind: 'downloading', done: 2, total: 100, more: true }, 0).text,
      '$(cloud-download) Google Photos: importing 2/100+',
      'more still being listed',
    );
    const paused = renderStatus({ kind: 'downloading', done: 2, total: 3, pausedUntil: 90_000 }, 0);
    assert.deepEqual(
      [paused.text, paused.ticking],
      ['$(watch) Google Photos: importing 2/3, waiting 1:30', true],
      'Google asked to wait: a countdown',
    );
    assert.equal(
      renderStatus({ kind: 'downloading', done: 2, total: 3, pausedUntil: 90_000 }, 90_000).text,
      '$(cloud-download) Google Photos: importing 2/3',
      'the wait is over',
    );
    const finished = renderStatus(done, 0);
    assert.equal(finished.text, '$(check) Google Photos: imported 3');
    assert.equal(finished.tooltip, 'Imported 3 item(s) to assets/.');
    assert.equal(finished.lingerMs, 15_000);
    assert.equal(renderStatus({ kind: 'cancelled', message: '' }, 0).lingerMs, 5_000);
  });

  it('shows failures with the error in the tooltip, in the error colour', () => {
    const view = renderStatus({ kind: 'failed', message: 'sessions.create failed: 429' }, 0);
    assert.equal(view.tooltip, 'sessions.create failed: 429');
    assert.ok(view.error);
    assert.equal(view.lingerMs, 60_000);
  });

  it('is hidden when there is nothing to show', () => {
    assert.equal(renderStatus({ kind: 'idle' }, 0).visible, false);
    assert.equal(renderStatus({ kind: 'signed-in' }, 0).visible, false);
  });

  it('carries the menu a click opens: what makes sense in each view', () => {
    const table: [ImportView, string[]][] = [
      [{ kind: 'idle' }, []],
      [{ kind: 'signing-in' }, ['showPicker', 'cancel']],
      [{ kind: 'starting' }, ['showPicker', 'cancel']],
      [{ kind: 'downloading', done: 0, total: 1 }, ['showPicker', 'cancel']],
      [done, ['showPicker', 'reveal']],
      [{ kind: 'failed', message: 'x' }, ['showPicker', 'retry']],
      [{ kind: 'cancelled', message: 'x' }, ['showPicker']],
    ];
    for (const [view, actions] of table) {
      assert.deepEqual(statusActions(view), actions, view.kind);
      if (view.kind !== 'idle') assert.deepEqual(renderStatus(view, 0).click, { command: MENU, arguments: [actions] }, view.kind);
    }
  });
});

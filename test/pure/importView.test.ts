import * as assert from 'node:assert/strict';
import { browserLinkOf, type ImportView, isBusy, linkOf, reduceView, type ViewEvent, withAutoclose } from '../../src/vscode/importView';

const prompt = { verificationUrl: 'https://www.google.com/device', userCode: 'ABCD-EFGH', expiresAt: 9 };
const idle: ImportView = { kind: 'idle' };
const starting: ImportView = { kind: 'starting' };
const waiting: ImportView = { kind: 'waiting', pickerUri: 'https://photos.google.com/picker/1', deadline: 100 };
const downloading: ImportView = { kind: 'downloading', done: 1, total: 3 };
const done: ImportView = {
  kind: 'done',
  folderLabel: 'assets/',
  folderPath: '/w/assets',
  files: [{ name: 'a.jpg', path: '/w/assets/a.jpg', kind: 'photo' }],
  problems: [],
};
const failed: ImportView = { kind: 'failed', message: 'boom' };
const cancelled: ImportView = { kind: 'cancelled', message: 'stopped' };
const finals = [done, failed, cancelled];

describe('the import view-model (reduceView)', () => {
  // [from, event, to]: one row per transition the extension relies on.
  const table: [string, ImportView, ViewEvent, ImportView][] = [
    ['sign-in starts from anything', done, { type: 'signing-in' }, { kind: 'signing-in' }],
    [
      'a device code is shown while signing in',
      { kind: 'signing-in' },
      { type: 'device-code', prompt },
      { kind: 'signing-in', deviceCode: prompt },
    ],
    ['sign-in ends', { kind: 'signing-in', deviceCode: prompt }, { type: 'signed-in' }, { kind: 'signed-in' }],
    ['an abandoned sign-in shows nothing', { kind: 'signing-in' }, { type: 'sign-in-abandoned' }, idle],
    ['an import starts', { kind: 'signed-in' }, { type: 'starting' }, starting],
    [
      'the session brings the link',
      starting,
      { type: 'session-created', sessionId: 's', pickerUri: 'https://photos.google.com/picker/1' },
      { kind: 'waiting', pickerUri: 'https://photos.google.com/picker/1' },
    ],
    [
      'a poll tick sets the deadline',
      { kind: 'waiting', pickerUri: 'u' },
      { type: 'waiting', polls: 1, deadline: 100 },
      { kind: 'waiting', pickerUri: 'u', deadline: 100 },
    ],
    ['Done moves on to downloading', waiting, { type: 'picked', count: 3 }, { kind: 'downloading', done: 0, total: 3 }],
    [
      'Done while later pages are still listed: the total is so far',
      waiting,
      { type: 'picked', count: 100, more: true },
      { kind: 'downloading', done: 0, total: 100, more: true },
    ],
    [
      "the listing ends: the total is the pick's",
      { kind: 'downloading', done: 5, total: 200, more: true },
      { type: 'downloading', done: 6, total: 250 },
      { kind: 'downloading', done: 6, total: 250 },
    ],
    [
      'a page listed while nothing else changed',
      { kind: 'downloading', done: 5, total: 200, more: true },
      { type: 'downloading', done: 5, total: 200 },
      { kind: 'downloading', done: 5, total: 200 },
    ],
    [
      'Google asks to wait: the view says until when',
      downloading,
      { type: 'rate-limited', until: 5_000 },
      { ...downloading, pausedUntil: 5_000 },
    ],
    [
      'progress during and after the wait keeps when it ends (the renderers compare it with the clock)',
      { ...downloading, pausedUntil: 5_000 },
      { type: 'downloading', done: 2, total: 3 },
      { kind: 'downloading', done: 2, total: 3, pausedUntil: 5_000 },
    ],
    ['a wait told after the import ended changes nothing', done, { type: 'rate-limited', until: 5_000 }, done],
    ['progress counts up', downloading, { type: 'downloading', done: 2, total: 3 }, { kind: 'downloading', done: 2, total: 3 }],
    [
      'the summary ends it',
      downloading,
      { type: 'finished', folderLabel: 'assets/', folderPath: '/w/assets', files: done.files, problems: [] },
      done,
    ],
    ['an error ends it', waiting, { type: 'failed', message: 'boom' }, failed],
    ['a cancel ends it', waiting, { type: 'cancelled', message: 'stopped' }, cancelled],
  ];
  for (const [name, from, event, to] of table) {
    it(name, () => assert.deepEqual(reduceView(from, event), to));
  }

  it('never lets an older update win: late ticks and progress leave later views as they are (the same object)', () => {
    const late: ViewEvent[] = [
      { type: 'session-created', sessionId: 's', pickerUri: 'https://photos.google.com/picker/old' },
      { type: 'waiting', polls: 9, deadline: 5 },
      { type: 'picked', count: 7 },
      { type: 'downloading', done: 1, total: 7 },
      { type: 'device-code', prompt },
      { type: 'signed-in' },
      { type: 'sign-in-abandoned' },
      { type: 'session-deleted', sessionId: 's' },
      { type: 'session-delete-failed', sessionId: 's', error: 'x' },
    ];
    for (const view of [...finals, downloading]) {
      for (const event of late) {
        if (view === downloading && event.type === 'downloading') continue; // progress is for exactly this view
        assert.equal(reduceView(view, event), view, `${event.type} after ${view.kind}`);
      }
    }
    assert.equal(
      reduceView(waiting, { type: 'session-created', sessionId: 's2', pickerUri: 'https://photos.google.com/picker/2' }),
      waiting,
      'a second link does not replace the one shown',
    );
    assert.equal(reduceView(waiting, { type: 'waiting', polls: 2, deadline: 100 }), waiting, 'an unchanged tick is no change');
    assert.equal(reduceView(downloading, { type: 'downloading', done: 1, total: 3 }), downloading);
  });

  it('says which views are busy (cancellable) and which link the panel offers', () => {
    assert.deepEqual([idle, { kind: 'signing-in' } as ImportView, starting, waiting, downloading, ...finals].map(isBusy), [
      false,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    assert.equal(linkOf(waiting), 'https://photos.google.com/picker/1');
    assert.equal(linkOf({ kind: 'signing-in', deviceCode: prompt }), prompt.verificationUrl);
    assert.equal(linkOf({ kind: 'signing-in' }), undefined);
    assert.equal(linkOf(done), undefined);
  });

  it('opens the picker in a browser with /autoclose after its path; the shown, copied and QR link stays bare', () => {
    assert.equal(browserLinkOf(waiting), 'https://photos.google.com/picker/1/autoclose');
    assert.equal(linkOf(waiting), 'https://photos.google.com/picker/1');
    assert.equal(browserLinkOf({ kind: 'signing-in', deviceCode: prompt }), prompt.verificationUrl, 'the sign-in page as it is');
    assert.equal(browserLinkOf(done), undefined);
    assert.equal(withAutoclose('https://photos.google.com/picker/1/'), 'https://photos.google.com/picker/1/autoclose');
    assert.equal(withAutoclose('https://photos.google.com/picker/1?hl=de'), 'https://photos.google.com/picker/1/autoclose?hl=de');
    assert.equal(withAutoclose('https://photos.google.com/picker/1/autoclose'), 'https://photos.google.com/picker/1/autoclose');
  });
});

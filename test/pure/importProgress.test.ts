import * as assert from 'node:assert/strict';
import type { ImportEvent } from '../../src/import';
import { progressFor } from '../../src/vscode/importProgress';

/** vscode.l10n.t with no translation: the English string with its {n} filled in. */
const l10n = {
  t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, n: string) => String(args[Number(n)])),
} as Parameters<typeof progressFor>[1];

describe('the progress notification (progressFor)', () => {
  const table: [string, ImportEvent, ReturnType<typeof progressFor>][] = [
    ['waiting', { type: 'waiting', polls: 1 }, { message: 'waiting for your selection (scan the QR code or open the link)' }],
    ['a pick listed in one page', { type: 'picked', count: 3 }, { message: '3 picked' }],
    ['the first page of a larger pick', { type: 'picked', count: 100, more: true }, { message: '100 picked so far' }],
    [
      'downloading while still listing: no bar yet',
      { type: 'downloading', done: 5, total: 100, more: true },
      { message: 'downloading 5 of at least 100' },
    ],
    ['downloading a known total', { type: 'downloading', done: 50, total: 200 }, { message: 'downloading 50 of 200', percent: 25 }],
    ['nothing to download', { type: 'downloading', done: 0, total: 0 }, undefined],
    ['Google asks to wait', { type: 'rate-limited', until: 61_000 }, { message: 'Google asked to wait 60 s (download quota)' }],
    ['the session deleted says nothing here', { type: 'session-deleted', sessionId: 's' }, undefined],
  ];
  for (const [name, event, expected] of table) {
    it(name, () => assert.deepEqual(progressFor(event, l10n, 1_000), expected));
  }
});

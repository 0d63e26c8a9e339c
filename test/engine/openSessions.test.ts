import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { type ImportEvent, importPhotos } from '../../src/import';
import { MemorySessionStore, type OpenSessionRecord } from '../../src/picker/openSessions';
import { windowOwnership } from '../../src/picker/windowOwner';
import type { GoogleEmulator } from '../../emulator/server';
import { clientFor, emulatorAndFolderPerTest, FAST_RETRY } from './helpers';

describe('sessions left open by a crash are deleted by the next import (else they would stay until they expire)', () => {
  let emulator: GoogleEmulator;
  let dir: string;
  emulatorAndFolderPerTest({}, (e, folder) => {
    emulator = e;
    dir = folder;
  });

  // One window: its earlier import's record is its own, and no import of it runs any more.
  const owner = windowOwnership();

  function run(store: MemorySessionStore, events: ImportEvent[] = []) {
    return importPhotos({
      endpoints: emulator.endpoints,
      tokens: clientFor(emulator).tokens,
      retry: FAST_RETRY,
      destDir: path.join(dir, 'assets'),
      openSessions: { store, owner },
      onEvent: (e) => {
        events.push(e);
        // The record must exist before the link is shown: a crash right after showing it must not lose the session.
        if (e.type === 'session-created') {
          assert.ok(
            store.records.some((r) => r.id === e.sessionId),
            'recorded before the link is shown',
          );
          setTimeout(() => emulator.pick(e.sessionId, { itemIds: ['item-0003'] }), 20);
        }
      },
    });
  }

  it('records the session while it lives and forgets it once deleted', async () => {
    const store = new MemorySessionStore();
    const summary = await run(store);
    assert.equal(emulator.sessions.get(summary.sessionId)!.deleted, true);
    assert.deepEqual(store.records, []);
  });

  it("a session whose delete failed (or a crashed run's) is deleted before the next one is created", async () => {
    const store = new MemorySessionStore();
    emulator.injectFault({ method: 'DELETE', path: '/v1/sessions', status: 503, times: 10 });
    const first = await run(store);
    assert.equal(emulator.sessions.get(first.sessionId)!.deleted, false, 'left open');
    assert.deepEqual(
      store.records.map((r) => r.id),
      [first.sessionId],
    );

    emulator.clearFaults();
    const events: ImportEvent[] = [];
    const second = await run(store, events);
    assert.equal(emulator.sessions.get(first.sessionId)!.deleted, true, 'the leftover is gone');
    assert.deepEqual(
      events.find((e) => e.type === 'leftover-sessions-deleted'),
      { type: 'leftover-sessions-deleted', sessionIds: [first.sessionId] },
    );
    const deleteAt = emulator.requests.findIndex((r) => r.method === 'DELETE' && r.path.endsWith(first.sessionId));
    const createAt = emulator.requests.findIndex((r, i) => i > deleteAt && r.method === 'POST' && r.path === '/v1/sessions');
    assert.ok(deleteAt >= 0 && createAt > deleteAt, 'deleted before the new session was created');
    assert.equal(emulator.sessions.get(second.sessionId)!.deleted, true);
    assert.deepEqual(store.records, []);
  });

  it("a leftover already gone (404) counts as deleted; another API's or an expired record is left alone or dropped", async () => {
    const store = new MemorySessionStore();
    const gone = { kind: 'window', window: 'crashed', heartbeatAt: Date.now() - 3600_000, everyMs: 60_000 };
    const other: OpenSessionRecord = {
      id: 'elsewhere',
      api: 'https://photospicker.googleapis.com',
      expiresAt: Date.now() + 3600_000,
      owner: gone,
    };
    store.records = [
      { id: 'never-existed', api: emulator.endpoints.pickerApi, expiresAt: Date.now() + 3600_000, owner: gone },
      { id: 'expired', api: emulator.endpoints.pickerApi, expiresAt: Date.now() - 1 },
      other,
    ];
    const events: ImportEvent[] = [];
    await run(store, events);
    assert.deepEqual(
      events.find((e) => e.type === 'leftover-sessions-deleted'),
      { type: 'leftover-sessions-deleted', sessionIds: ['never-existed'] },
    );
    assert.ok(!emulator.requests.some((r) => r.path.endsWith('/expired') || r.path.endsWith('/elsewhere')));
    assert.deepEqual(store.records, [other]);
  });
});

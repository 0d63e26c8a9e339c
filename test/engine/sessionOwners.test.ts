import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { type ImportEvent, importPhotos, type ImportSummary, UntrustedLinkError } from '../../src/import';
import { listSessionStore, MemorySessionStore, type OpenSessionRecord, OpenSessions } from '../../src/picker/openSessions';
import type { SessionOwnership } from '../../src/picker/sessionOwner';
import { type Repeat, windowOwnership } from '../../src/picker/windowOwner';
import type { GoogleEmulator } from '../../emulator/server';
import { clientFor, emulatorAndFolderPerTest, FAST_RETRY, until } from './helpers';

const MINUTE = 60_000;

/** Heartbeat timers the test drives by hand: which run, and how many were ever started. */
class ManualBeats {
  readonly running = new Set<() => void>();
  started = 0;
  readonly repeat: Repeat = (beat) => {
    this.started++;
    this.running.add(beat);
    return () => this.running.delete(beat);
  };

  beat(): void {
    for (const beat of this.running) beat();
  }
}

describe('windows sharing one record of open sessions (globalState) delete only sessions of windows that are gone', () => {
  let emulator: GoogleEmulator;
  let dir: string;
  emulatorAndFolderPerTest({}, (e, folder) => {
    emulator = e;
    dir = folder;
  });

  /** A window with its own clock and hand-driven heartbeat. */
  function window(name: string) {
    const clock = { now: Date.now() };
    const beats = new ManualBeats();
    const owner = windowOwnership({ windowId: name, heartbeatMs: MINUTE, now: () => clock.now, repeat: beats.repeat });
    return { clock, beats, owner };
  }

  it("a live window's session is kept; once its heartbeat is three intervals old, the next import deletes it", async () => {
    const { client } = clientFor(emulator);
    const api = emulator.endpoints.pickerApi;
    const store = new MemorySessionStore();
    const first = window('first');
    const second = window('second');
    const session = await client.createSession({}, AbortSignal.timeout(5000));
    const held = new OpenSessions({ store, owner: first.owner }, api, () => first.clock.now).hold(session.id, session.expireTime);
    await held.written;
    const secondOpen = new OpenSessions({ store, owner: second.owner }, api, () => second.clock.now);

    assert.deepEqual(await secondOpen.deleteLeftovers(client, AbortSignal.timeout(5000)), [], 'the first window is picking');
    assert.equal(emulator.sessions.get(session.id)!.deleted, false);

    // The first window beats every minute: four minutes on, its last beat is two minutes old.
    first.clock.now += 2 * MINUTE;
    first.beats.beat();
    await until(() => (store.records[0].owner as { heartbeatAt: number }).heartbeatAt === first.clock.now, 5000, 'the beat');
    second.clock.now += 4 * MINUTE;
    assert.deepEqual(await secondOpen.deleteLeftovers(client, AbortSignal.timeout(5000)), [], 'its heartbeat is fresh');
    assert.equal(emulator.sessions.get(session.id)!.deleted, false);

    // Then it crashes: no beat for three minutes and a millisecond.
    second.clock.now = first.clock.now + 3 * MINUTE + 1;
    assert.deepEqual(await secondOpen.deleteLeftovers(client, AbortSignal.timeout(5000)), [session.id]);
    assert.equal(emulator.sessions.get(session.id)!.deleted, true);
    assert.deepEqual(store.records, []);
  });

  it("two imports at once, sharing the store: the first one's user picks after the second started, and both finish", async () => {
    const store = new MemorySessionStore();
    const run = (owner: SessionOwnership, folder: string, events: ImportEvent[]) =>
      importPhotos({
        endpoints: emulator.endpoints,
        tokens: clientFor(emulator).tokens,
        retry: FAST_RETRY,
        destDir: path.join(dir, folder),
        openSessions: { store, owner },
        onEvent: (e) => events.push(e),
      });
    const firstEvents: ImportEvent[] = [];
    const secondEvents: ImportEvent[] = [];
    const first = run(windowOwnership(), 'first', firstEvents);
    const firstSession = await emulator.waitForSession();
    const second = run(windowOwnership(), 'second', secondEvents);
    const secondSession = await emulator.waitForSession(10_000, (s) => s.id !== firstSession.id);
    await until(() => secondEvents.some((e) => e.type === 'session-created'), 5000, 'the second link');
    const recordedWhileBothWait = store.records.map((r) => r.id).sort();

    emulator.pick(firstSession.id, { itemIds: ['item-0001'] });
    emulator.pick(secondSession.id, { itemIds: ['item-0003'] });
    const [a, b] = await Promise.allSettled([first, second]);
    assert.equal(a.status, 'fulfilled', a.status === 'rejected' ? String(a.reason) : '');
    assert.equal(b.status, 'fulfilled', b.status === 'rejected' ? String(b.reason) : '');
    assert.deepEqual(
      [
        (a as PromiseFulfilledResult<ImportSummary>).value.imported.length,
        (b as PromiseFulfilledResult<ImportSummary>).value.imported.length,
      ],
      [1, 1],
    );
    assert.ok(!secondEvents.some((e) => e.type === 'leftover-sessions-deleted'), 'the second deleted nothing');
    assert.deepEqual(recordedWhileBothWait, [firstSession.id, secondSession.id].sort());
    assert.equal(emulator.sessions.get(firstSession.id)!.deleted, true);
    assert.equal(emulator.sessions.get(secondSession.id)!.deleted, true);
    assert.deepEqual(store.records, []);
  });

  it("a record without an owner (an earlier version's) is kept until it expires", async () => {
    const { client } = clientFor(emulator);
    const session = await client.createSession({}, AbortSignal.timeout(5000));
    const store = new MemorySessionStore();
    store.records = [{ id: session.id, api: emulator.endpoints.pickerApi, expiresAt: Date.parse(session.expireTime!) }];
    const open = new OpenSessions({ store, owner: windowOwnership() }, emulator.endpoints.pickerApi);
    assert.deepEqual(await open.deleteLeftovers(client, AbortSignal.timeout(5000)), []);
    assert.equal(emulator.sessions.get(session.id)!.deleted, false);
    assert.equal(store.records.length, 1);
  });

  it("windows recording at once keep each other's records: each change reads globalState right before writing it", async () => {
    // globalState's shape: get answers the value just updated at once, update settles once it is stored.
    let value: OpenSessionRecord[] = [];
    const globalState = {
      get: () => value,
      set: async (records: OpenSessionRecord[]) => void ((value = records), await new Promise((r) => setTimeout(r, 5))),
    };
    const windows = [windowOwnership(), windowOwnership()].map(
      (owner) => new OpenSessions({ store: listSessionStore(globalState), owner }, 'https://api.example'),
    );
    const ids = Array.from({ length: 20 }, (_, i) => `session-${i}`);
    const held = ids.map((id, i) => windows[i % 2].hold(id));
    await Promise.all(held.map((h) => h.written));
    assert.deepEqual(value.map((r) => r.id).sort(), [...ids].sort());
    await Promise.all(held.map((h) => h.release(true)));
    assert.deepEqual(value, []);
  });

  describe("the heartbeat runs only while the window's import runs", () => {
    const pickFirst = () => void emulator.waitForSession().then((s) => emulator.pick(s.id, { itemIds: ['item-0003'] }));
    const cases: [
      string,
      (beats: ManualBeats) => { prepare?: () => void; signal?: AbortSignal; ends: (run: Promise<ImportSummary>) => Promise<unknown> },
    ][] = [
      ['done', () => ({ prepare: pickFirst, ends: (run) => run })],
      [
        'failed',
        () => ({
          prepare: () =>
            emulator.injectFault({
              method: 'POST',
              path: '/v1/sessions',
              body: { id: 'evil-session', pickerUri: 'https://phish.example/picker/x', mediaItemsSet: false },
            }),
          ends: (run) => assert.rejects(run, UntrustedLinkError),
        }),
      ],
      [
        'cancelled',
        (beats) => {
          const cancel = new AbortController();
          void until(() => beats.running.size === 1, 5000, 'the heartbeat').then(() => cancel.abort());
          return { signal: cancel.signal, ends: (run) => assert.rejects(run, { name: 'ImportCancelledError' }) };
        },
      ],
    ];
    for (const [end, scenario] of cases) {
      it(`${end}: it started with the session and is stopped`, async () => {
        const beats = new ManualBeats();
        const store = new MemorySessionStore();
        const { prepare, signal, ends } = scenario(beats);
        prepare?.();
        const owner = windowOwnership({ heartbeatMs: MINUTE, repeat: beats.repeat });
        await ends(
          importPhotos({
            endpoints: emulator.endpoints,
            tokens: clientFor(emulator).tokens,
            retry: FAST_RETRY,
            destDir: path.join(dir, 'assets'),
            openSessions: { store, owner },
            signal,
          }),
        );
        assert.equal(beats.started, 1, 'one heartbeat for the session');
        assert.equal(beats.running.size, 0, 'stopped');
      });
    }
  });
});

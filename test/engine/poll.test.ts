import * as assert from 'node:assert/strict';
import { MalformedDurationError } from '../../src/picker/duration';
import { PickerTimeoutError, waitForSelection, type WaitTick } from '../../src/picker/poll';
import { CancelledError } from '../../src/util/abort';
import type { GoogleEmulator } from '../../emulator/server';
import { clientFor, startEmulator } from './helpers';

describe('waiting for the selection', () => {
  let emulator: GoogleEmulator;
  afterEach(() => emulator?.close());

  it('polls on pollInterval, never faster, and returns when mediaItemsSet', async () => {
    emulator = await startEmulator({ pollInterval: '0.2s' });
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    const ticks: WaitTick[] = [];
    setTimeout(() => emulator.pick(session.id, { count: 1 }), 1100);
    const done = await waitForSelection(client, session, { onTick: (t) => ticks.push(t) });
    assert.equal(done.mediaItemsSet, true);
    const polls = emulator.sessions.get(session.id)!.polls;
    assert.ok(polls.length >= 4 && polls.length <= 7, `about 1.1 s / 0.2 s polls, got ${polls.length}`);
    for (let i = 1; i < polls.length; i++) assert.ok(polls[i] - polls[i - 1] >= 190, `gap ${polls[i] - polls[i - 1]} ms >= pollInterval`);
    assert.ok(ticks.length >= 4 && ticks.every((t) => t.deadline && t.deadline > Date.now() + 60_000), 'each tick reports the deadline');
  });

  it('ends with a timeout error when timeoutIn runs out', async () => {
    emulator = await startEmulator({ pollInterval: '0.1s', pickingTimeoutMs: 350 });
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    const started = Date.now();
    await assert.rejects(
      waitForSelection(client, session),
      (e: Error) => e instanceof PickerTimeoutError && e.reason === 'timeoutIn' && /timed out/.test(e.message),
    );
    assert.ok(Date.now() - started < 1500);
  });

  it('ends at expireTime even if the server keeps saying there is time', async () => {
    emulator = await startEmulator({ pollInterval: '0.1s', sessionLifetimeMs: 300 });
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    await assert.rejects(waitForSelection(client, session), (e: Error) => e instanceof PickerTimeoutError && e.reason === 'expireTime');
  });

  it('stops when the signal fires, within one tick', async () => {
    emulator = await startEmulator({ pollInterval: '5s' });
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await assert.rejects(waitForSelection(client, session, { signal: controller.signal }), CancelledError);
    assert.ok(Date.now() - started < 1000, 'did not wait out the 5 s interval');
  });

  for (const bad of ['5', 'soon', '', '1,5s']) {
    it(`fails clearly on a malformed pollInterval ${JSON.stringify(bad)} instead of spinning`, async () => {
      emulator = await startEmulator({ pollInterval: bad });
      const { client } = clientFor(emulator);
      const session = await client.createSession();
      await assert.rejects(
        waitForSelection(client, session),
        (e: Error) => e instanceof MalformedDurationError && /pollInterval/.test(e.message),
      );
      assert.equal(emulator.sessions.get(session.id)!.polls.length, 0, 'no poll was made with a bad interval');
    });
  }

  it('never polls faster than the floor when the server says "0s"', async () => {
    emulator = await startEmulator({ pollInterval: '0s' });
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    await assert.rejects(waitForSelection(client, session, { signal: controller.signal }), CancelledError);
    assert.ok(emulator.sessions.get(session.id)!.polls.length <= 6, 'at most one poll per 100 ms');
  });

  // Found by a hostile-server matrix: "3000000s" overflowed setTimeout (2^31 ms or more fires after 1 ms), and the old
  // code polled ~285 times a second. Fails on that code.
  it("does not spin on a pollInterval beyond setTimeout's range: it waits (at most a minute) instead", async () => {
    const month = 30 * 24 * 3600_000; // timeoutIn and expireTime beyond setTimeout's range too, so nothing caps the wait
    emulator = await startEmulator({ pollInterval: '3000000s', pickingTimeoutMs: month, sessionLifetimeMs: month });
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    await assert.rejects(waitForSelection(client, session, { signal: controller.signal }), CancelledError);
    assert.equal(emulator.sessions.get(session.id)!.polls.length, 0, 'no poll within 400 ms');
  });
});

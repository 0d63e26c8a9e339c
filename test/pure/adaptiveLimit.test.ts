import * as assert from 'node:assert/strict';
import { AdaptiveLimit } from '../../src/download/adaptiveLimit';
import { CancelledError } from '../../src/util/abort';

/** A limit on a clock of its own: waiting moves the clock on, and each wait is noted. */
function limitOf(max: number) {
  let now = 1_000;
  const waits: number[] = [];
  const pauses: number[] = [];
  const limit = new AdaptiveLimit(
    max,
    (until) => pauses.push(until),
    () => now,
    async (ms) => {
      waits.push(ms);
      now += ms;
    },
  );
  return { limit, waits, pauses };
}

const settledSoon = async (promise: Promise<unknown>) => {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return settled;
};

describe('AdaptiveLimit (media requests in flight, fewer after a 429)', () => {
  it('lets `max` requests in; the next waits for one to come back', async () => {
    const { limit } = limitOf(2);
    const [a] = [await limit.acquire(), await limit.acquire()];
    const third = limit.acquire();
    assert.equal(await settledSoon(third), false);
    limit.release(a);
    assert.equal(await settledSoon(third), true);
  });

  it('after a 429 nobody starts until the asked wait is over, and a burst of 429s halves the limit once', async () => {
    const { limit, waits, pauses } = limitOf(16);
    const epochs = await Promise.all(Array.from({ length: 16 }, () => limit.acquire()));
    limit.release(epochs[0], 2_000);
    limit.release(epochs[1], 5_000); // the same burst (started before the cut): a longer wait is kept,
    limit.release(epochs[2], 2_000); // and a shorter one does not cut it short
    assert.equal(limit.current, 8);
    assert.deepEqual(pauses, [3_000, 6_000], 'told when the pause starts and when it grows, with its end');
    for (const epoch of epochs.slice(3)) limit.release(epoch);
    await limit.acquire();
    assert.deepEqual(waits, [5_000], 'the next request waited for the longest pause asked');
  });

  it('tells of a pause that grows by a second or more, and of one that starts as the last ends; not of smaller growth', async () => {
    const { limit, pauses } = limitOf(16);
    const epochs = await Promise.all(Array.from({ length: 4 }, () => limit.acquire()));
    limit.release(epochs[0], 2_000); // until 3_000: told
    limit.release(epochs[1], 2_999); // grows by 999 ms: not told
    limit.release(epochs[2], 3_999); // grows by exactly a second (to 4_999, from 3_999): told
    assert.deepEqual(pauses, [3_000, 4_999]);
    const late = limitOf(16);
    const [first, second, third] = [await late.limit.acquire(), await late.limit.acquire(), await late.limit.acquire()];
    late.limit.release(first, 0); // a pause that ends as it starts (until = now = 1_000): told
    late.limit.release(second, 0); // the same moment again: nothing new
    late.limit.release(third, 500); // the last pause ends now, so this one starts afresh: told, however short
    assert.deepEqual(late.pauses, [1_000, 1_500]);
  });

  it('grows back by one after each `limit` requests that started since the cut, up to `max`; older ones do not count', async () => {
    const { limit } = limitOf(4);
    const old = await Promise.all([limit.acquire(), limit.acquire(), limit.acquire()]);
    limit.release(old[0], 10);
    assert.equal(limit.current, 2);
    limit.release(old[1]);
    limit.release(old[2]);
    assert.equal(limit.current, 2, 'successes of requests from before the cut do not grow it');
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++) limit.release(await limit.acquire());
    };
    await grow(1);
    assert.equal(limit.current, 2);
    await grow(1);
    assert.equal(limit.current, 3, 'two went through at a limit of two');
    await grow(3);
    assert.equal(limit.current, 4);
    await grow(20);
    assert.equal(limit.current, 4, 'never beyond max');
  });

  it('a 429 at a limit of one keeps it at one; a second cut needs a request from after the first', async () => {
    const { limit } = limitOf(2);
    const first = await limit.acquire();
    limit.release(first, 10);
    assert.equal(limit.current, 1);
    const next = await limit.acquire();
    limit.release(next, 10);
    assert.equal(limit.current, 1);
  });

  it('a cancel ends the wait for a place, and the wait for a pause', async () => {
    const { limit } = limitOf(1);
    const held = await limit.acquire();
    const running = new AbortController();
    const waiting = limit.acquire(running.signal);
    running.abort();
    await assert.rejects(waiting, CancelledError);
    limit.release(held, 10);
    const paused = new AdaptiveLimit(1); // a real wait this time
    paused.release(await paused.acquire(), 60_000);
    const cancelled = new AbortController();
    const pending = paused.acquire(cancelled.signal);
    cancelled.abort();
    await assert.rejects(pending, CancelledError);
  });
});

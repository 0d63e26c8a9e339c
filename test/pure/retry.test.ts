import * as assert from 'node:assert/strict';
import { CancelledError } from '../../src/util/abort';
import { backoffMs, type RetryWait, withRetries } from '../../src/util/retry';

/** Runs withRetries over failures that say how to go on; records the waits instead of waiting. */
async function run(failures: RetryWait[], options: { maxRetries?: number; random?: () => number; signal?: AbortSignal } = {}) {
  const waits: number[] = [];
  const tries: { attempt: number; last: boolean }[] = [];
  const outcome = await withRetries(
    async (attempt, last) => {
      tries.push({ attempt, last });
      if (attempt > failures.length) return 'done';
      throw Object.assign(new Error(`try ${attempt}`), { next: failures[attempt - 1] });
    },
    (err) => (err as { next: RetryWait }).next,
    {
      maxRetries: options.maxRetries ?? 3,
      baseDelayMs: 100,
      random: options.random ?? (() => 0),
      signal: options.signal,
      wait: async (ms) => void waits.push(ms),
    },
  ).catch((err: Error) => err);
  return { outcome, waits, tries };
}

describe('withRetries (the one retry loop)', () => {
  it('doubles its backoff each try', async () => {
    const { outcome, waits } = await run(['backoff', 'backoff', 'backoff']);
    assert.equal(outcome, 'done');
    assert.deepEqual(waits, [100, 200, 400]);
  });

  it('jitters each backoff between 1 and 1.5 times its step, from the random source it is given', async () => {
    assert.deepEqual((await run(['backoff', 'backoff'], { random: () => 0.5 })).waits, [125, 250]);
    assert.deepEqual((await run(['backoff'], { random: () => 0.99 })).waits, [149.5]);
    assert.equal(
      backoffMs(3, 100, () => 2),
      600,
      'a random source out of range is held to it',
    );
  });

  it("waits exactly what a failure asks for (a server's Retry-After), with no jitter", async () => {
    assert.deepEqual((await run([30_000, 'backoff'], { random: () => 0.5 })).waits, [30_000, 250]);
  });

  it('gives up at once when told, and after maxRetries with the last error, saying which try is the last', async () => {
    const refused = await run(['backoff', 'give-up', 'backoff']);
    assert.equal((refused.outcome as Error).message, 'try 2');
    assert.deepEqual(refused.waits, [100]);
    const tired = await run(['backoff', 'backoff', 'backoff'], { maxRetries: 2 });
    assert.equal((tired.outcome as Error).message, 'try 3');
    assert.deepEqual(tired.tries, [
      { attempt: 1, last: false },
      { attempt: 2, last: false },
      { attempt: 3, last: true },
    ]);
  });

  it('stops with CancelledError once the signal fired, whatever the failure said', async () => {
    const running = new AbortController();
    running.abort();
    const { outcome, tries } = await run(['backoff'], { signal: running.signal });
    assert.ok(outcome instanceof CancelledError, String(outcome));
    assert.deepEqual(tries, []);
  });
});

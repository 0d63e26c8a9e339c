import * as assert from 'node:assert/strict';
import { CancelledError, isAbortError, sleep, throwIfAborted } from '../../src/util/abort';
import { ERROR_CODES } from '../../src/util/errorCodes';

describe('cancellation helpers (util/abort)', () => {
  it('CancelledError says so by name and message', () => {
    const err = new CancelledError();
    assert.equal(err.name, 'CancelledError');
    assert.equal(err.message, 'The import was cancelled.');
  });

  it('throwIfAborted throws only once the signal fired', () => {
    const controller = new AbortController();
    assert.doesNotThrow(() => throwIfAborted(controller.signal));
    assert.doesNotThrow(() => throwIfAborted(undefined));
    controller.abort();
    assert.throws(() => throwIfAborted(controller.signal), CancelledError);
  });

  it('sleep waits, rejects at once on an aborted signal, and stops early on abort', async () => {
    const started = Date.now();
    await sleep(30);
    assert.ok(Date.now() - started >= 25);
    const aborted = AbortSignal.abort();
    await assert.rejects(sleep(10_000, aborted), CancelledError);
    const controller = new AbortController();
    const waiting = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    const before = Date.now();
    await assert.rejects(waiting, CancelledError);
    assert.ok(Date.now() - before < 1000);
  });

  it('sleep reads NaN as no wait and never lets a huge delay overflow into 1 ms', async () => {
    // Timers fire in order of their due time, whatever the machine's load: no wait comes before a 500 ms one.
    const first = await Promise.race([sleep(Number.NaN).then(() => 'no wait'), new Promise((r) => setTimeout(() => r('500 ms'), 500))]);
    assert.equal(first, 'no wait');
    const controller = new AbortController();
    let woke = false;
    void sleep(2 ** 33, controller.signal).then(
      () => (woke = true),
      () => undefined,
    );
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    assert.equal(woke, false);
  });

  it('sleep leaves no listener on the signal once it resolved', async () => {
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => (added++, add(...args))) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => (removed++, remove(...args))) as typeof remove;
    await sleep(1, signal);
    assert.deepEqual([added, removed], [1, 1]);
  });

  it("recognises every kind of abort: ours, fetch's and Node's", () => {
    assert.ok(isAbortError(new CancelledError()));
    assert.ok(isAbortError(new DOMException('x', 'AbortError')));
    assert.ok(isAbortError(Object.assign(new Error('x'), { code: 'ABORT_ERR' })));
    assert.ok(!isAbortError(new Error('boom')));
    assert.ok(!isAbortError({ name: 'AbortError' }), 'not an Error: not an abort');
    // The extension and its lazily loaded engine bundle each have their own CancelledError class: the code tells.
    class OtherBundlesCancelledError extends Error {}
    for (const code of [ERROR_CODES.cancelled, ERROR_CODES.importCancelled])
      assert.ok(isAbortError(Object.assign(new OtherBundlesCancelledError('x'), { code })), code);
    assert.ok(!isAbortError(Object.assign(new Error('x'), { name: 'CancelledError' })), 'a name alone is not a code');
    assert.ok(!isAbortError(undefined));
  });
});

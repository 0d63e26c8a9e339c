import * as assert from 'node:assert/strict';
import { JobQueue } from '../../src/download/jobQueue';

describe('JobQueue (downloads handed out while the listing goes on)', () => {
  it('hands out jobs in order, waits for more while not ended, and then says there are none', async () => {
    const queue = new JobQueue<string>();
    const waiting = [queue.take(), queue.take()];
    let settled = false;
    void Promise.all(waiting).then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'nothing to take yet, and not ended: the workers wait');

    queue.add(['a', 'b', 'c']);
    assert.deepEqual(await Promise.all(waiting), ['a', 'b']);
    const last = queue.take();
    const afterEnd = [queue.take(), queue.take()];
    queue.end();
    assert.equal(await last, 'c', 'a job added before the end is still handed out');
    assert.deepEqual(await Promise.all(afterEnd), [undefined, undefined], 'waiting workers are released by the end');
    assert.equal(queue.added, 3);
  });

  it('a worker woken with no job left for it goes on waiting (it does not stop while the listing goes on)', async () => {
    const queue = new JobQueue<string>();
    const [first, second] = [queue.take(), queue.take()];
    queue.add(['a']);
    assert.equal(await first, 'a');
    queue.add(['b']);
    queue.end();
    assert.equal(await second, 'b');
  });
});

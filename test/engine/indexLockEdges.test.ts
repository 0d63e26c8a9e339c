import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IndexLock, removeIfUnchanged, STALE_LOCK_MS } from '../../src/download/storage/indexLock';
import { isAbortError } from '../../src/util/abort';
import { copyModificationTime, eachLockFolder, nodeWithFileSizeLimit, until } from './helpers';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const posixOnly = process.platform === 'win32' ? it.skip : it;

/** The outcome of `work`, or `late` when it is still running after `ms` (a hang, not a slow run). */
function within<T>(work: Promise<T>, ms: number, late = 'still waiting'): Promise<T | string> {
  return Promise.race([work, pause(ms).then(() => late)]);
}

function backdate(file: string, ms = STALE_LOCK_MS + 5000): void {
  const old = new Date(Date.now() - ms);
  fs.utimesSync(file, old, old);
}

describe('the index lock at its edges', function () {
  this.timeout(30_000);
  let dir: string;
  let lock: string;
  eachLockFolder((folder, lockFile) => ((dir = folder), (lock = lockFile)));

  it('a lock already held by this import cannot be acquired again', async () => {
    const mine = new IndexLock(lock);
    assert.equal(await mine.acquire(0), 'held');
    await assert.rejects(mine.acquire(2000), /the index lock is already held/);
    await mine.release();
  });

  it('a folder in place of the lock is reported at once, not waited on, and left as it is', async () => {
    fs.mkdirSync(lock);
    assert.equal(await within(new IndexLock(lock).acquire(20_000), 5000), 'not-regular');
    assert.ok(fs.statSync(lock).isDirectory());
  });

  it("a crashed import's lock is taken over at once, even with no time to wait", async () => {
    fs.writeFileSync(lock, '{"token":"crashed"}\n');
    backdate(lock);
    const mine = new IndexLock(lock);
    assert.equal(await mine.acquire(0), 'held');
    assert.notEqual(fs.readFileSync(lock, 'utf8'), '{"token":"crashed"}\n', 'a lock of its own in its place');
    await mine.release();
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it("after a cancel, another import's lock is a cancel, not a busy lock", async () => {
    fs.writeFileSync(lock, '{"token":"another import"}\n');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(new IndexLock(lock).acquire(0, controller.signal), (err: unknown) => isAbortError(err));
  });

  it('before it is acquired and after it is released, the lock is not held', async () => {
    fs.writeFileSync(lock, '{"token":"another import"}\n');
    const mine = new IndexLock(lock);
    await assert.rejects(mine.assertHeld(), /was taken over by another import/);
    fs.rmSync(lock);
    assert.equal(await mine.acquire(0), 'held');
    await mine.assertHeld();
    await mine.release();
    await assert.rejects(mine.assertHeld(), /was taken over by another import/);
  });

  it("a release without the lock does nothing, and leaves another import's lock alone", async () => {
    fs.writeFileSync(lock, '{"token":"another import"}\n');
    await new IndexLock(lock).release();
    assert.equal(fs.readFileSync(lock, 'utf8'), '{"token":"another import"}\n');
  });

  it('a release after the lock was removed by hand ends quietly', async () => {
    const mine = new IndexLock(lock);
    assert.equal(await mine.acquire(0), 'held');
    fs.rmSync(lock);
    await mine.release();
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a release removes only the very file it made: not a copy of it, not one holding another token', async () => {
    const mine = new IndexLock(lock);
    assert.equal(await mine.acquire(0), 'held');
    const own = fs.readFileSync(lock, 'utf8');
    fs.writeFileSync(path.join(dir, 'copy'), own);
    fs.renameSync(path.join(dir, 'copy'), lock); // its token, another file
    await mine.release();
    assert.equal(fs.readFileSync(lock, 'utf8'), own, 'the copy is left');
    fs.rmSync(lock);

    const again = new IndexLock(lock);
    assert.equal(await again.acquire(0), 'held');
    fs.writeFileSync(lock, '{"token":"another import"}\n'); // the same file (as when an inode number is reused)
    await again.release();
    assert.equal(fs.readFileSync(lock, 'utf8'), '{"token":"another import"}\n', 'another token is left');
  });

  it('a held lock has its time refreshed while it is held (its heartbeat)', async () => {
    const mine = new IndexLock(lock, 4000);
    assert.equal(await mine.acquire(0), 'held');
    backdate(lock, 2000);
    const before = fs.statSync(lock).mtimeMs;
    await until(() => fs.statSync(lock).mtimeMs > before, 4000, 'the lock refreshed');
    await mine.release();
  });

  posixOnly('a lock whose text cannot be written is removed again and the failure reported', () => {
    const module = path.resolve(__dirname, '../../src/download/storage/indexLock.js');
    const script = `new (require(${JSON.stringify(module)}).IndexLock)(${JSON.stringify(lock)}).acquire(0).then((o) => console.log(o), (e) => console.log(e.code));`;
    // A file size limit of 0: the lock is created, its text refused (EFBIG).
    const out = nodeWithFileSizeLimit(0, script);
    assert.equal(out.trim(), 'EFBIG');
    assert.deepEqual(fs.readdirSync(dir), [], 'no lock left behind');
  });

  it('a stale lock while another import holds the takeover mark: busy once the wait is over, no hang', async () => {
    fs.writeFileSync(lock, '{"token":"crashed"}\n');
    backdate(lock);
    fs.writeFileSync(`${lock}.takeover`, ''); // another import's, taking it over right now
    assert.equal(await within(new IndexLock(lock).acquire(300), 5000), 'busy');
  });

  it('a release waits for a takeover mark that goes away, then removes its lock', async () => {
    const mine = new IndexLock(lock, STALE_LOCK_MS, 20_000);
    assert.equal(await mine.acquire(0), 'held');
    fs.writeFileSync(`${lock}.takeover`, '');
    const released = mine.release();
    await pause(100);
    fs.rmSync(`${lock}.takeover`);
    await released;
    assert.deepEqual(fs.readdirSync(dir), [], 'its lock removed');
  });

  it('a release removes a takeover mark a crashed import left, and its own lock', async () => {
    const mine = new IndexLock(lock, STALE_LOCK_MS, 20_000);
    assert.equal(await mine.acquire(0), 'held');
    fs.writeFileSync(`${lock}.takeover`, '');
    backdate(`${lock}.takeover`);
    assert.equal(
      await within(
        mine.release().then(() => 'released'),
        5000,
      ),
      'released',
    );
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a release finding a folder in place of the takeover mark does not wait for it, and leaves both', async () => {
    const mine = new IndexLock(lock, STALE_LOCK_MS, 20_000);
    assert.equal(await mine.acquire(0), 'held');
    fs.mkdirSync(`${lock}.takeover`);
    assert.equal(
      await within(
        mine.release().then(() => 'released'),
        5000,
      ),
      'released',
    );
    assert.ok(fs.statSync(lock).isFile(), 'the lock stays, to go stale');
    assert.ok(fs.statSync(`${lock}.takeover`).isDirectory());
  });

  it('a lock in a folder that is gone fails at once instead of waiting', async () => {
    const outcome = new IndexLock(path.join(dir, 'gone', 'x.lock')).acquire(20_000).catch((err: unknown) => err);
    const err = await within(outcome, 5000);
    assert.equal((err as NodeJS.ErrnoException).code, 'ENOENT', String(err));
  });
});

describe('removing a stale lock only when it is unchanged', () => {
  let dir: string;
  let lock: string;
  eachLockFolder((folder, lockFile) => ((dir = folder), (lock = lockFile)));

  it('a lock already gone: nothing to do, no failure, nothing made', async () => {
    fs.writeFileSync(lock, '{"token":"crashed"}\n');
    const judged = fs.statSync(lock);
    fs.rmSync(lock);
    await removeIfUnchanged(lock, judged);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a lock that cannot be moved aside (its folder is a file): the failure is reported', async () => {
    fs.writeFileSync(lock, '{"token":"crashed"}\n');
    const judged = fs.statSync(lock);
    await assert.rejects(removeIfUnchanged(path.join(lock, 'inside'), judged), /ENOTDIR/);
  });

  it('a folder in place of the lock is neither followed nor removed', async () => {
    fs.writeFileSync(lock, '{"token":"crashed"}\n');
    const judged = fs.statSync(lock);
    fs.rmSync(lock);
    fs.mkdirSync(lock);
    fs.writeFileSync(path.join(lock, 'kept'), 'kept');
    await removeIfUnchanged(lock, judged);
    const [folder] = fs.readdirSync(dir);
    assert.equal(fs.readFileSync(path.join(dir, folder, 'kept'), 'utf8'), 'kept');
  });

  posixOnly('another lock of the same size and time in its place is put back', async () => {
    fs.writeFileSync(lock, '{"token":"crashed"}\n');
    const judged = fs.statSync(lock);
    const other = path.join(dir, 'other');
    fs.writeFileSync(other, '{"token":"another"}\n');
    copyModificationTime(lock, other);
    fs.renameSync(other, lock);
    await removeIfUnchanged(lock, judged);
    assert.equal(fs.readFileSync(lock, 'utf8'), '{"token":"another"}\n');
    assert.deepEqual(fs.readdirSync(dir), [path.basename(lock)]);
  });

  posixOnly('the same lock rewritten with another length, its time kept, is put back', async () => {
    fs.writeFileSync(lock, '{"token":"crashed"}\n');
    const judged = fs.statSync(lock);
    const times = path.join(dir, 'times');
    fs.writeFileSync(times, '');
    copyModificationTime(lock, times);
    fs.writeFileSync(lock, '{"token":"rewritten, longer"}\n');
    copyModificationTime(times, lock);
    fs.rmSync(times);
    await removeIfUnchanged(lock, judged);
    assert.equal(fs.readFileSync(lock, 'utf8'), '{"token":"rewritten, longer"}\n');
  });
});

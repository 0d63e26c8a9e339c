import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImportIndex, INDEX_FILE, type IndexEntry } from '../../src/download/storage/importIndex';
import { IndexLock, removeIfUnchanged, STALE_LOCK_MS } from '../../src/download/storage/indexLock';
import { isAbortError } from '../../src/util/abort';
import { eachLockFolder, indexEntry } from './helpers';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lock a crashed import left: its time well past STALE_LOCK_MS. */
function staleLock(lock: string): void {
  fs.writeFileSync(lock, '{"token":"crashed"}\n');
  const old = new Date(Date.now() - STALE_LOCK_MS - 5000);
  fs.utimesSync(lock, old, old);
}

describe('the lock of a folder index: one owner at a time', function () {
  this.timeout(30_000);
  let dir: string;
  let lock: string;
  eachLockFolder((folder, lockFile) => ((dir = folder), (lock = lockFile)));

  it('several imports finding the same stale lock: never two holders, and nothing left behind', async () => {
    let inside = 0;
    let overlaps = 0;
    const contender = async () => {
      const mine = new IndexLock(lock);
      await pause(Math.random() * 4); // out of step, as separate processes are
      for (let turn = 0; turn < 2; turn++) {
        assert.equal(await mine.acquire(10_000), 'held');
        if (++inside > 1) overlaps++;
        await pause(Math.random() * 3);
        inside--;
        await mine.release();
      }
    };
    for (let round = 0; round < 30; round++) {
      staleLock(lock);
      await Promise.all(Array.from({ length: 6 }, contender));
    }
    assert.equal(overlaps, 0, 'two holders at once');
    assert.deepEqual(fs.readdirSync(dir), [], 'no lock, mark or renamed lock left');
  });

  it("a holder whose lock was taken over (frozen past STALE_LOCK_MS) does not remove the new holder's lock", async () => {
    const frozen = new IndexLock(lock);
    assert.equal(await frozen.acquire(0), 'held');
    const old = new Date(Date.now() - STALE_LOCK_MS - 5000);
    fs.utimesSync(lock, old, old);
    const next = new IndexLock(lock);
    assert.equal(await next.acquire(1000), 'held');
    await assert.rejects(frozen.assertHeld(), /taken over/, 'the frozen one knows it lost the lock');
    await frozen.release();
    assert.ok(fs.existsSync(lock), "the new holder's lock is still there");
    await next.assertHeld();
    await next.release();
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a live lock is waited for only as long as asked; Cancel ends the wait at once', async () => {
    fs.writeFileSync(lock, '{"token":"another import"}\n');
    const mine = new IndexLock(lock);
    assert.equal(await mine.acquire(200), 'busy');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const waited = mine.acquire(20_000, controller.signal).then(
      () => 'ended without a cancel',
      (err: unknown) => err,
    );
    const outcome = await Promise.race([waited, pause(3000).then(() => 'still waiting 3 s later')]);
    assert.ok(isAbortError(outcome), String(outcome));
    assert.equal(fs.readFileSync(lock, 'utf8'), '{"token":"another import"}\n', 'left alone');
  });

  const posixOnly = process.platform === 'win32' ? it.skip : it;
  posixOnly('a takeover mark that is a link or a folder: no lock is taken (it could not be released), none is waited for', async () => {
    const mark = `${lock}.takeover`;
    fs.symlinkSync(path.join(dir, 'nowhere'), mark);
    assert.equal(await new IndexLock(lock).acquire(20_000), 'takeover-not-regular');
    assert.equal(fs.existsSync(lock), false, 'no lock taken');
    staleLock(lock);
    const waited = new IndexLock(lock).acquire(20_000);
    assert.equal(await Promise.race([waited, pause(3000).then(() => 'still waiting 3 s later')]), 'takeover-not-regular');
    fs.unlinkSync(mark);
    fs.mkdirSync(mark);
    assert.equal(await new IndexLock(lock).acquire(0), 'takeover-not-regular');
    assert.equal(fs.readFileSync(lock, 'utf8'), '{"token":"crashed"}\n', 'the stale lock is left for the user');
    assert.ok(fs.lstatSync(mark).isDirectory(), 'the folder is left as it is');
  });

  posixOnly('a takeover mark that turns into a folder during an import: the index is given up with one warning naming it', async () => {
    const problems: string[] = [];
    const index = await new ImportIndex(dir, { onProblem: (m) => problems.push(m) }).load();
    fs.mkdirSync(`${lock}.takeover`);
    await index.record(indexEntry('one'));
    await index.record(indexEntry('two'));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /\.lock\.takeover is not a regular file.*remove it/);
    assert.deepEqual(fs.readdirSync(dir), [`${INDEX_FILE}.lock.takeover`], 'no lock or index written');
  });

  it('a release waiting for a takeover in progress hears Cancel, and leaves the lock to go stale', async () => {
    const mine = new IndexLock(lock, STALE_LOCK_MS, 20_000);
    assert.equal(await mine.acquire(0), 'held');
    fs.writeFileSync(`${lock}.takeover`, ''); // another import's, fresh: waited for
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const released = mine.release(controller.signal).then(
      () => 'released',
      (err: unknown) => err,
    );
    assert.equal(await Promise.race([released, pause(3000).then(() => 'still waiting 3 s later')]), 'released');
    assert.ok(fs.existsSync(lock), 'not removed without the mark');
  });

  it('a stale lock that its owner refreshed as it was moved aside is never put back over a lock made meanwhile', async () => {
    fs.writeFileSync(lock, '{"token":"woke up"}\n');
    const judged = fs.statSync(lock);
    fs.utimesSync(lock, new Date(), new Date()); // its owner's heartbeat, just after it was judged stale
    await removeIfUnchanged(lock, judged, async () => fs.writeFileSync(lock, '{"token":"new owner"}\n', { flag: 'wx' }));
    assert.equal(fs.readFileSync(lock, 'utf8'), '{"token":"new owner"}\n', "the new owner's lock is kept");
    assert.deepEqual(fs.readdirSync(dir), [path.basename(lock)], 'nothing left aside');
  });

  it('a stale lock that its owner refreshed as it was moved aside is put back, the same file, when nothing took its place', async () => {
    fs.writeFileSync(lock, '{"token":"woke up"}\n');
    const judged = fs.statSync(lock);
    fs.utimesSync(lock, new Date(), new Date());
    await removeIfUnchanged(lock, judged);
    assert.equal(fs.statSync(lock).ino, judged.ino, 'its owner still holds it');
    assert.deepEqual(fs.readdirSync(dir), [path.basename(lock)], 'nothing left aside');
  });

  it('imports racing for a stale lock, again and again, keep every entry', async () => {
    const ids: string[] = [];
    const importer = async (name: string) => {
      const index = await new ImportIndex(dir, { onProblem: (m) => assert.fail(m) }).load();
      await pause(Math.random() * 4); // out of step, as separate processes are
      const records: Promise<void>[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push(`${name}-${i}`);
        records.push(index.record(indexEntry(`${name}-${i}`)));
        await pause(Math.random() * 5);
      }
      await Promise.all(records);
    };
    for (let round = 0; round < 10; round++) {
      staleLock(lock);
      await Promise.all(['a', 'b', 'c', 'd'].map((name) => importer(`r${round}${name}`)));
    }
    const written = JSON.parse(fs.readFileSync(path.join(dir, INDEX_FILE), 'utf8')) as { items: IndexEntry[] };
    assert.deepEqual(written.items.map((i) => i.id).sort(), ids.sort(), 'no entry lost');
    assert.deepEqual(fs.readdirSync(dir), [INDEX_FILE], 'no lock, mark or temp file left');
  });

  it('a lock that cannot be made: the index is not used, with one warning, and recording does not fail', async () => {
    const problems: string[] = [];
    const index = await new ImportIndex(path.join(dir, 'removed meanwhile'), { onProblem: (m) => problems.push(m) }).load();
    await index.record(indexEntry('one'));
    await index.record(indexEntry('two'));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /\.lock could not be made \(ENOENT.*was not used/);
  });
});

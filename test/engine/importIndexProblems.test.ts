import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ImportIndex, INDEX_FILE, type IndexEntry } from '../../src/download/storage/importIndex';
import { CancelledError, isAbortError } from '../../src/util/abort';
import { INDEX_SHA, indexEntry, tempDir } from './helpers';

const posixOnly = process.platform === 'win32' ? it.skip : it;
const WITHOUT = /Files were imported into its folder without the check for copies already there/;

describe('a folder index that cannot be used: the import goes on, with one warning', function () {
  this.timeout(30_000);
  let dir: string;
  let index: string;
  let lock: string;
  let problems: string[];
  const open = (extra: { signal?: AbortSignal; lockWaitMs?: number } = {}) =>
    new ImportIndex(dir, { onProblem: (m) => problems.push(m), ...extra });
  /** An index recording a1, whose file is there: reusable when the index is used. */
  function reusableA1(): void {
    fs.writeFileSync(index, JSON.stringify({ version: 1, items: [indexEntry('a1')] }));
    fs.writeFileSync(path.join(dir, 'a1.jpg'), 'x');
  }
  const findA1 = (index: ImportIndex) => index.findReusable('a1', 'original', async () => INDEX_SHA);
  beforeEach(() => {
    dir = tempDir();
    index = path.join(dir, INDEX_FILE);
    lock = `${index}.lock`;
    problems = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [what, make] of [
    ['the lock', () => fs.mkdirSync(lock)],
    ['its takeover mark', () => fs.mkdirSync(`${lock}.takeover`)],
  ] as const) {
    it(`a folder in place of ${what}: nothing is reused from the index, one warning names it, even loaded twice`, async () => {
      reusableA1();
      make();
      const loaded = await open().load();
      await loaded.load();
      assert.equal(await findA1(loaded), undefined);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0], /\.lock(\.takeover)? is not a regular file/);
      assert.ok(problems[0].startsWith(what === 'the lock' ? `${lock} ` : `${lock}.takeover `), problems[0]);
    });
  }

  it("another import's takeover mark (a plain file) does not stop the index being read", async () => {
    reusableA1();
    fs.writeFileSync(`${lock}.takeover`, '');
    const loaded = await open().load();
    assert.equal((await findA1(loaded))?.file, 'a1.jpg');
    assert.deepEqual(problems, []);
  });

  it('a bad index is set aside only under the lock: while another import holds it, it is left as it is', async () => {
    fs.writeFileSync(index, 'not json');
    fs.writeFileSync(lock, '{"token":"another import"}\n');
    await open({ lockWaitMs: 100 }).load();
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /^Another import held .*\.lock for more than 0 s/);
    assert.equal(fs.readFileSync(index, 'utf8'), 'not json');
    assert.deepEqual(fs.readdirSync(dir).sort(), [INDEX_FILE, `${INDEX_FILE}.lock`]);
  });

  it('a bad index found on loading is set aside as .bad, and a new one started', async () => {
    fs.writeFileSync(index, 'not json');
    await open().load();
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /could not be read \(not an index .*kept as \.google-photos-import\.json\.bad and a new one was started/);
    assert.equal(fs.readFileSync(`${index}.bad`, 'utf8'), 'not json');
    assert.deepEqual(fs.readdirSync(dir), [`${INDEX_FILE}.bad`], 'no lock left');
  });

  it("a bad index found between two writes is set aside too, and the new one keeps this import's entries", async () => {
    const loaded = await open().load();
    await loaded.record(indexEntry('a1'));
    fs.writeFileSync(index, 'not json');
    await loaded.record(indexEntry('a2'));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /kept as \.google-photos-import\.json\.bad and a new one was started/);
    assert.deepEqual(
      (JSON.parse(fs.readFileSync(index, 'utf8')) as { items: IndexEntry[] }).items.map((i) => i.id),
      ['a1', 'a2'],
      'a1 was recorded before the index went bad: a later import must not download it again',
    );
  });

  it("an index deleted between two writes is written again with this import's entries", async () => {
    const loaded = await open().load();
    await loaded.record(indexEntry('a1'));
    fs.rmSync(index);
    await loaded.record(indexEntry('a2'));
    assert.deepEqual(problems, []);
    assert.deepEqual(
      (JSON.parse(fs.readFileSync(index, 'utf8')) as { items: IndexEntry[] }).items.map((i) => i.id),
      ['a1', 'a2'],
    );
  });

  it('a bad index with no free name to keep it under is left, and the index not used', async () => {
    fs.writeFileSync(index, 'not json');
    for (let n = 0; n < 1000; n++) fs.writeFileSync(`${index}.bad${n ? `-${n}` : ''}`, '');
    const loaded = await open().load();
    await loaded.record(indexEntry('a1'));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /could not be set aside \(there is no free name to keep it under\), so it was not used\./);
    assert.match(problems[0], WITHOUT);
    assert.equal(fs.readFileSync(index, 'utf8'), 'not json');
  });

  posixOnly('an index that cannot be opened (a socket) is not used, and the warning says why', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(index, resolve));
    try {
      await open().load();
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0], /could not be read \(ENXIO.*\), so it was not used\./);
      assert.match(problems[0], WITHOUT);
      assert.ok(fs.lstatSync(index).isSocket(), 'left in place');
    } finally {
      server.close();
    }
  });

  it('a folder that is a file: loading does not fail, one warning says it could not be read', async () => {
    const file = path.join(dir, 'a file');
    fs.writeFileSync(file, '');
    const loaded = await new ImportIndex(file, { onProblem: (m) => problems.push(m) }).load();
    await loaded.record(indexEntry('a1'));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /could not be read \(ENOTDIR/);
  });

  it('a cancel while loading is a cancel, not a warning', async () => {
    reusableA1();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(open({ signal: controller.signal }).load(), (err: unknown) => isAbortError(err));
    assert.deepEqual(problems, []);
  });

  it('a cancel while checking a file is a cancel; a failed check only means no reuse', async () => {
    reusableA1();
    const loaded = await open().load();
    await assert.rejects(
      loaded.findReusable('a1', 'original', () => Promise.reject(new CancelledError())),
      (err: unknown) => isAbortError(err),
    );
    assert.equal(await loaded.findReusable('a1', 'original', () => Promise.reject(new Error('EIO'))), undefined);
    assert.deepEqual(problems, []);
  });

  it('a recorded file that is gone, or of another size, is not reused (and not hashed)', async () => {
    reusableA1();
    const loaded = await open().load();
    const hashed: string[] = [];
    const hash = async (file: string) => (hashed.push(file), INDEX_SHA);
    fs.writeFileSync(path.join(dir, 'a1.jpg'), 'two bytes');
    assert.equal(await loaded.findReusable('a1', 'original', hash), undefined);
    fs.rmSync(path.join(dir, 'a1.jpg'));
    assert.equal(await loaded.findReusable('a1', 'original', hash), undefined);
    assert.deepEqual(hashed, []);
  });

  it('a folder in place of the lock during an import: one warning naming it, nothing written, the folder left', async () => {
    const loaded = await open().load();
    fs.mkdirSync(lock);
    await loaded.record(indexEntry('a1'));
    await loaded.record(indexEntry('a2'));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.ok(problems[0].startsWith(`${lock} is not a regular file`), problems[0]);
    assert.deepEqual(fs.readdirSync(dir), [`${INDEX_FILE}.lock`]);
  });

  it('an index that becomes a folder between writes: recording still succeeds, one warning', async () => {
    const loaded = await open().load();
    await loaded.record(indexEntry('a1'));
    fs.rmSync(index);
    fs.mkdirSync(index);
    await loaded.record(indexEntry('a2'));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /is not a regular file \(a symbolic link, a folder or a device\)/);
  });

  it("after a cancel, another import's lock is not waited for: the write is cancelled, without a warning", async () => {
    const controller = new AbortController();
    const loaded = await open({ signal: controller.signal }).load();
    fs.writeFileSync(lock, '{"token":"another import"}\n');
    controller.abort();
    await assert.rejects(loaded.record(indexEntry('a1')), (err: unknown) => isAbortError(err));
    assert.deepEqual(problems, []);
  });

  it('a write queued before the index was given up does not take the lock or write the index later', async () => {
    const loaded = await open({ lockWaitMs: 1500 }).load();
    fs.writeFileSync(lock, '{"token":"another import"}\n');
    const first = loaded.record(indexEntry('a1'));
    await new Promise((r) => setTimeout(r, 50)); // the first write is waiting for the lock (for 1.5 s)
    const second = loaded.record(indexEntry('a2'));
    // The other import is done just as this one gives up: the lock is free for the write queued after.
    await first.then(() => fs.rmSync(lock));
    await second;
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});

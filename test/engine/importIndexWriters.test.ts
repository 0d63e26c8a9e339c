import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImportIndex, INDEX_FILE, type IndexEntry } from '../../src/download/storage/importIndex';
import { copyModificationTime, filesOpenIn, indexEntry, nodeWithFileSizeLimit, tempDir } from './helpers';

const posixOnly = process.platform === 'win32' ? it.skip : it;

describe('a folder index written by more than one import', function () {
  this.timeout(30_000);
  let dir: string;
  let index: string;
  const written = () => JSON.parse(fs.readFileSync(index, 'utf8')) as { about: string; version: number; items: IndexEntry[] };
  const fileOf = (id: string) => written().items.find((i) => i.id === id)?.file;
  const open = () => new ImportIndex(dir, { onProblem: (m) => assert.fail(m) }).load();
  beforeEach(() => {
    dir = tempDir();
    index = path.join(dir, INDEX_FILE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('two imports recording in turn keep every entry: each reads what the other wrote', async () => {
    const a = await open();
    const b = await open();
    await a.record(indexEntry('a1'));
    await b.record(indexEntry('b1'));
    await a.record(indexEntry('a2'));
    assert.deepEqual(
      written().items.map((i) => i.id),
      ['a1', 'a2', 'b1'],
    );
  });

  // On a drive whose times are coarse (FAT: 2 s) another import's index can have the same size and time.
  posixOnly("another import's index of the same size and time as this one's last write is still read", async () => {
    const a = await open();
    await a.record(indexEntry('a1'));
    const other = path.join(dir, 'other');
    fs.writeFileSync(other, fs.readFileSync(index, 'utf8').replace('"a1.jpg"', '"z1.jpg"'));
    copyModificationTime(index, other);
    fs.renameSync(other, index);
    await a.record(indexEntry('a2'));
    assert.equal(fileOf('a1'), 'z1.jpg');
  });

  posixOnly('its own index rewritten in place with another length, its time kept, is read again', async () => {
    const a = await open();
    await a.record(indexEntry('a1'));
    const times = path.join(dir, 'times');
    fs.writeFileSync(times, '');
    copyModificationTime(index, times);
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('"a1.jpg"', '"a1-longer.jpg"'));
    copyModificationTime(times, index);
    fs.rmSync(times);
    await a.record(indexEntry('a2'));
    assert.equal(fileOf('a1'), 'a1-longer.jpg');
  });

  it('its own index rewritten in place with the same length, at another time, is read again', async () => {
    const a = await open();
    await a.record(indexEntry('a1'));
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('"a1.jpg"', '"z1.jpg"'));
    const old = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(index, old, old);
    await a.record(indexEntry('a2'));
    assert.equal(fileOf('a1'), 'z1.jpg');
  });

  it('its items are written by file name, then by size, with a line saying what the file is', async () => {
    const a = await open();
    await Promise.all([
      a.record(indexEntry('c', 'c.jpg')),
      a.record(indexEntry('b', 'a.jpg', 'w100')),
      a.record(indexEntry('a', 'a.jpg', 'original')),
      a.record(indexEntry('d', 'b.jpg')),
    ]);
    assert.deepEqual(
      written().items.map((i) => `${i.file} ${i.size}`),
      ['a.jpg original', 'a.jpg w100', 'b.jpg original', 'c.jpg original'],
    );
    assert.match(written().about, /^Written by Import from Google Photos: .*Safe to delete\.$/);
    assert.equal(written().version, 1);
  });

  it('a file recorded just after another waits for the next write, at least 250 ms after the one before began', async () => {
    const a = await open();
    const start = Date.now();
    await a.record(indexEntry('a1'));
    await a.record(indexEntry('a2'));
    // A lower bound only: a slow machine makes it longer, never shorter.
    assert.ok(Date.now() - start >= 240, `${Date.now() - start} ms`);
    assert.deepEqual(
      written().items.map((i) => i.id),
      ['a1', 'a2'],
    );
  });

  (fs.existsSync('/proc/self/fd') ? it : it.skip)('writing the index leaves no file open', async () => {
    const a = await open();
    await a.record(indexEntry('a1'));
    await a.record(indexEntry('a2'));
    assert.deepEqual(filesOpenIn(dir), []);
  });

  it('a write whose lock was taken over meanwhile fails, leaving the index as it was and no temp file', async () => {
    const a = await open();
    await a.record(indexEntry('a1'));
    const before = fs.readFileSync(index, 'utf8');
    // Another import's takeover between this one's write and its rename, which no file-system event can time.
    const lock = (a as unknown as { lock: { assertHeld(): Promise<void> } }).lock;
    lock.assertHeld = () => Promise.reject(new Error('the lock was taken over by another import'));
    await assert.rejects(a.record(indexEntry('a2')), /taken over by another import/);
    assert.equal(fs.readFileSync(index, 'utf8'), before);
    assert.deepEqual(fs.readdirSync(dir), [INDEX_FILE]);
  });

  posixOnly('a write that fails midway (the file size limit) leaves no temp file and no lock behind', () => {
    const module = path.resolve(__dirname, '../../src/download/storage/importIndex.js');
    const script = [
      `const { ImportIndex } = require(${JSON.stringify(module)});`,
      `new ImportIndex(${JSON.stringify(dir)}, { onProblem: console.log }).load().then((index) => {`,
      '  const entry = (id) => ({ id, size: "original", file: id + ".jpg", bytes: 1, sha256: "a".repeat(64), importedAt: "2026-01-01T00:00:00Z" });',
      '  return Promise.all(Array.from({ length: 20 }, (_, n) => index.record(entry("item-" + n))));',
      '}).then(() => console.log("written"), (e) => console.log(e.code));',
    ].join('\n');
    // 1 KB at most per file: the lock (under 200 bytes) is made, the index of 20 entries is refused (EFBIG).
    const out = nodeWithFileSizeLimit(1, script);
    assert.equal(out.trim(), 'EFBIG');
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INDEX_FILE } from '../../src/download/storage/importIndex';
import { type ImportEvent, ImportCancelledError, type ImportOptions, importPhotos, type ImportSummary } from '../../src/import';
import type { GoogleEmulator } from '../../emulator/server';
import { requireBuiltCli, runCli } from './cliRun';
import { clientFor, FAST_RETRY, startEmulator, tempDir, until } from './helpers';

const posixOnly = process.platform === 'win32' ? it.skip : it;
const PICK = ['item-0003', 'item-0001'];
const FILES = ['IMG_0001.JPG', 'sunset.png'];
const PRIVATE = '-----BEGIN OPENSSH PRIVATE KEY-----\nnot for a repository\n';

/** Resolves when `work` settles, or fails the test when it takes longer than `ms` (a hang, not a slow run). */
async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A lock file another import holds: its time kept fresh until stopped. */
function liveLock(lock: string): () => void {
  fs.writeFileSync(lock, '{"token":"another import"}\n');
  const timer = setInterval(() => fs.utimesSync(lock, new Date(), new Date()), 200);
  return () => clearInterval(timer);
}

describe('a folder index and lock as a cloned repository can leave them: the files still land', function () {
  this.timeout(20_000);
  let emulator: GoogleEmulator;
  let dir: string;
  let outside: string;
  let assets: string;
  let index: string;
  let lock: string;
  let cleanups: (() => void)[];
  beforeEach(async () => {
    emulator = await startEmulator();
    dir = tempDir();
    outside = tempDir('gpi-outside-');
    assets = path.join(dir, 'assets');
    fs.mkdirSync(assets);
    index = path.join(assets, INDEX_FILE);
    lock = `${index}.lock`;
    cleanups = [];
  });
  afterEach(async () => {
    for (const cleanup of cleanups) cleanup();
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  function run(extra: Partial<ImportOptions> = {}): Promise<ImportSummary> {
    const onEvent = (e: ImportEvent) => {
      if (e.type === 'session-created') setTimeout(() => emulator.pick(e.sessionId, { itemIds: PICK }), 30);
      extra.onEvent?.(e);
    };
    return importPhotos({
      endpoints: emulator.endpoints,
      tokens: clientFor(emulator).tokens,
      retry: FAST_RETRY,
      destDir: assets,
      downloadRetryBaseDelayMs: 5,
      ...extra,
      onEvent,
    });
  }

  /** The picked files arrived, and exactly one warning names `file`. */
  function assertImportedWithOneWarning(summary: ImportSummary, file: string, why: RegExp): void {
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(summary.imported.map((i) => path.basename(i.path)).sort(), FILES);
    assert.equal(summary.warnings.length, 1, summary.warnings.join('\n'));
    assert.ok(summary.warnings[0].includes(file), summary.warnings[0]);
    assert.match(summary.warnings[0], why);
  }

  /** No file in the folder is, or leads to, the private file. */
  function assertNoCopyOf(privateFile: string): void {
    const privateStat = fs.statSync(privateFile);
    assert.equal(privateStat.nlink, 1, 'not hard-linked');
    assert.equal(fs.readFileSync(privateFile, 'utf8'), PRIVATE);
    for (const name of fs.readdirSync(assets)) {
      const entry = path.join(assets, name);
      if (name === INDEX_FILE) continue;
      const stat = fs.statSync(entry, { throwIfNoEntry: false });
      assert.ok(!stat || stat.ino !== privateStat.ino, `${name} leads to the private file`);
      if (stat?.isFile()) assert.ok(!fs.readFileSync(entry, 'utf8').includes('PRIVATE KEY'), `${name} holds its text`);
    }
  }

  const lockFixtures: [string, () => void][] = [
    ['a dangling symbolic link', () => fs.symlinkSync(path.join(outside, 'nowhere'), lock)],
    ['a folder', () => fs.mkdirSync(lock)],
    ['a symbolic link to a regular file', () => fs.symlinkSync(path.join(outside, 'private'), lock)],
  ];
  for (const [what, make] of lockFixtures) {
    posixOnly(`a lock that is ${what}: not waited on, left as it is, the index not used`, async () => {
      fs.writeFileSync(path.join(outside, 'private'), PRIVATE);
      make();
      const before = fs.lstatSync(lock);
      const summary = await within(run(), 8000, 'the import');
      assertImportedWithOneWarning(summary, lock, /not a regular file.*remove it/);
      const after = fs.lstatSync(lock);
      assert.deepEqual([after.ino, after.mode, after.isSymbolicLink()], [before.ino, before.mode, before.isSymbolicLink()], 'untouched');
      if (after.isSymbolicLink()) assert.equal(path.dirname(fs.readlinkSync(lock)), outside);
      assert.equal(fs.readFileSync(path.join(outside, 'private'), 'utf8'), PRIVATE);
      assert.equal(fs.existsSync(index), false, 'nothing recorded without the lock');
    });
  }

  const markFixtures: [string, (mark: string) => void][] = [
    ['a dangling symbolic link', (mark) => fs.symlinkSync(path.join(outside, 'nowhere'), mark)],
    ['a folder', (mark) => fs.mkdirSync(mark)],
  ];
  for (const [what, make] of markFixtures) {
    posixOnly(`a lock's takeover mark that is ${what}: not waited on, left as it is, no lock left behind`, async () => {
      const mark = `${lock}.takeover`;
      make(mark);
      const before = fs.lstatSync(mark);
      const summary = await within(run(), 8000, 'the import');
      assertImportedWithOneWarning(summary, mark, /\.lock\.takeover is not a regular file.*remove it/);
      const after = fs.lstatSync(mark);
      assert.deepEqual([after.ino, after.mode, after.isSymbolicLink()], [before.ino, before.mode, before.isSymbolicLink()], 'untouched');
      assert.equal(fs.existsSync(lock), false, 'no lock left behind');
      assert.equal(fs.existsSync(index), false, 'nothing recorded without the lock');
    });
  }

  posixOnly('an index linked to /dev/zero is not read: the files land, one warning, the link stays', async () => {
    fs.symlinkSync('/dev/zero', index);
    const summary = await within(run(), 8000, 'the import');
    assertImportedWithOneWarning(summary, index, /not a regular file.*neither read nor changed/);
    assert.equal(fs.readlinkSync(index), '/dev/zero');
  });

  posixOnly('an index linked to a FIFO (as /dev/stdin can be) is not opened through: no hang', async () => {
    const fifo = path.join(outside, 'stdin');
    execFileSync('mkfifo', [fifo]);
    // Should the FIFO be opened for reading after all, a writer that opens and closes it ends that read.
    cleanups.push(() => {
      try {
        fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
      } catch {
        // ENXIO: nobody is reading it, as it should be
      }
    });
    fs.symlinkSync(fifo, index);
    const summary = await within(run(), 8000, 'the import');
    assertImportedWithOneWarning(summary, index, /not a regular file/);
    assert.equal(fs.readlinkSync(index), fifo);
  });

  posixOnly('an index linked to a private file outside is neither read, renamed nor linked', async () => {
    const privateFile = path.join(outside, 'id_ed25519');
    fs.writeFileSync(privateFile, PRIVATE);
    fs.symlinkSync(privateFile, index);
    const summary = await within(run(), 8000, 'the import');
    assertImportedWithOneWarning(summary, index, /not a regular file/);
    assert.equal(fs.readlinkSync(index), privateFile, 'the link is where it was');
    assertNoCopyOf(privateFile);
    assert.deepEqual(fs.readdirSync(assets).sort(), [INDEX_FILE, ...FILES].sort(), 'no .bad beside it');
  });

  it('an index that is a folder is left as it is; the files land', async () => {
    fs.mkdirSync(index);
    fs.writeFileSync(path.join(index, 'inside'), 'kept');
    const summary = await within(run(), 8000, 'the import');
    assertImportedWithOneWarning(summary, index, /not a regular file/);
    assert.equal(fs.readFileSync(path.join(index, 'inside'), 'utf8'), 'kept');
  });

  it('an index of 1 GB is not read in: set aside whole, a new one started', async () => {
    fs.writeFileSync(index, '');
    fs.truncateSync(index, 1024 ** 3); // sparse: no disk space taken
    const summary = await within(run(), 8000, 'the import');
    assertImportedWithOneWarning(summary, index, /larger than 16 MB.*kept as \.google-photos-import\.json\.bad\b/);
    assert.equal(fs.statSync(`${index}.bad`).size, 1024 ** 3);
    assert.equal(JSON.parse(fs.readFileSync(index, 'utf8')).items.length, 2, 'a new index');
  });

  it('a bad index is set aside without replacing an earlier .bad', async () => {
    fs.writeFileSync(`${index}.bad`, 'the first');
    fs.writeFileSync(index, 'not json');
    const summary = await within(run(), 8000, 'the import');
    assertImportedWithOneWarning(summary, index, /kept as \.google-photos-import\.json\.bad-1\b/);
    assert.equal(fs.readFileSync(`${index}.bad`, 'utf8'), 'the first');
    assert.equal(fs.readFileSync(`${index}.bad-1`, 'utf8'), 'not json');
  });

  it('a lock another import keeps: waited for only so long, then the files land without the index', async () => {
    cleanups.push(liveLock(lock));
    const summary = await within(run({ indexLockWaitMs: 500 }), 8000, 'the import');
    assertImportedWithOneWarning(
      summary,
      lock,
      /Another import held .* for more than 1 s.*If no other import is running, delete that file/,
    );
    assert.equal(fs.readFileSync(lock, 'utf8'), '{"token":"another import"}\n', 'its lock is left alone');
    assert.equal(fs.existsSync(index), false);
  });

  it('Cancel while waiting for a lock another import keeps ends the import at once, keeping the files', async () => {
    cleanups.push(liveLock(lock));
    const controller = new AbortController();
    let cancelledAt = 0;
    const onEvent = (e: ImportEvent) => {
      if (e.type === 'downloading' && !e.more && e.done === PICK.length) {
        // The index write, 250 ms after the last file, is waiting for the lock (10 s by default) by now.
        setTimeout(() => {
          cancelledAt = Date.now();
          controller.abort();
        }, 600);
      }
    };
    const settled = run({ signal: controller.signal, onEvent }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await until(() => cancelledAt > 0, 8000, 'the cancel');
    const err = await within(settled, 3000, 'the import after Cancel');
    assert.ok(err instanceof ImportCancelledError, String(err));
    assert.deepEqual(err.summary.imported.map((i) => path.basename(i.path)).sort(), FILES, 'the whole files are kept');
    for (const file of FILES) assert.ok(fs.existsSync(path.join(assets, file)));
  });
});

describe('the CLI waiting for a lock another import keeps', function () {
  this.timeout(30_000);
  before(requireBuiltCli);

  it('SIGINT ends it within seconds, exit 130, the files kept', async () => {
    const emulator = await startEmulator({ pollInterval: '0.2s' });
    const dest = tempDir();
    const stopLock = liveLock(path.join(dest, `${INDEX_FILE}.lock`));
    const run = runCli(['import', '--dest', dest], {
      GOOGLE_PHOTOS_PICKER_API: emulator.origin,
      GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken(),
    });
    try {
      emulator.pick((await emulator.waitForSession()).id, { itemIds: ['item-0003'] });
      await until(() => fs.existsSync(path.join(dest, 'sunset.png')), 10_000, 'the file');
      await new Promise((r) => setTimeout(r, 1000)); // the index write is waiting for the lock
      run.child.kill('SIGINT');
      assert.equal(await within(run.exit, 5000, 'the CLI after SIGINT'), 130, run.stderr());
      assert.match(run.stderr(), /cancelled; 1 file\(s\) that had finished downloading were kept/);
      assert.ok(fs.existsSync(path.join(dest, 'sunset.png')));
    } finally {
      stopLock();
      run.child.kill('SIGKILL');
      await run.exit;
      await emulator.close();
      fs.rmSync(dest, { recursive: true, force: true });
    }
  });
});

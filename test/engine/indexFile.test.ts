import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lstatOrUndefined, readRegularFile, setAside } from '../../src/download/storage/indexFile';
import { removeTestFolder, tempDir } from './helpers';

describe('reading a file a repository may have put there, and setting it aside (indexFile.ts)', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeTestFolder(dir));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  it('reads a regular file up to the cap, and calls one byte more too large', async () => {
    const exact = await readRegularFile(file('exact', '12345'), 5);
    assert.deepEqual([exact.kind, exact.kind === 'text' && exact.text], ['text', '12345']);
    assert.equal((await readRegularFile(file('over', '123456'), 5)).kind, 'too-large');
    assert.equal((await readRegularFile(path.join(dir, 'absent'), 5)).kind, 'missing');
  });

  it('reads a file whose size says nothing (procfs: 0) to its end, and no further than the cap', async () => {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    assert.equal(fs.statSync('/proc/self/status').size, 0);
    const whole = await readRegularFile('/proc/self/status', 64 * 1024);
    assert.equal(whole.kind, 'text');
    // The same fields; values such as memory use move between two reads.
    assert.deepEqual(
      whole.kind === 'text' && whole.text.split('\n').map((l) => l.split(':')[0]),
      status.split('\n').map((l) => l.split(':')[0]),
    );
    assert.equal((await readRegularFile('/proc/self/status', 100)).kind, 'too-large');
  });

  it('opens no link, folder, FIFO or device: each is "not-regular", at once', async () => {
    const target = file('private', 'secret');
    fs.symlinkSync(target, path.join(dir, 'link'));
    fs.mkdirSync(path.join(dir, 'folder'));
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    for (const name of ['link', 'folder', 'fifo']) assert.equal((await readRegularFile(path.join(dir, name))).kind, 'not-regular', name);
    assert.equal((await readRegularFile('/dev/zero')).kind, 'not-regular');
  });

  it('calls a path it cannot open for another reason unreadable, with the error, and stops at a cancel', async () => {
    const read = await readRegularFile(path.join(file('plain', 'x'), 'below'));
    assert.equal(read.kind, 'unreadable');
    assert.match(read.kind === 'unreadable' ? read.error.message : '', /ENOTDIR/);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readRegularFile(file('index', 'x'.repeat(1000)), 5000, controller.signal), { name: 'CancelledError' });
  });

  it('sets a file aside as .bad, then .bad-1, never over an earlier one, and leaves no placeholder when it cannot', async () => {
    const index = path.join(dir, 'index.json');
    fs.writeFileSync(index, 'first');
    assert.equal(await setAside(index, fs.lstatSync(index)), `${index}.bad`);
    fs.writeFileSync(index, 'second');
    assert.equal(await setAside(index, fs.lstatSync(index)), `${index}.bad-1`);
    assert.deepEqual([fs.readFileSync(`${index}.bad`, 'utf8'), fs.readFileSync(`${index}.bad-1`, 'utf8')], ['first', 'second']);

    fs.writeFileSync(index, 'judged');
    const judged = fs.lstatSync(index);
    assert.equal(await setAside(path.join(dir, 'gone.json'), judged), undefined, 'already gone: nothing to do');
    fs.writeFileSync(path.join(dir, 'new'), 'replaced meanwhile'); // made while the judged one exists: another inode
    fs.renameSync(path.join(dir, 'new'), index);
    await assert.rejects(setAside(index, judged), /replaced while it was being read/);
    assert.equal(fs.readFileSync(index, 'utf8'), 'replaced meanwhile');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['index.json', 'index.json.bad', 'index.json.bad-1']);
  });

  it("a folder that refuses new files: setting aside fails with the folder's own error, the file left as it was", async function () {
    const index = file('index.json', 'kept');
    try {
      execFileSync('chattr', ['+i', dir], { stdio: 'ignore' }); // refuses even root, unlike a file mode
    } catch {
      this.skip(); // a file system without attributes: reported as skipped, never as passed
    }
    try {
      await assert.rejects(setAside(index, fs.lstatSync(index)), { code: 'EPERM' });
    } finally {
      execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
    }
    assert.deepEqual(fs.readdirSync(dir), ['index.json']);
    assert.equal(fs.readFileSync(index, 'utf8'), 'kept');
  });

  it('lstatOrUndefined: undefined for a missing path, an error for any other failure', async () => {
    assert.equal(await lstatOrUndefined(path.join(dir, 'absent')), undefined);
    await assert.rejects(lstatOrUndefined(path.join(file('plain', 'x'), 'below')), { code: 'ENOTDIR' });
  });
});

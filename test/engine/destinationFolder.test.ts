import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DestinationError, DestinationFolders, folderError, OutsideRootError } from '../../src/download/storage/destinationFolder';
import { removeTestFolder, tempDir } from './helpers';

const errno = (code: string) => Object.assign(new Error(`${code}: raw`), { code });

describe('destination folders made inside the root only, with errors in words (destinationFolder.ts)', () => {
  let root: string;
  beforeEach(() => (root = tempDir()));
  afterEach(() => removeTestFolder(root));

  it('says what each file-system code means for a destination, and passes any other error as it is', () => {
    const table: [string, RegExp][] = [
      ['EEXIST', /^Cannot import into \/d: it \(or a folder above it\) is a file, not a folder\.$/],
      ['ENOTDIR', /is a file, not a folder\.$/],
      ['EACCES', /^Cannot import into \/d: this folder is not writable \(no permission\)\.$/],
      ['EPERM', /not writable \(no permission\)\.$/],
      ['EROFS', /^Cannot import into \/d: this folder is not writable \(a read-only file system\)\.$/],
      ['ENOSPC', /^Cannot import into \/d: the disk is full\.$/],
    ];
    for (const [code, words] of table) {
      const error = folderError('/d', errno(code));
      assert.ok(error instanceof DestinationError, code);
      assert.match(error.message, words, code);
    }
    const other = errno('EIO');
    assert.equal(folderError('/d', other), other);
  });

  it('the base folder is the pattern up to its first variable; an escaped $${ is part of a name', () => {
    assert.equal(new DestinationFolders(path.join(root, 'photos', '${createYear}', 'x')).base, path.join(root, 'photos'));
    assert.equal(new DestinationFolders(path.join(root, 'a$${b}', '${createYear}')).base, path.join(root, 'a${b}'));
    assert.equal(new DestinationFolders(path.join(root, 'plain')).base, path.join(root, 'plain'));
  });

  it('refuses a base outside its root (making nothing there), and a root inside .git', async () => {
    await assert.rejects(
      new DestinationFolders(path.join(root, 'out'), path.join(root, 'in')).prepare(),
      (err: Error) => err instanceof OutsideRootError && /out: it is outside .*in\.$/.test(err.message),
    );
    assert.equal(fs.existsSync(path.join(root, 'out')), false);
    const inGit = new DestinationFolders(path.join(root, '.git', 'assets'), path.join(root, '.git', 'assets'));
    await assert.rejects(inGit.prepare(), /inside a \.git folder/);
  });

  it('refuses a per-item folder that a link carries into .git, or that is a file', async () => {
    fs.mkdirSync(path.join(root, '.git', 'objects'), { recursive: true });
    fs.symlinkSync(path.join(root, '.git', 'objects'), path.join(root, '2026'));
    fs.writeFileSync(path.join(root, '2025'), 'a file where a folder goes');
    const folders = new DestinationFolders(path.join(root, '${createYear}'), root);
    await folders.prepare();
    await assert.rejects(
      folders.folderFor({ createYear: '2026' }),
      (err: Error) => err instanceof OutsideRootError && /leads to/.test(err.message),
    );
    await assert.rejects(folders.folderFor({ createYear: '2025' }), /2025: it \(or a folder above it\) is a file, not a folder/);
  });

  it('says a per-item folder that cannot be made is not writable', async function () {
    const folders = new DestinationFolders(path.join(root, '${createYear}'), root);
    await folders.prepare();
    try {
      execFileSync('chattr', ['+i', root], { stdio: 'ignore' }); // refuses even root, unlike a file mode
    } catch {
      this.skip(); // a file system without attributes: reported as skipped, never as passed
    }
    try {
      await assert.rejects(folders.folderFor({ createYear: '2026' }), /2026: this folder is not writable \(no permission\)/);
    } finally {
      execFileSync('chattr', ['-i', root], { stdio: 'ignore' });
    }
  });

  it('finds a base folder that takes no file before any session, and leaves no probe behind', async function () {
    const base = path.join(root, 'photos');
    fs.mkdirSync(base);
    try {
      execFileSync('chattr', ['+i', base], { stdio: 'ignore' }); // refuses even root, unlike a file mode
    } catch {
      this.skip(); // a file system without attributes: reported as skipped, never as passed
    }
    try {
      await assert.rejects(new DestinationFolders(base, root).prepare(), /photos: this folder is not writable \(no permission\)/);
    } finally {
      execFileSync('chattr', ['-i', base], { stdio: 'ignore' });
    }
    await new DestinationFolders(base, root).prepare();
    assert.deepEqual(fs.readdirSync(base), []);
  });

  it('names the destination setting in an unknown variable, before and per item', async () => {
    await assert.rejects(
      new DestinationFolders(path.join(root, '${nope}'), root).prepare(),
      /^TemplateError: destination: unknown variable \$\{nope\}/,
    );
    const folders = new DestinationFolders(path.join(root, '${createYear}'), root);
    await folders.prepare();
    assert.throws(() => folders.folderFor({}), /^TemplateError: destination: unknown variable \$\{createYear\}/);
  });

  it('removes the folders it made, deepest first, keeping any that holds a file', async () => {
    const folders = new DestinationFolders(path.join(root, 'site', 'photos', '${createYear}', '${createMonth}'), root);
    await folders.prepare();
    await folders.folderFor({ createYear: '2026', createMonth: '01' });
    const kept = await folders.folderFor({ createYear: '2026', createMonth: '02' });
    fs.writeFileSync(path.join(kept, 'photo.jpg'), 'x');
    await folders.removeCreatedIfEmpty();
    assert.deepEqual(fs.readdirSync(path.join(root, 'site', 'photos', '2026')), ['02']);
    const none = new DestinationFolders(path.join(root, 'fresh', '${createYear}'), root);
    await none.prepare();
    await none.folderFor({ createYear: '2026' });
    await none.removeCreatedIfEmpty();
    assert.equal(fs.existsSync(path.join(root, 'fresh')), false);
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileHasher } from '../../src/download/storage/fileHasher';
import { tempDir } from './helpers';

describe('FileHasher (sha256 on a worker thread)', () => {
  let dir: string;
  const hasher = new FileHasher();
  before(() => {
    dir = tempDir();
  });
  after(() => {
    hasher.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hashes files of any size, several at once, the same as crypto does', async () => {
    const sizes = [0, 1, (1 << 20) - 1, 1 << 20, 3 * (1 << 20) + 17];
    const files = sizes.map((size, i) => {
      const file = path.join(dir, `f${i}`);
      fs.writeFileSync(file, Buffer.alloc(size, i + 1));
      return file;
    });
    const hashes = await Promise.all(files.map((f) => hasher.hash(f)));
    assert.deepEqual(
      hashes,
      files.map((f) => createHash('sha256').update(fs.readFileSync(f)).digest('hex')),
    );
  });

  it('rejects for a file that is not there, and keeps working', async () => {
    await assert.rejects(hasher.hash(path.join(dir, 'missing')), /ENOENT/);
    fs.writeFileSync(path.join(dir, 'after'), 'x');
    assert.equal(await hasher.hash(path.join(dir, 'after')), createHash('sha256').update('x').digest('hex'));
  });

  it('close() fails what is still waiting instead of leaving it pending', async () => {
    const own = new FileHasher();
    const big = path.join(dir, 'big');
    fs.writeFileSync(big, Buffer.alloc(64 << 20));
    const pending = own.hash(big);
    own.close();
    await assert.rejects(pending, /ended before the file was hashed|hashing thread stopped/);
  });

  it('a hashing thread that stops fails what waits for it, and the next hash starts another', async () => {
    const own = new FileHasher();
    const big = path.join(dir, 'big-stop');
    fs.writeFileSync(big, Buffer.alloc(4 << 20));
    const pending = own.hash(big);
    await (own as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await assert.rejects(pending, /the hashing thread stopped/);
    fs.writeFileSync(path.join(dir, 'next'), 'y');
    assert.equal(await own.hash(path.join(dir, 'next')), createHash('sha256').update('y').digest('hex'));
    own.close();
  });

  it('keeps a process alive while it hashes, and lets it end once idle, without close()', () => {
    const big = path.join(dir, 'big-alive');
    fs.writeFileSync(big, Buffer.alloc(32 << 20));
    fs.writeFileSync(path.join(dir, 'small'), 'z');
    // Two files in flight: the first answer must not let the process end before the second.
    const script = `const { FileHasher } = require(${JSON.stringify(require.resolve('../../src/download/storage/fileHasher'))});
      const hasher = new FileHasher();
      for (const file of ${JSON.stringify([path.join(dir, 'small'), big])}) hasher.hash(file).then((sha) => console.log(sha));`;
    const printed = execFileSync(process.execPath, ['-e', script], { timeout: 15_000, encoding: 'utf8' });
    assert.deepEqual(printed.trim().split('\n'), [
      createHash('sha256').update('z').digest('hex'),
      createHash('sha256').update(fs.readFileSync(big)).digest('hex'),
    ]);
  });
});

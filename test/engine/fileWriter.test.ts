import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { FileWriter, SLAB_BYTES } from '../../src/download/storage/fileWriter';
import { tempDir } from './helpers';

describe('FileWriter (bodies through recycled slabs into a new file)', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes every byte in order and hashes them, however the pieces fall across slabs', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 * SLAB_BYTES + 17 }),
        fc.array(fc.integer({ min: 1, max: SLAB_BYTES + 5 }), { minLength: 1, maxLength: 12 }),
        async (size, pieces) => {
          const data = randomBytes(size);
          const file = path.join(dir, `f${n++}`);
          const writer = await FileWriter.create(file, { sha256: true });
          // Each piece comes in a scratch buffer that is overwritten after the call, as the socket's read buffer is.
          const scratch = Buffer.alloc(SLAB_BYTES + 5);
          for (let at = 0, i = 0; at < size; i++) {
            const len = Math.min(pieces[i % pieces.length], size - at);
            data.copy(scratch, 0, at, at + len);
            if (!writer.write(scratch, 0, len)) await writer.drained();
            scratch.fill(0xee);
            at += len;
          }
          const { bytes, sha256 } = await writer.finish();
          assert.equal(bytes, size);
          assert.deepEqual(fs.readFileSync(file), data);
          assert.equal(sha256, createHash('sha256').update(data).digest('hex'));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('never opens a file that is already there', async () => {
    const file = path.join(dir, 'taken');
    fs.writeFileSync(file, 'mine');
    await assert.rejects(FileWriter.create(file, { sha256: false }), { code: 'EEXIST' });
    assert.equal(fs.readFileSync(file, 'utf8'), 'mine');
  });
});

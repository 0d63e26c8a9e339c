import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { FileWriter, SLAB_BYTES } from '../../src/download/storage/fileWriter';
import { filesOpenIn, nodeWithFileSizeLimit, tempDir } from './helpers';

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

  (process.platform === 'win32' ? it.skip : it)(
    'a write the system refuses (the file size limit, after a short write) fails the next write and the finish with it',
    () => {
      const module = path.resolve(__dirname, '../../src/download/storage/fileWriter.js');
      const script = [
        `const { FileWriter, SLAB_BYTES } = require(${JSON.stringify(module)});`,
        'const said = [];',
        `FileWriter.create(${JSON.stringify(path.join(dir, 'big'))}, { sha256: false }).then(async (writer) => {`,
        '  const slab = Buffer.alloc(SLAB_BYTES, 1);',
        '  writer.write(slab, 0, slab.length);', // 64 KB: over the limit, refused on its way to disk
        // An empty write changes nothing, but throws once a write has failed: waited for, however busy the machine.
        '  for (const end = Date.now() + 5000; Date.now() < end; await new Promise((r) => setTimeout(r, 5))) {',
        '    try { writer.write(slab, 0, 0); } catch { break; }',
        '  }',
        '  try { writer.write(slab, 0, 1); said.push("written"); } catch (e) { said.push("write: " + e.code); }',
        '  await writer.finish().then(() => said.push("finished"), (e) => said.push("finish: " + e.code));',
        '  await writer.abort();',
        '  console.log(said.join(", "));',
        '});',
      ].join('\n');
      // 16 KB at most per file (ulimit counts 1 KB blocks).
      const out = nodeWithFileSizeLimit(16, script);
      assert.equal(out.trim(), 'write: EFBIG, finish: EFBIG');
    },
  );

  (fs.existsSync('/proc/self/fd') ? it : it.skip)('abort() closes the file', async () => {
    const writer = await FileWriter.create(path.join(dir, 'dropped'), { sha256: true });
    const data = randomBytes(3 * SLAB_BYTES);
    writer.write(data, 0, data.length);
    assert.equal(filesOpenIn(dir).length, 1);
    await writer.abort();
    assert.deepEqual(filesOpenIn(dir), []);
  });

  it('never opens a file that is already there', async () => {
    const file = path.join(dir, 'taken');
    fs.writeFileSync(file, 'mine');
    await assert.rejects(FileWriter.create(file, { sha256: false }), { code: 'EEXIST' });
    assert.equal(fs.readFileSync(file, 'utf8'), 'mine');
  });
});

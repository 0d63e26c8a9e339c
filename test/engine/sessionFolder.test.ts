import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processOwnership, systemProbe } from '../../src/picker/processOwner';
import { FolderSessionStore } from '../../src/picker/sessionFolder';
import type { ProcessOwner } from '../../src/picker/sessionOwner';
import { tempDir } from './helpers';

describe("the CLI's record of open sessions: one private file per session, owned by a process", () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs writing at once keep every record (none is lost to another's read-modify-write)", async () => {
    const folder = path.join(dir, 'sessions');
    const runs = [new FolderSessionStore(folder), new FolderSessionStore(folder)];
    const ids = Array.from({ length: 40 }, (_, i) => `session-${i}`);
    await Promise.all(ids.map((id, i) => runs[i % 2].put({ id, api: 'https://api.example', expiresAt: Date.now() + 3600_000 })));
    const listed = (await runs[0].list()) as { id: string }[];
    assert.deepEqual(listed.map((r) => r.id).sort(), [...ids].sort());
    for (const name of fs.readdirSync(folder)) assert.equal(fs.statSync(path.join(folder, name)).mode & 0o777, 0o600, name);
    await runs[1].remove({ id: 'session-7', api: 'https://api.example' });
    assert.equal((await runs[0].list()).length, 39);
  });

  it('a session id is no file name: one with slashes and dots stays inside the folder', async () => {
    const folder = path.join(dir, 'sessions');
    const store = new FolderSessionStore(folder);
    await store.put({ id: '../../escape', api: 'https://api.example', expiresAt: Date.now() + 3600_000 });
    assert.deepEqual(fs.readdirSync(dir), ['sessions']);
    assert.deepEqual(
      ((await store.list()) as { id: string }[]).map((r) => r.id),
      ['../../escape'],
    );
  });

  describe("this machine's processes (Linux reads their start from /proc)", () => {
    it('a process that has ended is gone; a running one is alive, unless its pid now belongs to a later process', async () => {
      const ownership = await processOwnership();
      const self = ownership.current() as ProcessOwner;
      const child = spawn(process.execPath, ['-e', '']);
      await new Promise((resolve) => child.on('close', resolve));
      const ended: ProcessOwner = { kind: 'process', host: os.hostname(), pid: child.pid! };

      assert.equal(await ownership.isGone(ended), true, 'ended');
      assert.equal(await ownership.isGone({ ...ended, host: `not-${os.hostname()}` }), false, "another host's: left to expire");
      // The test runner's parent: alive, another pid, its start unknown here.
      assert.equal(await ownership.isGone({ kind: 'process', host: os.hostname(), pid: process.ppid }), false, 'running');
      assert.equal(ownership.isSelf(self), true);
      if (process.platform === 'linux') {
        assert.match(self.started ?? '', /^[\w-]+:\d+$/, 'boot id and start ticks');
        // Another run on this machine, judging this process's record.
        const other = await processOwnership({ ...systemProbe, pid: process.ppid });
        assert.equal(await other.isGone(self), false, 'this process: alive');
        assert.equal(await other.isGone({ ...self, started: 'another-boot:1' }), true, 'its pid, another start: a reused pid');
        assert.equal(ownership.isSelf({ ...self, started: 'another-boot:1' }), false);
      }
    });
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileTokenStore } from '../../src/auth/tokenStore';
import { tempDir } from './helpers';

describe('FileTokenStore', () => {
  it('keeps the grant in a file only the user can read, and removes it', async () => {
    const dir = tempDir();
    try {
      const store = new FileTokenStore(path.join(dir, 'nested', 'token.json'));
      assert.equal(await store.get(), undefined);
      await store.set({ refresh_token: 'r', access_token: 'a', expiry_date: 1 });
      assert.deepEqual(await store.get(), { refresh_token: 'r', access_token: 'a', expiry_date: 1 });
      assert.equal(fs.statSync(store.file).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.dirname(store.file)).mode & 0o777, 0o700);
      await store.clear();
      assert.equal(await store.get(), undefined);
      assert.deepEqual(fs.readdirSync(path.dirname(store.file)), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // The old code wrote to token.json.<pid>.tmp without "wx": a stale file there kept its 0644 (the token readable
  // by others), and a symlink there was followed. An existing 0755 folder stayed 0755.
  it('never writes the grant through a file or link someone left, and tightens an existing folder', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = tempDir();
    try {
      const folder = path.join(dir, 'cfg');
      fs.mkdirSync(folder, { mode: 0o755 });
      fs.chmodSync(folder, 0o755);
      const store = new FileTokenStore(path.join(folder, 'token.json'));
      const bait = path.join(dir, 'bait');
      fs.writeFileSync(bait, 'untouched', { mode: 0o644 });
      fs.writeFileSync(`${store.file}.${process.pid}.tmp`, 'stale', { mode: 0o644 });
      fs.symlinkSync(bait, path.join(folder, `token.json.${process.pid + 1}.tmp`));
      await store.set({ refresh_token: 'r' });
      assert.equal(fs.readFileSync(bait, 'utf8'), 'untouched');
      assert.equal(fs.statSync(store.file).mode & 0o777, 0o600, 'the token file is the user\'s only');
      assert.equal(fs.statSync(folder).mode & 0o777, 0o700, 'the folder is tightened');
      assert.deepEqual(await store.get(), { refresh_token: 'r' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

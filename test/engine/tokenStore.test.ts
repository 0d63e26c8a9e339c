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
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileTokenStore } from '../../src/auth/fileTokenStore';
import { googleEndpoints } from '../../src/endpoints';
import { tempDir } from './helpers';

const TEST_TOKEN_URL = 'http://127.0.0.1:9/token';

describe('FileTokenStore', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the grant in a file only the user can read, and removes it', async () => {
    const store = new FileTokenStore(googleEndpoints.oauthToken, 'client', path.join(dir, 'nested', 'token.json'));
    assert.equal(await store.get(), undefined);
    await store.set({ refresh_token: 'r', access_token: 'a', expiry_date: 1 });
    assert.deepEqual(await store.get(), { refresh_token: 'r', access_token: 'a', expiry_date: 1 });
    assert.equal(fs.statSync(store.file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(store.file)).mode & 0o777, 0o700);
    await store.clear();
    assert.equal(await store.get(), undefined);
    assert.deepEqual(fs.readdirSync(path.dirname(store.file)), []);
  });

  // The old code wrote to token.json.<pid>.tmp without "wx": a stale file there kept its 0644 (the token readable
  // by others), and a symlink there was followed. An existing 0755 folder stayed 0755.
  it('never writes the grant through a file or link someone left, and tightens an existing folder', async function () {
    if (process.platform === 'win32') this.skip();
    const folder = path.join(dir, 'cfg');
    fs.mkdirSync(folder, { mode: 0o755 });
    fs.chmodSync(folder, 0o755);
    const store = new FileTokenStore(googleEndpoints.oauthToken, 'client', path.join(folder, 'token.json'));
    const bait = path.join(dir, 'bait');
    fs.writeFileSync(bait, 'untouched', { mode: 0o644 });
    fs.writeFileSync(`${store.file}.${process.pid}.tmp`, 'stale', { mode: 0o644 });
    fs.symlinkSync(bait, path.join(folder, `token.json.${process.pid + 1}.tmp`));
    await store.set({ refresh_token: 'r' });
    assert.equal(fs.readFileSync(bait, 'utf8'), 'untouched');
    assert.equal(fs.statSync(store.file).mode & 0o777, 0o600, "the token file is the user's only");
    assert.equal(fs.statSync(folder).mode & 0o777, 0o700, 'the folder is tightened');
    assert.deepEqual(await store.get(), { refresh_token: 'r' });
  });

  // The file held one grant, whatever the token endpoint and client: a test endpoint was sent Google's grant, and
  // its invalid_grant deleted it.
  it('holds one grant per token endpoint and client; forgetting one keeps the others', async () => {
    const file = path.join(dir, 'token.json');
    const google = new FileTokenStore(googleEndpoints.oauthToken, 'client', file);
    const otherClient = new FileTokenStore(googleEndpoints.oauthToken, 'other-client', file);
    const test = new FileTokenStore(TEST_TOKEN_URL, 'client', file);
    await google.set({ refresh_token: 'google' });
    assert.equal(await test.get(), undefined, "a test endpoint is not offered Google's grant");
    assert.equal(await otherClient.get(), undefined, 'nor is another client');
    await test.set({ refresh_token: 'test' });
    await otherClient.set({ refresh_token: 'other' });
    await test.clear();
    assert.deepEqual(await google.get(), { refresh_token: 'google' });
    assert.deepEqual(await otherClient.get(), { refresh_token: 'other' });
    assert.equal(await test.get(), undefined);
    assert.deepEqual(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).grants).sort(), [
      'grant:https://oauth2.googleapis.com:client',
      'grant:https://oauth2.googleapis.com:other-client',
    ]);
  });

  it('a token file that cannot be read for a moment (EMFILE) is neither rewritten nor removed: the error is told', async () => {
    const file = path.join(dir, 'token.json');
    await new FileTokenStore(googleEndpoints.oauthToken, 'client', file).set({ refresh_token: 'google' });
    await new FileTokenStore(TEST_TOKEN_URL, 'client', file).set({ refresh_token: 'test' });
    const before = fs.readFileSync(file, 'utf8');
    const tooManyFiles = () => Promise.reject(Object.assign(new Error(`EMFILE: too many open files, open '${file}'`), { code: 'EMFILE' }));
    const store = new FileTokenStore(TEST_TOKEN_URL, 'client', file, tooManyFiles);
    await assert.rejects(store.get(), /token\.json could not be read \(EMFILE.*check its permissions/);
    await assert.rejects(store.set({ refresh_token: 'new' }), /could not be read \(EMFILE/);
    await assert.rejects(store.clear(), /could not be read \(EMFILE/);
    assert.equal(fs.readFileSync(file, 'utf8'), before, 'every grant kept');
  });

  it('a folder in the token file\'s place is not taken for "not signed in"', async () => {
    const file = path.join(dir, 'token.json');
    fs.mkdirSync(file);
    await assert.rejects(new FileTokenStore(googleEndpoints.oauthToken, 'client', file).get(), /could not be read \(EISDIR/);
  });

  it('forgetting a grant changes nothing else: a file without it, or not a grant file, is left as it is', async () => {
    const file = path.join(dir, 'token.json');
    await new FileTokenStore(googleEndpoints.oauthToken, 'client', file).set({ refresh_token: 'google' });
    const before = fs.statSync(file);
    await new FileTokenStore(TEST_TOKEN_URL, 'client', file).clear();
    assert.equal(fs.statSync(file).ino, before.ino, 'not rewritten');
    fs.writeFileSync(file, 'not json');
    await new FileTokenStore(googleEndpoints.oauthToken, 'client', file).clear();
    assert.equal(fs.readFileSync(file, 'utf8'), 'not json', 'not removed');
  });

  it("offers the single grant of an earlier version only to Google's token endpoint, to be refreshed first", async () => {
    const file = path.join(dir, 'token.json');
    const legacy = {
      refresh_token: 'old',
      access_token: 'ya29.old',
      expiry_date: Date.now() + 3_600_000,
      scope: 's',
      token_type: 'Bearer',
    };
    fs.writeFileSync(file, JSON.stringify(legacy), { mode: 0o600 });
    const google = new FileTokenStore(googleEndpoints.oauthToken, 'client', file);
    const test = new FileTokenStore(TEST_TOKEN_URL, 'client', file);
    assert.equal(await test.get(), undefined);
    assert.deepEqual(
      await google.get(),
      { ...legacy, access_token: null, expiry_date: null },
      'its access token is not used: a refresh shows whose grant it is',
    );

    await test.set({ refresh_token: 'test' });
    await test.clear();
    assert.equal((await google.get())?.refresh_token, 'old', "the test endpoint's grant coming and going leaves it");

    await google.set({ refresh_token: 'old', access_token: 'ya29.new' }); // a refresh for this client succeeded
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), {
      grants: { 'grant:https://oauth2.googleapis.com:client': { refresh_token: 'old', access_token: 'ya29.new' } },
    });
    assert.equal(await new FileTokenStore(googleEndpoints.oauthToken, 'other-client', file).get(), undefined, 'kept for that client only');
  });

  it("forgets the earlier version's grant when Google refuses it for the configured client", async () => {
    const file = path.join(dir, 'token.json');
    fs.writeFileSync(file, JSON.stringify({ refresh_token: 'old' }), { mode: 0o600 });
    await new FileTokenStore(googleEndpoints.oauthToken, 'client', file).clear();
    assert.equal(fs.existsSync(file), false);
    assert.equal(await new FileTokenStore(googleEndpoints.oauthToken, 'other-client', file).get(), undefined);
  });
});

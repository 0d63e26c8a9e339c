import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type GoogleEmulator } from '../../emulator/server';
import { requireBuiltCli, runCli } from './cliRun';
import { listDir, startEmulator, tempDir, until } from './helpers';

const GOOGLE_KEY = `grant:https://oauth2.googleapis.com:${EMULATOR_CLIENT_ID}`;

// token.json held one grant, whatever the token endpoint: with GOOGLE_PHOTOS_PICKER_API pointing at a test server,
// Google's grant was sent to that server's token URL, and its invalid_grant deleted the real sign-in.
describe('the headless import keeps a grant per token endpoint and client (dist/cli.js)', function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let dest: string;
  let config: string;
  let tokenFile: string;
  before(requireBuiltCli);
  beforeEach(async () => {
    emulator = await startEmulator({ pollInterval: '0.2s', deviceIntervalSec: 0.2 });
    dest = tempDir();
    config = tempDir('gpi-cli-config-');
    tokenFile = path.join(config, 'google-photos-import', 'token.json');
    fs.mkdirSync(path.dirname(tokenFile), { mode: 0o700 });
  });
  afterEach(async () => {
    await emulator.close();
    fs.rmSync(dest, { recursive: true, force: true });
    fs.rmSync(config, { recursive: true, force: true });
  });

  const againstEmulator = (extra: Record<string, string> = {}) => ({
    GOOGLE_PHOTOS_PICKER_API: emulator.origin,
    GOOGLE_PHOTOS_TEST_OAUTH: '1',
    GOOGLE_PHOTOS_CLIENT_ID: EMULATOR_CLIENT_ID,
    GOOGLE_PHOTOS_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    XDG_CONFIG_HOME: config,
    ...extra,
  });
  const refreshRefusals = () => emulator.tokenErrors.filter((e) => /expired or revoked/.test(e));
  const writeTokenFile = (content: object) => fs.writeFileSync(tokenFile, JSON.stringify(content), { mode: 0o600 });
  const readTokenFile = () => JSON.parse(fs.readFileSync(tokenFile, 'utf8'));

  it('sends a test endpoint neither the grant an earlier version kept for Google nor its token, and keeps that grant', async () => {
    const googleGrant = {
      refresh_token: '1//google-grant',
      access_token: 'ya29.google-token',
      expiry_date: Date.now() + 3_600_000,
      scope: 'x',
      token_type: 'Bearer',
    };
    writeTokenFile(googleGrant); // the single-grant file of earlier versions
    const run = runCli(['import', '--dest', dest, '--sign-in', 'device-code'], againstEmulator());
    await until(
      () => /enter the code [A-Z]{4}-[A-Z]{4}/.test(run.stderr()) || run.child.exitCode !== null,
      10_000,
      'a sign-in at the test endpoint',
    );
    const [, page, code] = /open (\S+) and enter the code ([A-Z]{4}-[A-Z]{4})/.exec(run.stderr()) ?? [];
    assert.ok(code, `the test endpoint asked for its own sign-in: ${run.stderr()}`);
    await fetch(new URL('device/approve', page), { method: 'POST', body: new URLSearchParams({ user_code: code, decision: 'allow' }) });
    emulator.pick((await emulator.waitForSession(15_000)).id, { itemIds: ['item-0003'] });
    assert.equal(await run.exit, 0, run.stderr());
    assert.deepEqual(listDir(dest), ['sunset.png']);

    assert.deepEqual(refreshRefusals(), [], 'no refresh with a grant the test endpoint never made');
    assert.ok(
      emulator.requests.every((r) => r.status !== 401),
      "no API call with Google's access token",
    );
    const file = readTokenFile();
    assert.deepEqual(file.unconfirmed, googleGrant, "Google's grant is kept as it was");
    assert.deepEqual(Object.keys(file.grants), [`grant:${emulator.origin}:${EMULATOR_CLIENT_ID}`]);
  });

  it("an invalid_grant from the test endpoint forgets its own grant only, never Google's", async () => {
    const googleGrant = { refresh_token: '1//google-grant', access_token: null, expiry_date: null };
    writeTokenFile({
      grants: {
        [GOOGLE_KEY]: googleGrant,
        [`grant:${emulator.origin}:${EMULATOR_CLIENT_ID}`]: { refresh_token: '1//emu-revoked', access_token: null, expiry_date: null },
      },
    });
    const run = runCli(['import', '--dest', dest], againstEmulator());
    assert.equal(await run.exit, 1, run.stderr());
    assert.match(run.stderr(), /expired or was revoked \(invalid_grant\)\. Sign in again/);
    assert.equal(refreshRefusals().length, 1, 'the test endpoint refused its own grant');
    assert.deepEqual(readTokenFile(), { grants: { [GOOGLE_KEY]: googleGrant } });
    assert.equal(emulator.sessions.size, 0);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type GoogleEmulator } from '../../emulator/server';
import { emulatorSignInEnv, requireBuiltCli, runCli } from './cliRun';
import { consentRedirect, emulatorAndFolderPerTest, listDir, tempDir, until } from './helpers';

describe('the headless import signs in (dist/cli.js)', function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let dest: string;
  before(requireBuiltCli);
  emulatorAndFolderPerTest({ pollInterval: '0.2s' }, (e, folder) => {
    emulator = e;
    dest = folder;
  });

  it('says which variables to set when there is neither a token nor an OAuth client', async () => {
    const run = runCli(['import', '--dest', dest], { GOOGLE_PHOTOS_PICKER_API: emulator.origin });
    assert.equal(await run.exit, 1);
    assert.match(run.stderr(), /GOOGLE_PHOTOS_CLIENT_ID.*Desktop app/);
    assert.equal(run.stderr().trim().split('\n').length, 1);
  });

  it('over SSH, tries a device code; when Google refuses one for the client, signs in by the pasted address (read from stdin), then imports', async () => {
    const config = tempDir('gpi-cli-config-');
    emulator.injectFault({ path: '/device/code', status: 401, errorStatus: 'invalid_client' }); // a Desktop client
    try {
      const run = runCli(['import', '--dest', dest], {
        GOOGLE_PHOTOS_PICKER_API: emulator.origin,
        GOOGLE_PHOTOS_TEST_OAUTH: '1',
        GOOGLE_PHOTOS_CLIENT_ID: EMULATOR_CLIENT_ID,
        GOOGLE_PHOTOS_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
        SSH_CONNECTION: '192.0.2.1 50000 192.0.2.2 22',
        XDG_CONFIG_HOME: config,
      });
      await until(() => /paste the address/.test(run.stderr()), 10_000, 'the prompt');
      const authUrl = /(http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+)/.exec(run.stderr())![1];
      run.child.stdin.write(`${await consentRedirect(authUrl)}\n`);
      const session = await emulator.waitForSession();
      emulator.pick(session.id, { itemIds: ['item-0003'] });
      assert.equal(await run.exit, 0, run.stderr());
      assert.match(run.stderr(), /Signed in\./);
      assert.match(run.stderr(), /refused a device sign-in code .*Trying another way/);
      assert.equal(fs.statSync(path.join(config, 'google-photos-import', 'token.json')).mode & 0o777, 0o600);
      assert.deepEqual(listDir(dest), ['sunset.png']);
    } finally {
      fs.rmSync(config, { recursive: true, force: true });
    }
  });

  it('--sign-in device-code: prints the page and the code; signs in once the code is entered', async () => {
    const config = tempDir('gpi-cli-config-');
    try {
      const run = runCli(['import', '--dest', dest, '--sign-in', 'device-code'], {
        ...emulatorSignInEnv(emulator.origin, config),
      });
      await until(() => /enter the code [A-Z]{4}-[A-Z]{4}/.test(run.stderr()), 10_000, 'the code');
      const [, page, code] = /open (\S+) and enter the code ([A-Z]{4}-[A-Z]{4})/.exec(run.stderr())!;
      await fetch(new URL('device/approve', page), { method: 'POST', body: new URLSearchParams({ user_code: code, decision: 'allow' }) });
      const session = await emulator.waitForSession(15_000);
      emulator.pick(session.id, { itemIds: ['item-0003'] });
      assert.equal(await run.exit, 0, run.stderr());
      assert.deepEqual(listDir(dest), ['sunset.png']);
    } finally {
      fs.rmSync(config, { recursive: true, force: true });
    }
  });
});

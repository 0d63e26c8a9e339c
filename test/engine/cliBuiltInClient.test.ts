import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { OAuthClientConfig } from '../../src/auth/oauthClientConfig';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type GoogleEmulator } from '../../emulator/server';
import { requireBuiltCli, runCli } from './cliRun';
import { emulatorAndFolderPerTest, listDir, tempDir, until } from './helpers';

const root = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is CommonJS, outside src/
const buildScript = require(path.join(root, 'esbuild.js')) as {
  buildOptions(o: { production: boolean; client?: OAuthClientConfig }): esbuild.BuildOptions[];
  builtInClient(production: boolean, env: Record<string, string>): OAuthClientConfig | undefined;
};

/** What Google Cloud console downloads for a Desktop app client: here the emulator's. */
const EMULATOR_CLIENT_FILE = {
  installed: { client_id: EMULATOR_CLIENT_ID, client_secret: EMULATOR_CLIENT_SECRET, redirect_uris: ['http://localhost'] },
};

describe("a CLI built with the publisher's client file (GOOGLE_PHOTOS_OAUTH_CLIENT_FILE)", function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;
  let emulator: GoogleEmulator;
  let dest: string;

  before(async () => {
    requireBuiltCli();
    // dist/cli.js as a production build makes it, beside dist/'s vendor bundles, without touching dist/.
    dir = tempDir('gpi-cli-build-');
    const clientFile = path.join(dir, 'client_secret.json');
    fs.writeFileSync(clientFile, JSON.stringify(EMULATOR_CLIENT_FILE));
    const client = buildScript.builtInClient(true, { GOOGLE_PHOTOS_OAUTH_CLIENT_FILE: clientFile });
    const options = buildScript.buildOptions({ production: false, client }).find((b) => b.outfile === 'dist/cli.js');
    cli = path.join(dir, 'cli.js');
    await esbuild.build({ ...options, outfile: cli, logLevel: 'silent' });
    fs.symlinkSync(path.join(root, 'dist/vendor'), path.join(dir, 'vendor'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  emulatorAndFolderPerTest({ pollInterval: '0.2s' }, (e, folder) => {
    emulator = e;
    dest = folder;
  });

  /** Signs in by a device code, approved as the user would on the page it names; resolves once that is done. */
  async function approveDeviceCode(run: ReturnType<typeof runCli>): Promise<void> {
    await until(() => /enter the code [A-Z]{4}-[A-Z]{4}/.test(run.stderr()) || run.child.exitCode !== null, 10_000, 'the code');
    const found = /open (\S+) and enter the code ([A-Z]{4}-[A-Z]{4})/.exec(run.stderr());
    assert.ok(found, run.stderr());
    await fetch(new URL('device/approve', found[1]), {
      method: 'POST',
      body: new URLSearchParams({ user_code: found[2], decision: 'allow' }),
    });
  }

  it('signs in with the built-in client when the environment names none, then imports', async () => {
    const run = runCli(
      ['import', '--dest', dest, '--sign-in', 'device-code'],
      { GOOGLE_PHOTOS_PICKER_API: emulator.origin, GOOGLE_PHOTOS_TEST_OAUTH: '1' },
      { cli },
    );
    await approveDeviceCode(run);
    const session = await emulator.waitForSession(15_000);
    emulator.pick(session.id, { itemIds: ['item-0003'] });
    assert.equal(await run.exit, 0, run.stderr());
    assert.match(run.stderr(), /Signed in\./);
    assert.deepEqual(listDir(dest), ['sunset.png']);
  });

  it('signs in with the client GOOGLE_PHOTOS_CLIENT_ID names instead, when it is set', async () => {
    // The emulator knows only its own client, so a sign-in with the named one is refused by it.
    const run = runCli(
      ['import', '--dest', dest, '--sign-in', 'device-code'],
      {
        GOOGLE_PHOTOS_PICKER_API: emulator.origin,
        GOOGLE_PHOTOS_TEST_OAUTH: '1',
        GOOGLE_PHOTOS_CLIENT_ID: 'someone-else.apps.googleusercontent.com',
        GOOGLE_PHOTOS_CLIENT_SECRET: 'theirs',
      },
      { cli },
    );
    // Signed in with the built-in client instead, it would print a code and wait for it to be entered.
    await until(() => run.child.exitCode !== null || /enter the code/.test(run.stderr()), 10_000, 'the end of the sign-in');
    run.child.kill();
    assert.equal(await run.exit, 1, run.stderr());
    assert.match(run.stderr(), /invalid_client|OAuth client was not found/i);
    assert.equal(emulator.liveSessions().length, 0);
  });

  it('is refused by the build, with a message and a non-zero exit, when the file is not a Desktop app client', () => {
    const file = path.join(dir, 'web_client.json');
    fs.writeFileSync(file, JSON.stringify({ web: EMULATOR_CLIENT_FILE.installed }));
    // It stops before building anything, so dist/ is left as it was.
    const build = spawnSync(process.execPath, [path.join(root, 'esbuild.js'), '--production'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GOOGLE_PHOTOS_OAUTH_CLIENT_FILE: file },
    });
    assert.equal(build.status, 1, build.stderr);
    assert.match(build.stderr, /web_client\.json holds a "Web application" client \("web"\).*Desktop app/);
    assert.ok(!build.stderr.includes(EMULATOR_CLIENT_SECRET), 'no secret in the message');
  });
});

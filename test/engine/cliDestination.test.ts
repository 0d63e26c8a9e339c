import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoogleEmulator } from '../../emulator/server';
import { requireBuiltCli, runCli } from './cliRun';
import { listDir, pickWhenAsked, startEmulator, tempDir } from './helpers';

// A cloned repository can commit `assets` as a symbolic link to any folder: the CLI's default destination followed
// it, writing the files and the index outside the working folder. VS Code refused the same link.
describe('the headless import keeps a relative --dest inside the working folder (dist/cli.js)', function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let top: string;
  let work: string;
  let outside: string;
  before(requireBuiltCli);
  beforeEach(async () => {
    emulator = await startEmulator({ pollInterval: '0.2s' });
    top = tempDir();
    work = path.join(top, 'repo');
    outside = path.join(top, 'elsewhere');
    fs.mkdirSync(work);
    fs.mkdirSync(outside);
    fs.symlinkSync(outside, path.join(work, 'assets'), 'dir');
    pickWhenAsked(emulator, ['item-0003']); // as a user would, should a session be created
  });
  afterEach(async () => {
    await emulator.close();
    fs.rmSync(top, { recursive: true, force: true });
  });

  const againstEmulator = () => ({ GOOGLE_PHOTOS_PICKER_API: emulator.origin, GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken() });

  it('refuses the default `assets` when it is a link out of the working folder, before any session, writing nothing', async () => {
    for (const dest of [[], ['--dest', 'assets/${createYear}'], ['--dest', '../elsewhere']]) {
      const run = runCli(['import', ...dest], againstEmulator(), { cwd: work });
      assert.equal(await run.exit, 1, run.stderr());
      assert.match(run.stderr(), /^google-photos-import: Cannot import into .*outside /m, dest.join(' '));
      assert.match(run.stderr(), /give --dest as an absolute path/);
    }
    assert.equal(emulator.sessions.size, 0, 'no session was created');
    assert.equal(emulator.requests.length, 0, 'no request at all');
    assert.deepEqual(fs.readdirSync(outside), [], 'nothing written outside');
    assert.deepEqual(fs.readdirSync(work), ['assets']);
  });

  it('imports under the working folder for a relative --dest, and through the link for an absolute one', async () => {
    const inside = runCli(['import', '--dest', 'photos', '--json'], againstEmulator(), { cwd: work });
    assert.equal(await inside.exit, 0, inside.stderr());
    assert.equal(JSON.parse(inside.stdout()).dest, path.join(fs.realpathSync(work), 'photos'));
    assert.deepEqual(listDir(path.join(work, 'photos')), ['sunset.png']);

    pickWhenAsked(emulator, ['item-0003']);
    const explicit = runCli(['import', '--dest', path.join(work, 'assets')], againstEmulator(), { cwd: work });
    assert.equal(await explicit.exit, 0, explicit.stderr());
    assert.deepEqual(listDir(outside), ['sunset.png'], "an absolute --dest is the user's own choice");
  });
});

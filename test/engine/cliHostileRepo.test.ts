import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoogleEmulator } from '../../emulator/server';
import { requireBuiltCli, runCli } from './cliRun';
import { emulatorAndFolderPerTest, pickWhenAsked } from './helpers';

const INDEX = '.google-photos-import.json';

// What a cloned repository can commit beside the destination, imported from the terminal: each run ends by itself
// with its photo and one warning about the index, and the committed thing is left as it was.
describe('the headless import in a hostile cloned repository (dist/cli.js)', function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let repo: string;
  before(function () {
    if (process.platform === 'win32') this.skip(); // symbolic links to devices need a POSIX system
    requireBuiltCli();
  });
  emulatorAndFolderPerTest({ pollInterval: '0.2s' }, (e, folder) => {
    emulator = e;
    repo = folder;
  });

  const cases: [string, (dir: string) => void][] = [
    ['a lock that is a dangling link', (dir) => fs.symlinkSync(path.join(dir, 'gone'), path.join(dir, `${INDEX}.lock`))],
    // The CLI's own stdin: a pipe the test keeps open, so reading it would wait for ever.
    ['an index linked to /dev/stdin', (dir) => fs.symlinkSync('/dev/stdin', path.join(dir, INDEX))],
    ['an index linked to /dev/zero', (dir) => fs.symlinkSync('/dev/zero', path.join(dir, INDEX))],
  ];
  for (const [what, commit] of cases) {
    it(`${what}: the run ends with its photo and one warning, the link left alone`, async () => {
      const dest = path.join(repo, 'assets');
      fs.mkdirSync(dest);
      commit(dest);
      const committed = fs.readdirSync(dest).map((name) => [name, fs.readlinkSync(path.join(dest, name))]);
      pickWhenAsked(emulator, ['item-0003']);
      const run = runCli(
        ['import', '--json'],
        { GOOGLE_PHOTOS_PICKER_API: emulator.origin, GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken() },
        { cwd: repo },
      );
      const exit = await Promise.race([run.exit, new Promise((resolve) => setTimeout(() => resolve('still running after 15 s'), 15_000))]);
      if (exit !== 0) run.child.kill('SIGKILL');
      assert.equal(exit, 0, run.stderr());
      const summary = JSON.parse(run.stdout());
      assert.deepEqual(
        summary.imported.map((i: { path: string }) => path.basename(i.path)),
        ['sunset.png'],
      );
      assert.equal(summary.warnings.length, 1, run.stderr());
      assert.match(summary.warnings[0], /\.google-photos-import\.json/);
      for (const [name, target] of committed) assert.equal(fs.readlinkSync(path.join(dest, name)), target, `${name} untouched`);
      assert.equal(emulator.liveSessions().length, 0, 'session deleted');
    });
  }
});

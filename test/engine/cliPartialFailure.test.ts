import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { GoogleEmulator } from '../../emulator/server';
import { requireBuiltCli, runCli } from './cliRun';
import { bulkItemIds, emulatorAndFolderPerTest, listDir, pickWhenAsked } from './helpers';

// A run that failed after files landed printed no JSON, so a script could not know what was on disk.
describe('the headless import with --json after a failure part-way (dist/cli.js)', function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let dest: string;
  before(requireBuiltCli);
  emulatorAndFolderPerTest({ pollInterval: '0.2s', bulkItems: 150 }, (e, folder) => {
    emulator = e;
    dest = folder;
  });

  it('prints the one JSON summary of the files kept, with the error, and exits 1', async () => {
    pickWhenAsked(emulator, bulkItemIds(emulator));
    emulator.injectFault({ path: '/media/', delayMs: 50, times: 1000 });
    emulator.injectFault({ path: '/v1/mediaItems', times: 1 }); // the first page is listed as usual
    emulator.injectFault({ path: '/v1/mediaItems', delayMs: 400, status: 400, errorStatus: 'INVALID_ARGUMENT' });
    const run = runCli(['import', '--dest', dest, '--json'], {
      GOOGLE_PHOTOS_PICKER_API: emulator.origin,
      GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken(),
    });
    assert.equal(await run.exit, 1, run.stderr());

    assert.equal(run.stdout().trim().split('\n').length, 1, `one line on stdout: ${run.stdout()}`);
    const summary = JSON.parse(run.stdout());
    assert.deepEqual(Object.keys(summary).sort(), ['dest', 'error', 'failed', 'imported', 'reused', 'sessionId', 'skipped', 'warnings']);
    assert.match(
      summary.error,
      /^mediaItems\.list failed: 400 INVALID_ARGUMENT.* The \d+ file\(s\) that had finished downloading were kept\.$/,
    );
    const files = listDir(dest);
    assert.ok(files.length > 0, 'files were kept');
    assert.deepEqual(
      summary.imported.map((i: { path: string }) => path.basename(i.path)).sort(),
      files,
      'the summary lists exactly the files on disk',
    );
    assert.match(run.stderr(), /^google-photos-import: mediaItems\.list failed/m);
    assert.equal(emulator.liveSessions().length, 0, 'session deleted');
  });
});

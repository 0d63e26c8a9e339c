import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { GoogleEmulator } from '../../emulator/server';
import { requireBuiltCli, type Run, runCli } from './cliRun';
import { emulatorAndFolderPerTest, listDir } from './helpers';

describe("the headless import's responsive widths and video posters (dist/cli.js)", function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let dest: string;
  before(requireBuiltCli);
  emulatorAndFolderPerTest({ pollInterval: '0.2s' }, (e, folder) => {
    emulator = e;
    dest = folder;
  });
  const againstEmulator = () => ({ GOOGLE_PHOTOS_PICKER_API: emulator.origin, GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken() });
  const pickOnce = async (run: Run, itemIds: string[]) => {
    emulator.pick((await emulator.waitForSession(10_000, (s) => !s.mediaItemsSet)).id, { itemIds });
    assert.equal(await run.exit, 0, run.stderr());
    return run.stdout();
  };

  it('--widths and --posters: the copies and the still beside each file, in the JSON entry and in the summary', async () => {
    const args = ['import', '--dest', dest, '--widths', '1024,480', '--posters'];
    // 1024 wide (so 1024 itself is skipped), and a video.
    const summary = JSON.parse(await pickOnce(runCli([...args, '--json'], againstEmulator()), ['item-0004', 'item-0005']));
    const [photo, video] = summary.imported;
    assert.deepEqual(photo.variants, [{ width: 480, path: path.join(dest, 'harbour-panorama-480w.jpg') }]);
    assert.equal(photo.poster, undefined);
    assert.equal(video.poster, path.join(dest, 'clip.poster.jpg'));
    assert.equal(video.variants, undefined, 'a video gets no copies');
    assert.deepEqual(listDir(dest), ['clip.mp4', 'clip.poster.jpg', 'harbour-panorama-480w.jpg', 'harbour-panorama.jpg']);

    const text = await pickOnce(runCli(args, againstEmulator()), ['item-0004', 'item-0005']);
    assert.ok(text.includes(`\n    480w: ${path.join(dest, 'harbour-panorama-480w.jpg')}\n`), text);
    assert.ok(text.includes(`\n    poster: ${path.join(dest, 'clip.poster.jpg')}\n`), text);
  });

  it("--links-for an HTML page: the copies become srcset, the still the video's poster, the facts the alt text", async () => {
    const run = runCli(
      [
        'import',
        '--dest',
        dest,
        '--widths',
        '480',
        '--posters',
        '--links-for',
        path.join(dest, 'page.html'),
        '--alt',
        '${cameraModel}, ${exposureTime} s',
      ],
      againstEmulator(),
    );
    const links = await pickOnce(run, ['item-0004', 'item-0005']);
    assert.match(
      links,
      /<img src="harbour-panorama\.jpg" srcset="harbour-panorama-480w\.jpg 480w, harbour-panorama\.jpg 1024w"[^>]* alt="Pixel 8, 1\/1000 s"/,
    );
    assert.match(links, /<video controls poster="clip\.poster\.jpg" src="clip\.mp4"/);
  });

  it('refuses --widths that are not whole pixel counts before any session, saying what is accepted', async () => {
    for (const value of ['0', '480,wide', '1,2,3,4,5,6,7,8,9']) {
      const run = runCli(['import', '--dest', dest, '--widths', value], againstEmulator());
      assert.equal(await run.exit, 1, value);
      assert.match(
        run.stderr(),
        /--widths: ".*" is not a list of up to 8 widths in pixels, each a whole number from 1 to 16383 \(such as 480,1024\)/,
      );
      assert.match(run.stderr(), /Run with --help for usage/);
    }
    assert.equal(emulator.sessions.size, 0);
  });
});

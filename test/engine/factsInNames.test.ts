import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { type ImportEvent, type ImportOptions, importPhotos, type ImportSummary } from '../../src/import';
import type { GoogleEmulator } from '../../emulator/server';
import { clientFor, emulatorAndFolderPerTest, FAST_RETRY } from './helpers';

describe("the photo's facts from Google: in the summary, in file and folder names (emulator)", () => {
  let emulator: GoogleEmulator;
  let dir: string;
  emulatorAndFolderPerTest({}, (e, folder) => {
    emulator = e;
    dir = folder;
  });

  function run(itemIds: string[], extra: Partial<ImportOptions> = {}): Promise<ImportSummary> {
    const onEvent = (e: ImportEvent) => {
      if (e.type === 'session-created') setTimeout(() => emulator.pick(e.sessionId, { itemIds }), 30);
    };
    return importPhotos({
      endpoints: emulator.endpoints,
      tokens: clientFor(emulator).tokens,
      retry: FAST_RETRY,
      destDir: path.join(dir, 'assets'),
      onEvent,
      ...extra,
    });
  }

  it('gives each imported and reused item its facts, empty where Google lists none', async () => {
    const first = await run(['item-0001', 'item-0003']);
    assert.deepEqual(
      first.imported.map((i) => i.facts),
      [
        {
          cameraMake: 'Google',
          cameraModel: 'Pixel 8',
          width: '640',
          height: '480',
          focalLength: '6.9',
          aperture: '1.68',
          iso: '50',
          exposureTime: '1/500',
        },
        { cameraMake: '', cameraModel: '', width: '320', height: '240', focalLength: '', aperture: '', iso: '', exposureTime: '' },
      ],
    );
    const again = await run(['item-0001', 'item-0003']);
    assert.deepEqual(
      again.reused.map((i) => i.facts),
      first.imported.map((i) => i.facts),
    );
  });

  it('names files and folders from them: "1/500" is no subfolder, and an empty fact an empty part', async () => {
    const summary = await run(['item-0001', 'item-0003', 'item-0012'], {
      destDir: path.join(dir, 'assets', '${cameraMake}', '${exposureTime}'),
      fileName: '${cameraModel}-${exposureTime}s-f${aperture}-iso${iso}-${fileName}',
    });
    assert.deepEqual(
      summary.imported.map((i) => path.relative(dir, i.path)),
      [
        path.join('assets', 'Google', '1_500', 'Pixel 8-1_500s-f1.68-iso50-IMG_0001.JPG'),
        path.join('assets', '-s-f-iso-sunset.png'),
        path.join('assets', 'FUJIFILM', '2.5', 'X100V-2.5s-f8-iso160-Straße am Meer Ω.jpeg'),
      ],
    );
  });
});

import * as assert from 'node:assert/strict';
import type { Destination } from '../../src/vscode/destinationPrompt';
import { askFileOptions } from '../../src/vscode/fileOptions';
import { Settings } from '../../src/vscode/settings';
import { asVs, fakeVscode } from './fakeVscode';

describe('askFileOptions (file name, size, responsive widths, posters and duplicates, checked before sign-in)', () => {
  const folder = { name: 'blog', uri: { scheme: 'file', fsPath: '/blog', toString: () => 'file:///blog' } };
  const destination = (document?: { relativePath: string }): Destination => ({
    kind: 'folder',
    folder,
    fsPath: '/blog/assets',
    label: 'assets/',
    document,
  });

  function withSettings(values: Record<string, unknown>) {
    const fake = fakeVscode();
    const workspace = { getConfiguration: () => ({ get: (key: string, fallback: unknown) => (key in values ? values[key] : fallback) }) };
    const vs = asVs({ ...fake.vs, workspace });
    return { fake, vs, settings: new Settings(vs) };
  }

  it('gives the parsed settings, with ${documentBaseName} from the open document', () => {
    const { vs, settings, fake } = withSettings({
      fileName: '${documentBaseName}-${index}',
      imageSize: 'web',
      responsiveWidths: [1024, 480, 1024],
      videoPosters: true,
      skipDuplicates: false,
    });
    assert.deepEqual(askFileOptions(vs, settings, destination({ relativePath: 'posts/trip.md' })), {
      fileName: '${documentBaseName}-${index}',
      nameValues: { documentBaseName: 'trip' },
      imageSize: { kind: 'fit', width: 2048, height: 2048 },
      responsiveWidths: [480, 1024],
      videoPosters: true,
      skipDuplicates: false,
    });
    assert.deepEqual(fake.shown, []);
  });

  it("defaults: Google's name, the original, duplicates reused", () => {
    const { vs, settings } = withSettings({});
    assert.deepEqual(askFileOptions(vs, settings, destination()), {
      fileName: '${fileName}',
      nameValues: {},
      imageSize: { kind: 'original' },
      responsiveWidths: [],
      videoPosters: false,
      skipDuplicates: true,
    });
  });

  it("stops with a message and the setting's button: unknown variable, no document for ${documentBaseName}, bad size, bad widths", async () => {
    const cases: [Record<string, unknown>, RegExp, string][] = [
      [{ fileName: '${fileStem}-${camera}' }, /unknown variable \$\{camera\}/, 'googlePhotosImport.fileName'],
      [{ fileName: '${documentBaseName}' }, /\$\{documentBaseName\}, which needs an open document/, 'googlePhotosImport.fileName'],
      [{ imageSize: '4k' }, /image size: "4k"/, 'googlePhotosImport.imageSize'],
      [
        { responsiveWidths: [480, 0] },
        /googlePhotosImport.responsiveWidths: "\[480,0\]" is not a list of up to 8 widths/,
        'googlePhotosImport.responsiveWidths',
      ],
      [{ responsiveWidths: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, /up to 8 widths/, 'googlePhotosImport.responsiveWidths'],
    ];
    for (const [values, message, setting] of cases) {
      const { vs, settings, fake } = withSettings(values);
      fake.pressNext('Open Settings');
      assert.equal(askFileOptions(vs, settings, destination()), undefined);
      assert.match(fake.shown[0].message, message);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(fake.commands, [{ id: 'workbench.action.openSettings', args: [setting] }]);
    }
  });
});

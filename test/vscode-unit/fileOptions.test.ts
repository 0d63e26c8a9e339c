import * as assert from 'node:assert/strict';
import type { Destination } from '../../src/vscode/destinationPrompt';
import { askFileOptions } from '../../src/vscode/fileOptions';
import { Settings } from '../../src/vscode/settings';
import { asVs, fakeVscode } from './fakeVscode';

describe('askFileOptions (file name, size and duplicates, checked before sign-in)', () => {
  const folder = { name: 'blog', uri: { scheme: 'file', fsPath: '/blog', toString: () => 'file:///blog' } };
  const destination = (document?: { relativePath: string }): Destination => ({ kind: 'folder', folder, fsPath: '/blog/assets', label: 'assets/', document });

  function withSettings(values: Record<string, unknown>) {
    const fake = fakeVscode();
    const workspace = { getConfiguration: () => ({ get: (key: string, fallback: unknown) => (key in values ? values[key] : fallback) }) };
    const vs = asVs({ ...fake.vs, workspace });
    return { fake, vs, settings: new Settings(vs) };
  }

  it('gives the parsed settings, with ${documentBaseName} from the open document', () => {
    const { vs, settings, fake } = withSettings({ fileName: '${documentBaseName}-${index}', imageSize: 'web', skipDuplicates: false });
    assert.deepEqual(askFileOptions(vs, settings, destination({ relativePath: 'posts/trip.md' })), {
      fileName: '${documentBaseName}-${index}', nameValues: { documentBaseName: 'trip' }, imageSize: { kind: 'fit', width: 2048, height: 2048 }, skipDuplicates: false,
    });
    assert.deepEqual(fake.shown, []);
  });

  it('defaults: Google\'s name, the original, duplicates reused', () => {
    const { vs, settings } = withSettings({});
    assert.deepEqual(askFileOptions(vs, settings, destination()), { fileName: '${fileName}', nameValues: {}, imageSize: { kind: 'original' }, skipDuplicates: true });
  });

  it('stops with a message and the setting\'s button: unknown variable, no document for ${documentBaseName}, bad size', async () => {
    const cases: [Record<string, unknown>, RegExp, string][] = [
      [{ fileName: '${fileStem}-${camera}' }, /unknown variable \$\{camera\}/, 'googlePhotosImport.fileName'],
      [{ fileName: '${documentBaseName}' }, /\$\{documentBaseName\}, which needs an open document/, 'googlePhotosImport.fileName'],
      [{ imageSize: '4k' }, /image size: "4k"/, 'googlePhotosImport.imageSize'],
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

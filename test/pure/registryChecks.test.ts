import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
type Files = Map<string, Buffer>;
type Manifest = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registryProblems } = require(path.join(root, 'tools/registryChecks.cjs')) as {
  registryProblems(input: { manifest: Manifest; nls?: Record<string, string>; files?: Files }): string[];
};

const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
/** The files of the .vsix that the checks read, as vsce names them. */
const packaged: Files = new Map([
  ['extension/LICENSE.txt', fs.readFileSync(path.join(root, 'LICENSE'))],
  ['extension/media/icon.png', fs.readFileSync(path.join(root, 'media/icon.png'))],
]);
const problemsWith = (changes: Manifest, files: Files = packaged) =>
  registryProblems({ manifest: { ...manifest, ...changes }, nls, files });

describe("the Marketplace's and Open VSX's checks of the package (tools/registryChecks.cjs)", () => {
  it('pass for this extension\'s manifest, license and icon, "private": true included (it only stops an npm publish)', () => {
    assert.equal(manifest.private, true);
    assert.deepEqual(registryProblems({ manifest, nls, files: packaged }), []);
  });

  const refused: [string, Manifest, RegExp][] = [
    [
      'a publisher that is a display name (vsce)',
      { publisher: 'Google Photos Import' },
      /Marketplace \(vsce\): Invalid extension "publisher"/,
    ],
    [
      'no publisher (vsce publish and ovsx)',
      { publisher: undefined },
      /Marketplace \(vsce publish\): Missing extension "publisher"[^]*Open VSX \(ovsx\): Missing required field 'publisher'/,
    ],
    [
      'a name Open VSX refuses',
      { name: 'photos.import' },
      /Invalid extension "name": "photos\.import"[^]*Open VSX: invalid name "photos\.import"/,
    ],
    ['an engine vsce cannot read', { engines: { vscode: '1.86' } }, /Invalid vscode engine compatibility version/],
    ['a version that is not semver', { version: '1.0' }, /Invalid extension "version"[^]*Open VSX: "1\.0" is not a semantic version/],
    [
      'a display name with no text in package.nls.json',
      { displayName: '%missing%' },
      /Open VSX: displayName is "%missing%", but package.nls.json has no "missing"/,
    ],
    [
      'a description with a control character',
      { description: 'photos\u0007' },
      /Open VSX: description holds a control or other invisible character/,
    ],
    [
      'a repository that is not a URL',
      { repository: 'somewhere/photos' },
      /Open VSX: repository is not an absolute URL: somewhere\/photos/,
    ],
    [
      'a gallery banner theme neither knows',
      { galleryBanner: { color: '#1f4fa8', theme: 'blue' } },
      /galleryBanner\.theme must be "dark" or "light"/,
    ],
    ['an SVG icon (vsce)', { icon: 'media/icon.svg' }, /SVGs can't be used as icons/],
    ['an icon missing from the .vsix', { icon: 'media/gone.png' }, /Marketplace: the icon media\/gone\.png is not in the \.vsix/],
  ];
  for (const [what, changes, expected] of refused) {
    it(`refuse ${what}`, () => assert.match(problemsWith(changes).join('\n'), expected));
  }

  it('refuse a package with neither a license field nor a license file (Open VSX)', () => {
    const withoutLicenseFile: Files = new Map([...packaged].filter(([name]) => !/licen[cs]e/i.test(name)));
    assert.deepEqual(problemsWith({ license: undefined }, withoutLicenseFile), [
      'Open VSX: the extension has no license: set "license" in package.json and ship a LICENSE file.',
    ]);
    assert.deepEqual(problemsWith({ license: undefined }), [], 'the LICENSE file is enough');
  });

  it('refuse an icon smaller than the Marketplace shows', () => {
    const tiny = Buffer.from(packaged.get('extension/media/icon.png')!);
    tiny.writeUInt32BE(64, 16);
    tiny.writeUInt32BE(64, 20);
    assert.deepEqual(problemsWith({}, new Map([...packaged, ['extension/media/icon.png', tiny]])), [
      'Marketplace: the icon is 64×64; it needs at least 128×128.',
    ]);
  });
});

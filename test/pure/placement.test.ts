import * as assert from 'node:assert/strict';
import { parseIndex } from '../../src/download/storage/importIndex';
import { withExtensionFor } from '../../src/workflow/naming';
import { checkFileNameTemplate, fileNameFor, folderValues, parseImageSize, sizeKey, sizeSuffix } from '../../src/workflow/placement';
import { checkTemplate, expandTemplate, TemplateError, variablesOf } from '../../src/workflow/template';

describe('placement: per-item variables, file-name templates, sizes (pure)', () => {
  const photo = {
    id: 'AF1QipN-abcdef123456',
    filename: 'IMG_0042.HEIC',
    mimeType: 'image/heic',
    createTime: '2025-12-31T23:59:58.250Z',
    isVideo: false,
  };

  it('expands every file-name variable from the item (dates in UTC)', () => {
    const table: [string, string][] = [
      ['${fileName}', 'IMG_0042.HEIC'],
      ['${fileStem}', 'IMG_0042.heic'],
      ['${fileStem}.${fileExt}', 'IMG_0042.HEIC'],
      ['${createDate}', '2025-12-31.heic'],
      ['${createDateTime}-${fileName}', '20251231-235958-IMG_0042.HEIC'],
      ['${index}-${fileName}', '007-IMG_0042.HEIC'],
      ['${documentBaseName}-${index}', 'my-post-007.heic'],
      ['$${fileName}', '${fileName}.heic'],
    ];
    for (const [template, expected] of table) {
      assert.equal(fileNameFor(template, photo, 7, 120, { documentBaseName: 'my-post' }), expected, template);
    }
  });

  it('pads ${index} to the width of the count', () => {
    assert.equal(fileNameFor('${index}', photo, 3, 9), '3.heic');
    assert.equal(fileNameFor('${index}', photo, 3, 10), '03.heic');
    assert.equal(fileNameFor('${index}', photo, 42, 2000), '0042.heic');
  });

  it('puts the result through the safe-name rules: separators, traversal, reserved names, unicode', () => {
    assert.equal(fileNameFor('${createDate}/../${fileName}', photo, 1, 1), '2025-12-31_.._IMG_0042.HEIC');
    assert.equal(fileNameFor('..\\${fileName}', photo, 1, 1), '_IMG_0042.HEIC');
    assert.equal(fileNameFor('CON', photo, 1, 1), '_CON.heic');
    assert.equal(fileNameFor('Straße-${fileStem}', { ...photo, filename: 'Ω\u202Egpj.exe' }, 1, 1), 'Straße-Ωgpj.exe.heic');
    assert.equal(fileNameFor('${fileName}', { ...photo, filename: undefined }, 1, 1), 'photo-AF1QipN-abcd.heic');
  });

  it('calls an item without a usable createTime "undated"', () => {
    const dateOf = (values: Record<string, string>) => ({
      createYear: values.createYear,
      createMonth: values.createMonth,
      createDay: values.createDay,
    });
    assert.deepEqual(dateOf(folderValues({ createTime: 'yesterday' })), {
      createYear: 'undated',
      createMonth: 'undated',
      createDay: 'undated',
    });
    assert.deepEqual(dateOf(folderValues({ createTime: '2024-02-29T00:30:00+02:00' })), {
      createYear: '2024',
      createMonth: '02',
      createDay: '28',
    });
    assert.equal(fileNameFor('${createDate}', { ...photo, createTime: undefined }, 1, 1), 'undated.heic');
  });

  it("makes the photo's facts variables of file names and folders, each safe in a name, empty when Google gives none", () => {
    const metadata = {
      cameraMake: 'Google',
      cameraModel: '../../etc',
      width: 4032,
      height: 3024,
      photoMetadata: { focalLength: 6.9, apertureFNumber: 1.68, isoEquivalent: 50, exposureTime: '0.008s' },
    };
    const template = '${cameraMake}-${cameraModel}-${width}x${height}-${focalLength}mm-f${aperture}-iso${iso}-${exposureTime}';
    assert.doesNotThrow(() => checkFileNameTemplate(template));
    assert.equal(fileNameFor(template, { ...photo, metadata }, 1, 1), 'Google-_.._etc-4032x3024-6.9mm-f1.68-iso50-1_125.heic');
    assert.equal(fileNameFor(template, photo, 1, 1), '--x-mm-f-iso-.heic');
    const folder = folderValues({
      createTime: photo.createTime,
      metadata: { ...metadata, cameraMake: ' NUL ', cameraModel: 'A/B\\C: \u202Eevil.' },
    });
    assert.deepEqual(
      [folder.createYear, folder.cameraMake, folder.cameraModel, folder.exposureTime, folder.iso],
      ['2025', '_NUL', 'A_B_C_ evil', '1_125', '50'],
    );
    assert.equal(folderValues({ createTime: photo.createTime }).cameraMake, '');
  });

  it('names the unknown variable, the setting and the known ones', () => {
    assert.throws(
      () => checkFileNameTemplate('${fileStem}-${camera}'),
      (err: Error) => err instanceof TemplateError && /file name: unknown variable \$\{camera\}.*\$\{fileStem\}/.test(err.message),
    );
    assert.throws(
      () => checkFileNameTemplate('${documentBaseName}'),
      /unknown variable \$\{documentBaseName\}/,
      'only where a document is known',
    );
    assert.doesNotThrow(() => checkFileNameTemplate('${documentBaseName}', ['documentBaseName']));
    assert.throws(() => checkFileNameTemplate('  '), /empty/);
    assert.throws(() => checkTemplate('a/${}', ['x'], 'destination'), /unknown variable \$\{\}/);
  });

  it('$${name} is the literal text, not a variable', () => {
    assert.equal(expandTemplate('cost: $${price} ${x}', { x: '1' }, 't'), 'cost: ${price} 1');
    assert.deepEqual(variablesOf('$${a}/${b}/${c}'), ['b', 'c']);
    assert.doesNotThrow(() => checkTemplate('$${anything}', [], 't'));
  });
});

describe('image sizes asked of Google (pure)', () => {
  it('parses original, web and WIDTHxHEIGHT', () => {
    assert.deepEqual(parseImageSize(undefined), { kind: 'original' });
    assert.deepEqual(parseImageSize(' Original '), { kind: 'original' });
    assert.deepEqual(parseImageSize('web'), { kind: 'fit', width: 2048, height: 2048 });
    assert.deepEqual(parseImageSize('1600x1200'), { kind: 'fit', width: 1600, height: 1200 });
    assert.deepEqual(parseImageSize('800 X 600'), { kind: 'fit', width: 800, height: 600 });
    for (const bad of ['0x100', '100x0', '16384x10', 'x100', '100x', '1e3x100', '-5x5', 'large', '100x100x100']) {
      assert.throws(() => parseImageSize(bad), /image size: .*original.*web.*WIDTHxHEIGHT/, bad);
    }
  });

  it('turns them into the URL suffix, videos always =dv', () => {
    assert.equal(sizeSuffix({ kind: 'original' }, false), '=d');
    assert.equal(sizeSuffix(parseImageSize('web'), false), '=w2048-h2048');
    assert.equal(sizeSuffix(parseImageSize('640x480'), true), '=dv');
    assert.equal(sizeKey(parseImageSize('640x480'), false), '640x480');
    assert.equal(sizeKey(parseImageSize('640x480'), true), 'original');
  });

  it('lets the returned type decide the extension', () => {
    assert.equal(withExtensionFor('IMG_1.HEIC', 'image/jpeg'), 'IMG_1.jpg');
    assert.equal(withExtensionFor('IMG_1.JPEG', 'image/jpeg'), 'IMG_1.JPEG', 'a JPEG extension stays as the user knows it');
    assert.equal(withExtensionFor('sunset.png', 'image/jpeg'), 'sunset.jpg');
    assert.equal(withExtensionFor('v1.2 final', 'image/jpeg'), 'v1.2 final.jpg');
    assert.equal(withExtensionFor('IMG_1.HEIC', 'application/octet-stream'), 'IMG_1.HEIC', 'an unknown type keeps the name');
    assert.equal(withExtensionFor('clip.mov', 'video/quicktime'), 'clip.mov');
  });
});

describe('the folder index file (pure parsing)', () => {
  const entry = { id: 'a', size: 'original', file: 'IMG.jpg', bytes: 10, sha256: 'ab'.repeat(32), importedAt: '2026-01-01T00:00:00Z' };
  it('reads what it writes', () => {
    const parsed = parseIndex(JSON.stringify({ about: 'x', version: 1, items: [entry] }));
    assert.deepEqual([...parsed!.values()], [{ ...entry, mimeType: undefined }]);
  });
  it('rejects anything out of shape, including names that leave the folder', () => {
    const bad = [
      'not json',
      '{"version":2,"items":[]}',
      '{"version":1}',
      'null',
      '{"version":1,"items":[null]}',
      ...[
        { file: '../x.jpg' },
        { file: 'a/b.jpg' },
        { file: 'a\\b.jpg' },
        { file: '.hidden' },
        { bytes: -1 },
        { bytes: 1.5 },
        { sha256: 'xyz' },
        { id: '' },
        { mimeType: 5 },
      ].map((change) => JSON.stringify({ version: 1, items: [{ ...entry, ...change }] })),
    ];
    for (const text of bad) assert.equal(parseIndex(text), undefined, text);
  });
  it('keeps an item id such as __proto__ as data', () => {
    const parsed = parseIndex(JSON.stringify({ version: 1, items: [{ ...entry, id: '__proto__' }] }));
    assert.equal([...parsed!.values()][0].id, '__proto__');
  });
});

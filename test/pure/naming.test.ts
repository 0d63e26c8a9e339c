import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { MAX_NAME_BYTES, NameReservations, numberedName, safeFileName } from '../../src/workflow/naming';

/** A name is safe if it is one plain path segment that every OS accepts. */
function assertPortable(name: string): void {
  assert.ok(name.length > 0, 'not empty');
  assert.equal(path.posix.basename(name), name, `no "/" in ${name}`);
  assert.equal(path.win32.basename(name), name, `no "\\" in ${name}`);
  assert.ok(!/[<>:"|?*\u0000-\u001f]/.test(name), `no reserved characters in ${JSON.stringify(name)}`);
  assert.ok(
    !/[\u061c\u200b\u200e\u200f\u202a-\u202e\u2028\u2029\u2060\u2066-\u2069\ufeff]/.test(name),
    `no invisible or bidi characters in ${JSON.stringify(name)}`,
  );
  assert.ok(!name.startsWith('.'), `not hidden: ${name}`);
  assert.ok(!/[. ]$/.test(name), `no trailing dot or space: ${name}`);
  assert.ok(Buffer.byteLength(name) <= MAX_NAME_BYTES, `at most ${MAX_NAME_BYTES} bytes`);
}

describe('safe file names', () => {
  it('keeps ordinary names', () => {
    assert.equal(safeFileName('IMG_0001.JPG', 'image/jpeg', 'x'), 'IMG_0001.JPG');
    assert.equal(safeFileName('Straße am Meer Ω.jpeg', 'image/jpeg', 'x'), 'Straße am Meer Ω.jpeg');
  });

  const hostile: [string, string][] = [
    ['../../etc/passwd.jpg', 'image/jpeg'],
    ['..\\..\\Windows\\win.ini', 'image/jpeg'],
    ['/absolute/path.png', 'image/png'],
    ['..', 'image/jpeg'],
    ['.bashrc', 'image/jpeg'],
    ['CON.jpg', 'image/jpeg'],
    ['lpt1', 'image/png'],
    ['a<b>c:d"e|f?g*.jpg', 'image/jpeg'],
    ['tab\tnew\nline\u0000.jpg', 'image/jpeg'],
    ['invoice\u202Egpj.exe', 'image/png'],
    ['trailing dots...', 'image/jpeg'],
    ['   ', 'image/jpeg'],
    [`${'ü'.repeat(300)}.jpg`, 'image/jpeg'],
    [`${'x'.repeat(300)}`, 'video/mp4'],
  ];
  for (const [name, mime] of hostile) {
    it(`makes ${JSON.stringify(name.slice(0, 40))} portable`, () => assertPortable(safeFileName(name, mime, 'item-1')));
  }

  it('neutralises the specific tricks', () => {
    assert.equal(safeFileName('../../etc/passwd.jpg', 'image/jpeg', 'x'), '_.._etc_passwd.jpg');
    assert.equal(safeFileName('CON.jpg', 'image/jpeg', 'x'), '_CON.jpg');
    assert.equal(
      safeFileName('invoice\u202Egpj.exe', 'image/png', 'x'),
      'invoicegpj.exe.png',
      'the bidi override is gone, and a PNG ends in .png',
    );
    assert.equal(safeFileName('', 'image/jpeg', 'photo-abc123'), 'photo-abc123.jpg');
    assert.equal(safeFileName('noext', 'image/png', 'x'), 'noext.png');
    assert.equal(safeFileName('weird.j p g', 'image/jpeg', 'x'), 'weird.j p g.jpg', "a nonsense extension gets the MIME type's");
  });

  it('truncates long names on a character boundary and keeps the extension', () => {
    const name = safeFileName(`${'ü'.repeat(300)}.jpg`, 'image/jpeg', 'x');
    assert.ok(name.endsWith('.jpg'));
    assert.ok(!name.includes('\uFFFD'));
    assert.ok(Buffer.byteLength(name) <= MAX_NAME_BYTES);
  });

  // The old code kept Google's extension whatever the type: an image could land as tasks.json or report.html.
  it('gives an image or video an extension of its own type', () => {
    const table: [string, string, string][] = [
      ['evil.desktop', 'image/jpeg', 'evil.desktop.jpg'],
      ['tasks.json', 'image/png', 'tasks.json.png'],
      ['report.html', 'image/jpeg', 'report.html.jpg'],
      ['clip.exe', 'video/mp4', 'clip.exe.mp4'],
      ['IMG_1.JPEG', 'image/jpeg', 'IMG_1.JPEG'],
      ['IMG_1.HEIC', 'image/heif', 'IMG_1.HEIC'],
      ['movie.MOV', 'video/quicktime', 'movie.MOV'],
      ['scan.tif', 'image/x-unknown', 'scan.tif'],
      ['scan.txt', 'image/x-unknown', 'scan.txt'],
      ['notes.txt', 'application/octet-stream', 'notes.txt'],
    ];
    for (const [name, mime, want] of table) assert.equal(safeFileName(name, mime, 'x'), want, `${name} as ${mime}`);
  });

  it('takes no extension from a MIME type named like an Object property (found by the property test)', () => {
    assert.equal(safeFileName(undefined, '__proto__', ''), 'photo');
    assert.equal(safeFileName('a', 'constructor', 'x'), 'a');
  });

  it('numbers copies the way VS Code paste does', () => {
    assert.equal(numberedName('IMG_1.jpg', 0), 'IMG_1.jpg');
    assert.equal(numberedName('IMG_1.jpg', 1), 'IMG_1-1.jpg');
    assert.equal(numberedName('README', 2), 'README-2');
  });

  it('reserves names case-insensitively and skips names taken on disk', async () => {
    const names = new NameReservations();
    const onDisk = new Set(['img_1.jpg', 'IMG_1-1.jpg']);
    const isFree = async (c: string) => !onDisk.has(c) && !onDisk.has(c.toLowerCase());
    assert.equal(await names.reserve('IMG_1.jpg', isFree), 'IMG_1-2.jpg');
    assert.equal(await names.reserve('img_1.JPG', async () => true), 'img_1-3.JPG', 'the first candidate neither reserved nor taken');
    const concurrent = await Promise.all([1, 2, 3].map(() => names.reserve('a.png', async () => true)));
    assert.deepEqual(concurrent.sort(), ['a-1.png', 'a-2.png', 'a.png']);
  });

  describe('for any input (property-based, fast-check)', () => {
    const mimeTypes = fc.oneof(
      fc.constantFrom('image/jpeg', 'image/png', 'video/mp4', 'image/heic', 'application/octet-stream'),
      fc.string(),
      fc.constant(undefined),
    );
    // Strings that mix the characters hostile names are made of with arbitrary Unicode.
    const hostileChar = fc.constantFrom(
      '.',
      '/',
      '\\',
      ':',
      '*',
      '?',
      '"',
      '<',
      '>',
      '|',
      ' ',
      '\u0000',
      '\u202e',
      '\u061c',
      '\u200b',
      '\u2060',
      '\u2028',
      'CON',
      'nul',
      'COM1',
      'ß',
      '😀',
    );
    const names = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.array(fc.oneof(hostileChar, fc.string({ maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join('')),
    );

    it('always yields one portable segment, never throws', () => {
      fc.assert(
        fc.property(fc.option(names, { nil: undefined }), mimeTypes, fc.string(), (name, mime, fallback) => {
          assertPortable(safeFileName(name, mime, fallback));
        }),
        { numRuns: 3000 },
      );
    });

    it('never yields a Windows reserved name, whatever follows the first dot', () => {
      fc.assert(
        fc.property(
          fc.constantFrom('con', 'PRN', 'Aux', 'nul', 'COM1', 'lpt9'),
          fc.array(fc.constantFrom('.tar', '.gz', '.a', '.jpg', ' ', '.'), { maxLength: 4 }),
          mimeTypes,
          (reserved, tail, mime) => {
            const stem = safeFileName(reserved + tail.join(''), mime, 'x').split('.')[0];
            assert.ok(!/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem.trim()), `${reserved}${tail.join('')} -> ${stem}`);
          },
        ),
      );
    });

    it('keeps numbered copies portable', () => {
      fc.assert(fc.property(names, fc.nat(9999), (name, n) => assertPortable(numberedName(safeFileName(name, 'image/jpeg', 'x'), n))));
    });
  });
});

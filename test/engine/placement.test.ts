import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DestinationError } from '../../src/download/storage/destinationFolder';
import { INDEX_FILE, STALE_LOCK_MS } from '../../src/download/storage/importIndex';
import { type ImportEvent, type ImportOptions, importPhotos, type ImportSummary } from '../../src/import';
import { parseImageSize } from '../../src/workflow/placement';
import { TemplateError } from '../../src/workflow/template';
import type { GoogleEmulator } from '../../emulator/server';
import { clientFor, FAST_RETRY, listDir, startEmulator, tempDir } from './helpers';

/** Width and height from a JPEG's start-of-frame marker (the header, not the pixels). */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  assert.equal(bytes.readUInt16BE(0), 0xffd8, 'a JPEG');
  for (let at = 2; at < bytes.length;) {
    const marker = bytes.readUInt16BE(at);
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xffc0 && marker <= 0xffc3) return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  throw new Error('no frame header');
}

describe('where and how files land: patterns, names, sizes, the folder index (emulator)', () => {
  let emulator: GoogleEmulator;
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await emulator?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Options whose user ticks `itemIds` as soon as each session exists (so two imports at once each get theirs). */
  function run(itemIds: string[], extra: Partial<ImportOptions> = {}): Promise<ImportSummary> {
    const onEvent = (e: ImportEvent) => {
      if (e.type === 'session-created') setTimeout(() => emulator.pick(e.sessionId, { itemIds }), 30);
    };
    return importPhotos({
      endpoints: emulator.endpoints,
      tokens: clientFor(emulator).tokens,
      retry: FAST_RETRY,
      destDir: path.join(dir, 'assets'),
      downloadRetryBaseDelayMs: 5,
      onEvent,
      ...extra,
    });
  }
  const mediaRequests = () => emulator.requests.filter((r) => r.path.startsWith('/media/'));

  it('web size: Google resizes to fit 2048x2048, and a HEIC arrives as a JPEG named .jpg', async () => {
    emulator = await startEmulator({ largePhoto: true });
    const summary = await run(['item-0013', 'item-0005'], { imageSize: parseImageSize('web') });
    const [photo] = summary.imported;
    assert.equal(path.basename(photo.path), 'IMG_4032.jpg');
    assert.equal(photo.mimeType, 'image/jpeg');
    assert.deepEqual(jpegSize(fs.readFileSync(photo.path)), { width: 2048, height: 1536 });
    assert.deepEqual([photo.width, photo.height], [2048, 1536], 'the summary says the size that landed');
    assert.ok(mediaRequests().some((r) => r.path.endsWith('=w2048-h2048')));
    assert.ok(
      mediaRequests().some((r) => r.path.endsWith('=dv')),
      'a video is always the original',
    );
    assert.equal(path.basename(summary.imported[1].path), 'clip.mp4');
  });

  it('WIDTHxHEIGHT: fits the box, never enlarges; original keeps the HEIC as it is', async () => {
    emulator = await startEmulator({ largePhoto: true });
    const resized = await run(['item-0013', 'item-0004'], { imageSize: parseImageSize('1600x1200') });
    assert.deepEqual(jpegSize(fs.readFileSync(resized.imported[0].path)), { width: 1600, height: 1200 });
    assert.deepEqual(jpegSize(fs.readFileSync(resized.imported[1].path)), { width: 1024, height: 384 }, 'a smaller photo is not enlarged');
    const original = await run(['item-0013'], { destDir: path.join(dir, 'originals') });
    assert.equal(path.basename(original.imported[0].path), 'IMG_4032.HEIC');
    assert.equal(fs.readFileSync(original.imported[0].path).subarray(4, 12).toString('latin1'), 'ftypheic');
  });

  it('the width and height in the summary are those of the bytes received, not of the size asked, reused files too', async () => {
    emulator = await startEmulator({ largePhoto: true });
    // Asked to fit 3000x3000 (4032x3024 would become 3000x2250), the host sends a 1000x750 image.
    emulator.injectFault({ path: '/media/', resizedMaxSide: 1000 });
    const [photo] = (await run(['item-0013'], { imageSize: parseImageSize('3000x3000') })).imported;
    assert.deepEqual(jpegSize(fs.readFileSync(photo.path)), { width: 1000, height: 750 });
    assert.deepEqual([photo.width, photo.height], [1000, 750]);
    const [reused] = (await run(['item-0013'], { imageSize: parseImageSize('3000x3000') })).reused;
    assert.equal(reused.path, photo.path);
    assert.deepEqual([reused.width, reused.height], [1000, 750], 'read from the file that is there');
  });

  it('names files from the template and sorts them into per-date folders (UTC)', async () => {
    emulator = await startEmulator();
    const summary = await run(['item-0003', 'item-0001'], {
      destDir: path.join(dir, 'photos', '${createYear}', '${createMonth}'),
      fileName: '${createDate}_${index}_${fileStem}.${fileExt}',
    });
    assert.equal(summary.dest, path.join(dir, 'photos'));
    assert.deepEqual(
      summary.imported.map((i) => path.relative(dir, i.path)),
      [path.join('photos', '2026', '06', '2026-06-03_1_sunset.png'), path.join('photos', '2026', '06', '2026-06-01_2_IMG_0001.JPG')],
    );
  });

  it('refuses an unknown variable before any session exists', async () => {
    emulator = await startEmulator();
    await assert.rejects(
      run([], { fileName: '${fileStem}-${camera}' }),
      (err: Error) => err instanceof TemplateError && /\$\{camera\}/.test(err.message),
    );
    await assert.rejects(run([], { destDir: path.join(dir, '${createWeek}') }), /unknown variable \$\{createWeek\}/);
    assert.equal(emulator.sessions.size, 0);
  });

  it('re-importing the same items downloads nothing and links the files that are there', async () => {
    emulator = await startEmulator();
    const five = ['item-0001', 'item-0002', 'item-0003', 'item-0004', 'item-0005'];
    const first = await run(five);
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'assets', INDEX_FILE), 'utf8')) as {
      items: { file: string; sha256: string }[];
    };
    const sha = (file: string) =>
      createHash('sha256')
        .update(fs.readFileSync(path.join(dir, 'assets', file)))
        .digest('hex');
    assert.deepEqual(
      index.items.map((i) => i.sha256),
      index.items.map((i) => sha(i.file)),
      "the recorded sha256 is the file's",
    );
    assert.equal(first.imported.length, 5);
    assert.ok(fs.existsSync(path.join(dir, 'assets', INDEX_FILE)));
    const before = mediaRequests().length;

    const again = await run(five);
    assert.equal(mediaRequests().length, before, 'no media request the second time');
    assert.equal(again.imported.length, 0);
    assert.deepEqual(
      again.reused.map((i) => i.path),
      first.imported.map((i) => i.path),
      'the same files, in pick order',
    );
    assert.deepEqual(
      again.reused.map((i) => i.bytes),
      first.imported.map((i) => i.bytes),
    );
    assert.equal(listDir(path.join(dir, 'assets')).length, 5, 'no second copy');
  });

  it('a deleted file is downloaded again; an edited one is kept and the new copy is numbered', async () => {
    emulator = await startEmulator();
    const [sunset, straße] = (await run(['item-0003', 'item-0012'])).imported.map((i) => i.path);
    fs.rmSync(sunset);
    // The same size, other bytes: only the recorded sha256 tells.
    const edited = fs.readFileSync(straße);
    edited.write('edited', 100, 'latin1');
    fs.writeFileSync(straße, edited);

    const again = await run(['item-0003', 'item-0012']);
    assert.deepEqual(
      again.imported.map((i) => path.basename(i.path)),
      ['sunset.png', 'Straße am Meer Ω-1.jpeg'],
    );
    assert.deepEqual(fs.readFileSync(straße), edited, 'the edited file is untouched');
    const third = await run(['item-0012']);
    assert.equal(third.reused[0]?.path, again.imported[1].path, 'the index now points at the new copy');
  });

  it('skipDuplicates off: downloads again, and neither reads nor writes an index', async () => {
    emulator = await startEmulator();
    await run(['item-0003'], { skipDuplicates: false });
    const again = await run(['item-0003'], { skipDuplicates: false });
    assert.deepEqual(listDir(path.join(dir, 'assets')), ['sunset-1.png', 'sunset.png']);
    assert.equal(again.reused.length, 0);
    assert.equal(fs.existsSync(path.join(dir, 'assets', INDEX_FILE)), false);
  });

  it('a mangled index is set aside as .bad, reported once, and treated as empty', async () => {
    emulator = await startEmulator();
    fs.mkdirSync(path.join(dir, 'assets'));
    // Well-formed JSON, but an entry that would link a file outside the folder (an index committed by someone else).
    const hostile = {
      version: 1,
      items: [{ id: 'item-0003', size: 'original', file: '../../etc/passwd', bytes: 1, sha256: '0'.repeat(64), importedAt: '' }],
    };
    fs.writeFileSync(path.join(dir, 'assets', INDEX_FILE), JSON.stringify(hostile));
    const summary = await run(['item-0003', 'item-0001']);
    assert.equal(summary.imported.length, 2);
    assert.equal(summary.warnings.length, 1, summary.warnings.join('\n'));
    assert.match(summary.warnings[0], /could not be read.*kept as \.google-photos-import\.json\.bad/);
    assert.match(fs.readFileSync(path.join(dir, 'assets', `${INDEX_FILE}.bad`), 'utf8'), /etc\/passwd/, 'kept, not deleted');
    assert.equal((await run(['item-0003', 'item-0001'])).reused.length, 2, 'the new index works');
  });

  it('two imports into one folder at once keep every entry', async () => {
    emulator = await startEmulator({ bulkItems: 40 });
    const ids = (from: number) => Array.from({ length: 20 }, (_, i) => `bulk-${String(from + i).padStart(4, '0')}`);
    const [a, b] = await Promise.all([run(ids(1), { concurrency: 4 }), run(ids(21), { concurrency: 4 })]);
    assert.equal(a.imported.length + b.imported.length, 40);
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'assets', INDEX_FILE), 'utf8'));
    assert.equal(index.items.length, 40, 'no entry lost');
    assert.deepEqual(
      listDir(path.join(dir, 'assets')).filter((n) => n.startsWith('.')),
      [],
      'no lock or temp file left',
    );
    const again = await run([...ids(1), ...ids(21)]);
    assert.equal(again.reused.length, 40);
  });

  it('takes over a lock left by a crashed import, and waits for a live one', async () => {
    emulator = await startEmulator();
    const lock = path.join(dir, 'assets', `${INDEX_FILE}.lock`);
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, '99999');
    const old = new Date(Date.now() - STALE_LOCK_MS - 5000);
    fs.utimesSync(lock, old, old);
    await run(['item-0003']);
    assert.equal(fs.existsSync(lock), false, 'the stale lock is gone');
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'assets', INDEX_FILE), 'utf8')).items.length, 1);

    // A live lock (another import writing): this one waits, then records its entry too.
    fs.writeFileSync(lock, '12345');
    setTimeout(() => fs.rmSync(lock), 400);
    await run(['item-0001']);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'assets', INDEX_FILE), 'utf8')).items.length, 2);
  });

  it('refuses a destination that a symbolic link carries outside the root, before any session exists', async () => {
    emulator = await startEmulator();
    const outside = tempDir('gpi-outside-');
    try {
      const root = path.join(dir, 'workspace');
      fs.mkdirSync(root);
      fs.symlinkSync(outside, path.join(root, 'assets'), 'dir');
      await assert.rejects(
        run(['item-0003'], { destDir: path.join(root, 'assets', 'img'), destRoot: root }),
        (err: Error) => err instanceof DestinationError && /outside/.test(err.message),
      );
      assert.equal(emulator.sessions.size, 0, 'no session');
      assert.deepEqual(fs.readdirSync(outside), [], 'nothing made outside');

      // A per-item folder that is a link: those items fail, nothing is written outside, the rest land.
      fs.rmSync(path.join(root, 'assets'));
      fs.mkdirSync(path.join(root, 'assets'));
      fs.symlinkSync(outside, path.join(root, 'assets', '2026'), 'dir');
      const summary = await run(['item-0003'], { destDir: path.join(root, 'assets', '${createYear}'), destRoot: root });
      assert.equal(summary.imported.length, 0);
      assert.match(summary.failed[0].error, /leads to .*outside/);
      assert.deepEqual(fs.readdirSync(outside), []);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses .git and anything inside it', async () => {
    emulator = await startEmulator();
    await assert.rejects(run([], { destDir: path.join(dir, '.git', 'assets'), destRoot: dir }), /inside a \.git folder/);
    assert.equal(fs.existsSync(path.join(dir, '.git')), false, 'nothing made');
  });
});

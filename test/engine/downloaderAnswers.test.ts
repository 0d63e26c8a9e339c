import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
// The module object itself (not TS's read-only interop copy), to swap promises.link.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fsModule = require('node:fs');
import * as path from 'node:path';
import { type DownloadOptions, downloadToFile } from '../../src/download/downloader';
import type { MediaGet } from '../../src/download/transport/mediaTransport';
import { NameReservations } from '../../src/workflow/naming';
import { listDir, tempDir } from './helpers';
import { downloadOptions, jpeg, MEDIA, redirect, scripted } from './scriptedMedia';

describe('the downloader, answer by answer (downloader.ts with a scripted transport)', () => {
  let dest: string;
  let refreshes: number;
  let options: (get: MediaGet, more?: Partial<DownloadOptions>) => DownloadOptions;
  const plan = (fileName = 'IMG_1.HEIC') => ({ kind: 'download' as const, url: MEDIA, fileName, mimeType: 'image/heic' });

  beforeEach(() => {
    dest = tempDir();
    refreshes = 0;
    options = (get, more = {}) =>
      downloadOptions(dest, get, {
        tokens: { getAccessToken: async () => `token-${refreshes}`, refreshAccessToken: async () => `token-${++refreshes}` },
        ...more,
      });
  });
  afterEach(() => fs.rmSync(dest, { recursive: true, force: true }));

  it('follows five redirects, and gives up at the sixth with nothing saved', async () => {
    const hops = (n: number) => Array.from({ length: n }, (_, i) => redirect(`https://lh${i + 4}.googleusercontent.com/hop`));
    const five = scripted(...hops(5), jpeg('photo'));
    assert.equal((await downloadToFile(plan(), options(five.get))).bytes, 5);
    assert.equal(five.asked.length, 6);
    const six = scripted(...hops(6), jpeg('photo'));
    await assert.rejects(
      downloadToFile(plan(), options(six.get)),
      /^DownloadError: too many redirects while downloading from lh3\.googleusercontent\.com$/,
    );
    assert.equal(six.asked.length, 6);
    assert.deepEqual(listDir(dest), ['IMG_1.jpg']);
  });

  it('a certificate refused for the clock is said as such, asked once, with nothing saved', async () => {
    let asked = 0;
    const expired: MediaGet = async () => {
      asked++;
      throw Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
    };
    await assert.rejects(
      downloadToFile(plan(), options(expired)),
      /^DownloadError: the connection to lh3\.googleusercontent\.com was refused: its certificate is not trusted \(certificate has expired\)\. Check this computer's date and time;/,
    );
    assert.equal(asked, 1);
    assert.deepEqual(listDir(dest), []);
  });

  it('asks for a fresh token once after a 401, and gives up on a second 401 without retrying', async () => {
    const twice = scripted({ status: 401 }, { status: 401 }, jpeg('never'));
    await assert.rejects(downloadToFile(plan(), options(twice.get)), /lh3\.googleusercontent\.com answered 401 Status/);
    assert.deepEqual(
      twice.asked.map((a) => a.token),
      ['Bearer token-0', 'Bearer token-1'],
    );
    assert.equal(refreshes, 1);
  });

  it('takes the type from its essence, whatever its case and parameters, and names the file by it', async () => {
    const answer = scripted(jpeg('abc', { 'Content-Type': ' Image/JPEG ; charset=binary' }));
    const file = await downloadToFile(plan(), options(answer.get));
    assert.deepEqual([file.fileName, file.mimeType], ['IMG_1.jpg', 'image/jpeg']);
  });

  it("keeps the item's own type when the bytes come as octet-stream", async () => {
    const answer = scripted({ headers: { 'Content-Type': 'application/octet-stream' }, body: 'heic bytes' });
    const file = await downloadToFile(plan(), options(answer.get));
    assert.deepEqual([file.fileName, file.mimeType, file.bytes], ['IMG_1.HEIC', 'image/heic', 10]);
  });

  it('refuses a video where only an image will do (a still, a smaller copy), and any answer without a type', async () => {
    const video = scripted({ headers: { 'Content-Type': 'video/mp4' }, body: 'mp4' });
    await assert.rejects(
      downloadToFile(plan(), options(video.get, { imagesOnly: true })),
      /answered "IMG_1\.HEIC" with video\/mp4, not an image; nothing was saved/,
    );
    const untyped = scripted({ body: 'what is this' });
    await assert.rejects(downloadToFile(plan(), options(untyped.get)), /with no content type, not an image or a video; nothing was saved/);
    assert.equal(untyped.asked.length, 1, 'not retried: the same answer would come');
    assert.deepEqual(listDir(dest), []);
  });

  it('an empty body: "Google sent no bytes", after the retries, with nothing saved', async () => {
    const empty = scripted({ headers: { 'Content-Type': 'image/jpeg' } });
    await assert.rejects(downloadToFile(plan(), options(empty.get, { maxRetries: 2 })), /Google sent no bytes for "IMG_1\.HEIC"/);
    assert.equal(empty.asked.length, 3);
    assert.deepEqual(listDir(dest), []);
  });

  it('retries a 5xx, never a 4xx', async () => {
    const gone = scripted({ status: 404 });
    await assert.rejects(downloadToFile(plan(), options(gone.get)), /answered 404/);
    assert.equal(gone.asked.length, 1);
    const busy = scripted({ status: 503 }, { status: 503 }, jpeg('late'));
    assert.equal((await downloadToFile(plan(), options(busy.get))).bytes, 4);
    assert.equal(busy.asked.length, 3);
  });

  it('where a drive has no hard links, copies the file into place, never over one that appeared', async () => {
    const realLink = fsModule.promises.link;
    fsModule.promises.link = (async () => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    }) as typeof fs.promises.link;
    try {
      fs.writeFileSync(path.join(dest, 'IMG_1.jpg'), 'already there');
      const file = await downloadToFile(plan(), options(scripted(jpeg('copied')).get));
      assert.equal(file.fileName, 'IMG_1-1.jpg');
      assert.equal(fs.readFileSync(file.path, 'latin1'), 'copied');
      assert.equal(fs.readFileSync(path.join(dest, 'IMG_1.jpg'), 'latin1'), 'already there');
      assert.deepEqual(listDir(dest), ['IMG_1-1.jpg', 'IMG_1.jpg'], 'no temporary file left');
    } finally {
      fsModule.promises.link = realLink;
    }
  });

  it('a 401 and its fresh token do not use up one of the five redirects', async () => {
    const hops = Array.from({ length: 5 }, (_, i) => redirect(`https://lh${i + 4}.googleusercontent.com/hop`));
    const answer = scripted({ status: 401 }, ...hops, jpeg('photo'));
    assert.equal((await downloadToFile(plan(), options(answer.get))).bytes, 5);
    assert.equal(refreshes, 1);
  });

  for (const links of [true, false]) {
    it(`never overwrites a file that appeared after its name was chosen (${links ? 'hard link' : 'copy, no hard links'})`, async () => {
      const realLink = fsModule.promises.link;
      if (!links)
        fsModule.promises.link = (async () => {
          throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
        }) as typeof fs.promises.link;
      // The first name is handed out as free, as if another program made the file just after it was checked.
      const names = ['IMG_1.jpg', 'IMG_1-1.jpg'];
      const racing = { reserve: async () => names.shift()! } as unknown as NameReservations;
      try {
        fs.writeFileSync(path.join(dest, 'IMG_1.jpg'), 'made meanwhile');
        const file = await downloadToFile(plan(), options(scripted(jpeg('ours')).get, { names: racing }));
        assert.equal(file.fileName, 'IMG_1-1.jpg');
        assert.equal(fs.readFileSync(path.join(dest, 'IMG_1.jpg'), 'latin1'), 'made meanwhile');
        assert.deepEqual(listDir(dest), ['IMG_1-1.jpg', 'IMG_1.jpg']);
      } finally {
        fsModule.promises.link = realLink;
      }
    });
  }
});

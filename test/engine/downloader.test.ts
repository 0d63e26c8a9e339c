import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
// The module object itself (not TS's read-only interop copy), to swap promises.open in the ENOSPC test.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fsModule = require('node:fs');
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { type DownloadOptions, downloadToFile } from '../../src/download/downloader';
import { planDownload } from '../../src/download/downloadPlan';
import type { MediaGet, MediaTimeouts, MediaTransport } from '../../src/download/transport/mediaTransport';
import { UndiciMedia } from '../../src/download/transport/undiciMedia';
import { NameReservations, safeFileName } from '../../src/workflow/naming';
import type { PickedMediaItem } from '../../src/picker/types';
import { CancelledError } from '../../src/util/abort';
import type { GoogleEmulator } from '../../emulator/server';
import { clientFor, listDir, startEmulator, tempDir } from './helpers';

// A self-signed certificate for 127.0.0.1, made for the tests only.
const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
const testCertificate = fs.readFileSync(path.join(fixtures, 'tls-test-cert.pem'), 'utf8');

/** A server that is not Google's (over https with the test certificate, or plain http): it records whether a token reached it. */
async function foreignServer(
  secure = false,
): Promise<{ origin: string; sawAuthorization: () => boolean; requests: () => number; close: () => Promise<void> }> {
  let saw = false;
  let requests = 0;
  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests++;
    if (req.headers.authorization) saw = true;
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': 3 }).end('abc');
  };
  const server = secure
    ? https.createServer({ cert: testCertificate, key: fs.readFileSync(path.join(fixtures, 'tls-test-key.pem'), 'utf8') }, answer)
    : http.createServer(answer);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `${secure ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sawAuthorization: () => saw,
    requests: () => requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const makeTransport = (timeouts?: MediaTimeouts): MediaTransport => new UndiciMedia({ timeouts });

describe('downloading media', () => {
  let emulator: GoogleEmulator;
  let dest: string;
  let items: PickedMediaItem[];
  let options: DownloadOptions;
  let media: MediaTransport;

  beforeEach(async () => {
    emulator = await startEmulator();
    dest = tempDir();
    const { client, tokens } = clientFor(emulator);
    const session = await client.createSession();
    emulator.pick(session.id, { itemIds: emulator.library.map((i) => i.id) });
    items = (await client.listMediaItems(session.id)).mediaItems ?? [];
    media = makeTransport();
    options = {
      destDir: dest,
      tokens,
      trustedTestOrigins: [emulator.origin],
      names: new NameReservations(),
      retryBaseDelayMs: 5,
      get: media.get,
    };
  });
  afterEach(async () => {
    media.close();
    await emulator.close();
    fs.rmSync(dest, { recursive: true, force: true });
  });

  const byName = (name: string) => items.find((i) => i.mediaFile.filename === name) as PickedMediaItem;
  const plan = (item: PickedMediaItem) => {
    const p = planDownload(item, safeFileName(item.mediaFile.filename, item.mediaFile.mimeType, 'photo'));
    assert.equal(p.kind, 'download');
    return p as Extract<typeof p, { kind: 'download' }>;
  };

  it('plans =d for photos, =dv for ready videos, and skips videos still processing', () => {
    assert.ok(plan(byName('sunset.png')).url.endsWith('=d'));
    assert.ok(plan(byName('clip.mp4')).url.endsWith('=dv'));
    const skipped = planDownload(byName('still-processing.mp4'), 'still-processing.mp4');
    assert.equal(skipped.kind, 'skip');
    assert.match((skipped as { reason: string }).reason, /not ready.*PROCESSING/);
  });

  it('writes the full, decodable image with its Exif block, and nothing else', async () => {
    const file = await downloadToFile(plan(byName('IMG_0001.JPG')), options);
    assert.equal(file.path, path.join(dest, 'IMG_0001.JPG'));
    const bytes = fs.readFileSync(file.path);
    assert.equal(bytes.length, file.bytes);
    const image = jpeg.decode(bytes);
    assert.deepEqual([image.width, image.height], [640, 480]);
    assert.ok(bytes.includes(Buffer.from('Exif\0\0', 'latin1')), 'Exif kept');
    assert.ok(bytes.includes(Buffer.from('Pixel 8', 'latin1')));
    assert.deepEqual(listDir(dest), ['IMG_0001.JPG'], 'no temp file left');
  });

  it('never overwrites: a file already there keeps its bytes and the download gets the next number', async () => {
    fs.writeFileSync(path.join(dest, 'sunset.png'), 'my own file');
    fs.writeFileSync(path.join(dest, 'sunset-1.png'), 'another of mine');
    const file = await downloadToFile(plan(byName('sunset.png')), options);
    assert.equal(path.basename(file.path), 'sunset-2.png');
    assert.equal(fs.readFileSync(path.join(dest, 'sunset.png'), 'utf8'), 'my own file');
    assert.equal(fs.readFileSync(path.join(dest, 'sunset-1.png'), 'utf8'), 'another of mine');
  });

  it('keeps hostile names inside the destination', async () => {
    const file = await downloadToFile(plan(byName('../../etc/passwd.jpg')), options);
    assert.equal(path.dirname(file.path), dest);
    assert.equal(path.basename(file.path), '_.._etc_passwd.jpg');
  });

  it('leaves nothing behind when the body is cut short, after retrying', async () => {
    emulator.injectFault({ path: '/media/', truncateAfterBytes: 100, times: 4 });
    await assert.rejects(downloadToFile(plan(byName('IMG_0001.JPG')), options), /failed|cut short/);
    assert.deepEqual(listDir(dest), []);
    assert.equal(emulator.requests.filter((r) => r.path.startsWith('/media/')).length, 4, '1 try + 3 retries');
  });

  // The old code gave up after three attempts: a burst of three 5xx lost the item, and the user had to pick again.
  it('is as patient as the API: three 5xx in a row, then the bytes', async () => {
    emulator.injectFault({ path: '/media/', status: 503, times: 3 });
    assert.equal((await downloadToFile(plan(byName('sunset.png')), options)).fileName, 'sunset.png');
  });

  it('recovers when a retry succeeds after a cut body', async () => {
    emulator.injectFault({ path: '/media/', truncateAfterBytes: 100 });
    const file = await downloadToFile(plan(byName('IMG_0001.JPG')), options);
    assert.equal(jpeg.decode(fs.readFileSync(file.path)).width, 640);
    assert.deepEqual(listDir(dest), ['IMG_0001.JPG']);
  });

  it('leaves nothing behind when cancelled mid-stream', async () => {
    emulator.injectFault({ path: '/media/', bytesPerSecond: 4000 });
    const controller = new AbortController();
    const seen: number[] = [];
    const download = downloadToFile(plan(byName('harbour-panorama.jpg')), {
      ...options,
      signal: controller.signal,
      onBytes: (n) => {
        seen.push(n);
        if (seen.length === 2) controller.abort();
      },
    });
    await assert.rejects(download, CancelledError);
    assert.ok(seen.length >= 2, 'bytes had started to arrive');
    assert.deepEqual(listDir(dest), []);
  });

  it('reports an HTTP error from the media host without leaving a file', async () => {
    emulator.injectFault({ path: '/media/', status: 404, errorStatus: 'NOT_FOUND' });
    await assert.rejects(downloadToFile(plan(byName('sunset.png')), options), /answered 404/);
    assert.deepEqual(listDir(dest), []);
  });

  // The old code saved an HTML page (a sign-in or error page answered 200) as sunset.png.
  it('saves nothing when the media host answers with a page instead of an image', async () => {
    emulator.injectFault({ path: '/media/', contentType: 'text/html; charset=utf-8' });
    await assert.rejects(
      downloadToFile(plan(byName('sunset.png')), options),
      /answered "sunset\.png" with text\/html, not an image or a video; nothing was saved/,
    );
    assert.deepEqual(listDir(dest), []);
    emulator.injectFault({ path: '/media/', contentType: 'application/octet-stream' });
    assert.equal((await downloadToFile(plan(byName('sunset.png')), options)).fileName, 'sunset.png', 'a generic binary type is accepted');
  });

  it('refreshes the token on a 401 from the media host', async () => {
    let current = 'expired-token';
    let refreshes = 0;
    const tokens = {
      getAccessToken: async () => current,
      refreshAccessToken: async () => {
        refreshes++;
        return (current = emulator.issueAccessToken());
      },
    };
    const file = await downloadToFile(plan(byName('sunset.png')), { ...options, tokens });
    assert.ok(fs.existsSync(file.path));
    assert.equal(refreshes, 1);
  });

  it("refuses to send the token to a host that is not Google's media host", async () => {
    const foreign = await foreignServer();
    try {
      const item = { ...byName('sunset.png'), mediaFile: { ...byName('sunset.png').mediaFile, baseUrl: `${foreign.origin}/steal` } };
      await assert.rejects(downloadToFile(plan(item), options), /refused to send your Google token/);
      assert.equal(foreign.sawAuthorization(), false);
      assert.deepEqual(listDir(dest), []);
    } finally {
      await foreign.close();
    }
  });

  it('follows a redirect within the allowed hosts, and never one to plain http elsewhere', async () => {
    const foreign = await foreignServer();
    try {
      // To the configured test origin (the emulator itself): followed, with the token.
      emulator.injectFault({ path: '/media/', redirectTo: plan(byName('sunset.png')).url });
      assert.equal((await downloadToFile(plan(byName('sunset.png')), options)).fileName, 'sunset.png');
      // To another host over plain http: refused before a byte is asked for.
      emulator.injectFault({ path: '/media/', redirectTo: `${foreign.origin}/bytes` });
      await assert.rejects(
        downloadToFile(plan(byName('sunset.png')), options),
        /refused to follow a redirect .* to http:\/\/127\.0\.0\.1:\d+: media is fetched over https only/,
      );
      assert.equal(foreign.sawAuthorization(), false);
      assert.deepEqual(listDir(dest), ['sunset.png']);
    } finally {
      await foreign.close();
    }
  });

  it('follows a redirect to another host over https without the token', async () => {
    const foreign = await foreignServer(true);
    const trusting = new UndiciMedia({ ca: testCertificate });
    try {
      emulator.injectFault({ path: '/media/', redirectTo: `${foreign.origin}/bytes` });
      const file = await downloadToFile(plan(byName('sunset.png')), { ...options, get: trusting.get });
      assert.equal(fs.readFileSync(file.path, 'latin1'), 'abc', 'the bytes came from the host the redirect named');
      assert.equal(foreign.requests(), 1);
      assert.equal(foreign.sawAuthorization(), false, 'the token stays with the trusted hosts');
    } finally {
      trusting.close();
      await foreign.close();
    }
  });

  it('gives up on a host that goes silent mid-body, retries, and leaves nothing behind', async () => {
    const quick = makeTransport({ headersMs: 2000, idleMs: 200 });
    try {
      emulator.injectFault({ path: '/media/', stallAfterBytes: 100 });
      const file = await downloadToFile(plan(byName('IMG_0001.JPG')), { ...options, get: quick.get });
      assert.equal(jpeg.decode(fs.readFileSync(file.path)).width, 640, 'the retry got every byte');
      emulator.injectFault({ path: '/media/', stallAfterBytes: 100, times: 4 });
      await assert.rejects(
        downloadToFile(plan(byName('sunset.png')), { ...options, get: quick.get }),
        /no data from 127\.0\.0\.1:\d+ for 0\.2 s/,
      );
      assert.deepEqual(listDir(dest), ['IMG_0001.JPG']);
    } finally {
      quick.close();
    }
  });

  // A host that keeps sending must not fill the disk: a media body has a size cap.
  it('refuses a file over the size limit, by its Content-Length or by counting, and leaves nothing behind', async () => {
    await assert.rejects(
      downloadToFile(plan(byName('IMG_0001.JPG')), { ...options, maxFileBytes: 1000 }),
      /"IMG_0001\.JPG" is larger than the 1000 bytes limit for one file; nothing was saved/,
    );
    const endless: MediaGet = async () => ({
      status: 200,
      statusText: 'OK',
      header: (name) => (name === 'content-type' ? 'image/jpeg' : undefined),
      readBody: async (sink) => {
        for (const chunk = Buffer.alloc(64 * 1024, 1); ;) if (!sink.write(chunk, 0, chunk.length)) await sink.drained();
      },
      discard: () => undefined,
    });
    await assert.rejects(
      downloadToFile(plan(byName('sunset.png')), { ...options, get: endless, maxFileBytes: 1024 ** 2 }),
      /"sunset\.png" is larger than the 1 MB limit/,
    );
    assert.deepEqual(listDir(dest), []);
  });

  it('gives up on a host that never answers, and retries', async () => {
    const quick = makeTransport({ headersMs: 200, idleMs: 2000 });
    try {
      emulator.injectFault({ path: '/media/', delayMs: 60_000 }); // longer than the test's own time limit
      const file = await downloadToFile(plan(byName('sunset.png')), { ...options, get: quick.get });
      assert.equal(file.fileName, 'sunset.png');
    } finally {
      quick.close();
    }
  });

  it('does not retry when the proxy refuses the tunnel: asking again with the same credentials cannot help', async () => {
    let connects = 0;
    const proxy = http.createServer();
    proxy.on('connect', (_req, socket) => {
      connects++;
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = new UndiciMedia({ proxy: { httpProxy: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` } });
    try {
      await assert.rejects(downloadToFile(plan(byName('sunset.png')), { ...options, get: proxied.get }), /proxy answered 407/);
      assert.equal(connects, 1, 'asked once');
      assert.deepEqual(listDir(dest), []);
    } finally {
      proxied.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('fails clearly when the destination cannot be written', async function () {
    // Root ignores file modes; an immutable folder (chattr +i) refuses even root.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      try {
        execFileSync('chattr', ['+i', dest], { stdio: 'ignore' });
      } catch {
        this.skip();
      }
    } else fs.chmodSync(dest, 0o500);
    try {
      await assert.rejects(downloadToFile(plan(byName('sunset.png')), options), /no permission to write "sunset\.png"/);
    } finally {
      if (asRoot) execFileSync('chattr', ['-i', dest]);
      else fs.chmodSync(dest, 0o700);
    }
    assert.deepEqual(listDir(dest), []);
  });

  it('says the disk is full on ENOSPC and leaves nothing behind', async function () {
    // A real full disk cannot be made here without mounting; /dev/full gives ENOSPC on every write. Without it the
    // test is reported as skipped, never as passed.
    if (!fs.existsSync('/dev/full')) this.skip();
    const full = path.join(dest, 'full');
    fs.mkdirSync(full);
    const realOpen = fsModule.promises.open;
    // Route the temp file's writes to /dev/full; everything else (link, copy, rm) runs on the real folder.
    fsModule.promises.open = ((p: fs.PathLike, flags?: string, mode?: number) =>
      String(p).endsWith('.gpi-part') ? realOpen('/dev/full', 'w') : realOpen(p, flags, mode)) as typeof fs.promises.open;
    try {
      await assert.rejects(downloadToFile(plan(byName('sunset.png')), { ...options, destDir: full }), /disk is full/);
      assert.deepEqual(listDir(full), []);
    } finally {
      fsModule.promises.open = realOpen;
    }
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { DownloadError } from '../../src/download/downloadErrors';
import { downloadToFile } from '../../src/download/downloader';
import { UndiciMedia } from '../../src/download/transport/undiciMedia';
import { NameReservations } from '../../src/workflow/naming';
import { listDir, tempDir, until } from './helpers';

const fixtures = path.resolve(__dirname, '../../../test/fixtures');
// An authority Node does not trust, as a company proxy's that intercepts HTTPS would be.
const untrustedCert = fs.readFileSync(path.join(fixtures, 'tls-system-only-cert.pem'), 'utf8');

describe('a media host whose certificate is not trusted (downloader.ts over undici)', () => {
  let server: https.Server;
  let origin: string;
  let asked: number;
  let refusedHandshakes: number;

  before(async () => {
    server = https.createServer(
      { cert: untrustedCert, key: fs.readFileSync(path.join(fixtures, 'tls-system-only-key.pem')) },
      (_req, res) => {
        asked++;
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '5' }).end('bytes');
      },
    );
    server.on('tlsClientError', () => refusedHandshakes++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => (asked = refusedHandshakes = 0));
  after(() => server.close());

  function download(media: UndiciMedia, dest: string) {
    return downloadToFile(
      { kind: 'download', url: `${origin}/photo`, fileName: 'photo.jpg', mimeType: 'image/jpeg' },
      {
        destDir: dest,
        tokens: { getAccessToken: async () => 'token', refreshAccessToken: async () => 'token' },
        trustedTestOrigins: [origin],
        names: new NameReservations(),
        get: media.get,
        retryBaseDelayMs: 1,
      },
    ).finally(() => media.close());
  }

  it('fails once, naming the host, the cause and what to do, and is not retried', async () => {
    const dest = tempDir();
    const failure = await download(new UndiciMedia(), dest).then(
      () => assert.fail('the download went through'),
      (err: unknown) => err,
    );
    assert.ok(failure instanceof DownloadError, String(failure));
    assert.equal(
      failure.message,
      `the connection to ${new URL(origin).host} was refused: its certificate is not trusted (self-signed certificate). A proxy or security software may be intercepting HTTPS: add its certificate authority to the system's trusted ones (for the CLI, NODE_EXTRA_CA_CERTS=file.pem), then try again.`,
    );
    assert.equal(failure.retryable, false);
    assert.equal(asked, 0, 'nothing reached the host');
    await until(() => refusedHandshakes > 0, 5000, 'the refused handshake');
    await new Promise((r) => setTimeout(r, 300)); // another try would come within milliseconds (retryBaseDelayMs 1)
    assert.equal(refusedHandshakes, 1, 'one connection, not retried');
    assert.deepEqual(listDir(dest), []);
  });

  it('downloads once that authority is trusted', async () => {
    const dest = tempDir();
    await download(new UndiciMedia({ ca: untrustedCert }), dest);
    assert.equal(asked, 1);
    assert.equal(fs.readFileSync(path.join(dest, 'photo.jpg'), 'utf8'), 'bytes');
  });
});

/**
 * The media downloads trust the system's certificate authorities, in a real VS Code extension host. The launcher
 * points OpenSSL's default certificate file at an authority of the tests' own (SSL_CERT_FILE, in place of the
 * system's file; the system's folder of authorities is still read), which Node 22.15 and later show as the 'system'
 * store: an HTTPS host signed by it stands for a company proxy that intercepts HTTPS, which Node alone does not trust.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import * as vscode from 'vscode';
import { UndiciMedia } from '../../src/download/transport/undiciMedia';
import { type CertificateStores, mediaCertificatesFromSettings } from '../../src/vscode/systemCertificates';
import { read } from '../engine/rawServer';

const fixtures = path.resolve(__dirname, '../../../test/fixtures');
const systemOnlyCert = fs.readFileSync(path.join(fixtures, 'tls-system-only-cert.pem'), 'utf8');
// Node 22.15 and later; this project's @types/node is older.
const stores = tls as CertificateStores;

describe("Media over HTTPS from a host only the system's certificate store trusts, in a real VS Code extension host", function () {
  let server: https.Server;
  let url: string;
  const http = () => vscode.workspace.getConfiguration('http');

  before(async function () {
    // Before Node 22.15 (VS Code's floor runs Node 18) there is no system store to read: Node's own list is used.
    if (typeof stores.getCACertificates !== 'function') this.skip();
    // Only the code-server launcher adds the authority to the system store; another file there is a mistake.
    if (process.env.SSL_CERT_FILE === undefined) this.skip();
    assert.equal(fs.readFileSync(process.env.SSL_CERT_FILE, 'utf8'), systemOnlyCert, "SSL_CERT_FILE names the tests' authority");
    server = https.createServer(
      { cert: systemOnlyCert, key: fs.readFileSync(path.join(fixtures, 'tls-system-only-key.pem')) },
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end('jpeg bytes');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/photo`;
  });

  after(async () => {
    await http().update('systemCertificates', undefined, vscode.ConfigurationTarget.Global);
    server?.close();
  });

  async function download(): Promise<string> {
    const media = new UndiciMedia({ ca: mediaCertificatesFromSettings(vscode) });
    try {
      const response = await media.get(url, {});
      assert.equal(response.status, 200);
      return await read(response);
    } finally {
      media.close();
    }
  }

  it("downloads from it with http.systemCertificates on (the default), the system authority beside Node's own", async () => {
    assert.ok(
      stores.getCACertificates!('system').some((c) => c.trim() === systemOnlyCert.trim()),
      'the launcher put the authority in the system store',
    );
    const ca = mediaCertificatesFromSettings(vscode);
    assert.ok(
      ca?.some((c) => c.trim() === systemOnlyCert.trim()),
      'the downloads are given the system authority',
    );
    assert.ok(ca!.length > 100, "Node's own authorities are kept beside it");
    assert.equal(await download(), 'jpeg bytes');
  });

  it('refuses it as untrusted with http.systemCertificates off', async () => {
    await http().update('systemCertificates', false, vscode.ConfigurationTarget.Global);
    await assert.rejects(download(), (err: NodeJS.ErrnoException) => err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});

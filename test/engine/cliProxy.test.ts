import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as net from 'node:net';
import type { GoogleEmulator } from '../../emulator/server';
import { emulatorSignInEnv, requireBuiltCli, runCli } from './cliRun';
import { type ConnectProxy, startConnectProxy } from './connectProxy';
import { bulkItemIds, emulatorAndFolderPerTest, listDir, pickWhenAsked, tempDir, until } from './helpers';

describe('the headless import through a proxy (dist/cli.js)', function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let dest: string;
  let proxy: ConnectProxy;
  before(requireBuiltCli);
  emulatorAndFolderPerTest({ pollInterval: '0.2s', bulkItems: 4 }, (e, folder) => {
    emulator = e;
    dest = folder;
  });
  beforeEach(async () => (proxy = await startConnectProxy()));
  afterEach(() => proxy.close());

  const importWith = async (env: Record<string, string>) => {
    pickWhenAsked(emulator, bulkItemIds(emulator));
    const run = runCli(['import', '--dest', dest], {
      GOOGLE_PHOTOS_PICKER_API: emulator.origin,
      GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken(),
      ...env,
    });
    assert.equal(await run.exit, 0, run.stderr());
    assert.equal(listDir(dest).length, 4, 'every file arrived');
  };

  // The emulator speaks plain http, so HTTP_PROXY is the one that applies (HTTPS_PROXY for Google's https host).
  it('downloads the media through HTTP_PROXY', async () => {
    await importWith({ HTTP_PROXY: proxy.url });
    const emulatorHost = new URL(emulator.origin).host;
    assert.ok(proxy.tunnels.length > 0, 'the media went through the proxy');
    assert.deepEqual([...new Set(proxy.tunnels)], [emulatorHost]);
  });

  // Node 20 and 22's own fetch ignores HTTP(S)_PROXY: a proxy that is the only way out must carry the API calls too.
  it('sends the Picker API calls through HTTP_PROXY too', async () => {
    await importWith({ HTTP_PROXY: proxy.url });
    // undici tunnels plain http too: the requests are read inside the tunnel.
    const calls = [...proxy.forwarded.map((url) => `GET ${new URL(url).pathname}`), ...proxy.tunnelledRequests];
    for (const call of ['POST /v1/sessions', 'GET /v1/mediaItems?']) {
      assert.ok(
        calls.some((c) => c.startsWith(call)),
        `${call} went through the proxy: ${calls.join(', ')}`,
      );
    }
  });

  it('goes around it for a host NO_PROXY names', async () => {
    await importWith({ http_proxy: proxy.url, NO_PROXY: 'example.com,127.0.0.1' });
    assert.deepEqual(proxy.tunnels, []);
    assert.deepEqual([...proxy.forwarded, ...proxy.tunnelledRequests], [], 'the API calls went around it too');
  });

  // Over SSH behind a proxy that is the only way out, the sign-in must get out too: the code and the token polls.
  it('signs in with a device code through HTTP_PROXY', async () => {
    const config = tempDir('gpi-cli-config-');
    try {
      pickWhenAsked(emulator, bulkItemIds(emulator));
      const run = runCli(['import', '--dest', dest, '--sign-in', 'device-code'], {
        ...emulatorSignInEnv(emulator.origin, config),
        HTTP_PROXY: proxy.url,
      });
      await until(() => /enter the code [A-Z]{4}-[A-Z]{4}/.test(run.stderr()), 10_000, 'the code');
      const [, page, code] = /open (\S+) and enter the code ([A-Z]{4}-[A-Z]{4})/.exec(run.stderr())!;
      await fetch(new URL('device/approve', page), { method: 'POST', body: new URLSearchParams({ user_code: code, decision: 'allow' }) });
      assert.equal(await run.exit, 0, run.stderr());
      const paths = [...proxy.forwarded.map((url) => new URL(url).pathname), ...proxy.tunnelledRequests.map((r) => r.split(' ')[1])];
      for (const path of ['/device/code', '/token']) assert.ok(paths.includes(path), `${path} went through the proxy: ${paths.join(', ')}`);
    } finally {
      fs.rmSync(config, { recursive: true, force: true });
    }
  });

  it('refuses a SOCKS proxy before the sign-in starts', async () => {
    const config = tempDir('gpi-cli-config-');
    try {
      const run = runCli(['import', '--dest', dest, '--sign-in', 'device-code'], {
        ...emulatorSignInEnv(emulator.origin, config),
        HTTPS_PROXY: 'socks5://user:secret@127.0.0.1:1080',
        HTTP_PROXY: 'socks5://user:secret@127.0.0.1:1080',
      });
      assert.equal(await run.exit, 1, run.stderr());
      assert.match(run.stderr(), /SOCKS proxies are not supported/);
      assert.doesNotMatch(run.stderr(), /enter the code|secret/);
      assert.deepEqual(emulator.pendingDeviceCodes(), [], 'no sign-in was started');
    } finally {
      fs.rmSync(config, { recursive: true, force: true });
    }
  });

  it('says when the proxy refuses the connection (407), and what to check', async () => {
    const refusing = http.createServer();
    refusing.on('connect', (_req, socket: net.Socket) =>
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n'),
    );
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    try {
      const run = runCli(['import', '--dest', dest], {
        GOOGLE_PHOTOS_PICKER_API: emulator.origin,
        GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken(),
        HTTP_PROXY: `http://someone:secret@127.0.0.1:${(refusing.address() as AddressInfo).port}`,
      });
      assert.equal(await run.exit, 1, run.stderr());
      assert.match(run.stderr(), /the proxy refused the connection to Google \(407\)\. Check the proxy's user name and password/);
      assert.doesNotMatch(run.stderr(), /secret/);
      assert.equal(emulator.sessions.size, 0);
    } finally {
      await new Promise((resolve) => refusing.close(resolve));
    }
  });
});

import * as assert from 'node:assert/strict';
import { UndiciMedia } from '../../src/download/transport/undiciMedia';
import { startConnectProxy } from './connectProxy';
import { cert, key, ok, rawServer, read } from './rawServer';

describe('the media transport through a proxy (undiciMedia.ts)', () => {
  let media: UndiciMedia;
  afterEach(() => media?.close());

  it('goes through the proxy it is given, for https and plain http, and not for a host NO_PROXY names', async () => {
    const secure = await rawServer((_, socket) => socket.write(ok('through the tunnel')), true);
    const plain = await rawServer((_, socket) => socket.write(ok('plain through the tunnel')));
    const proxy = await startConnectProxy();
    try {
      media = new UndiciMedia({ ca: cert, proxy: { httpsProxy: proxy.url, httpProxy: proxy.url, authorization: 'Basic dTpw' } });
      assert.equal(await read(await media.get(`${secure.origin}/p`, { Authorization: 'Bearer t' })), 'through the tunnel');
      assert.equal(await read(await media.get(`${plain.origin}/p`, {})), 'plain through the tunnel');
      assert.deepEqual(proxy.tunnels, [secure.origin.slice('https://'.length), plain.origin.slice('http://'.length)]);
      assert.deepEqual(proxy.authorizations, ['Basic dTpw', 'Basic dTpw']);
      media.close();
      media = new UndiciMedia({ ca: cert, proxy: { httpsProxy: proxy.url, noProxy: 'example.com, 127.0.0.1' } });
      assert.equal(await read(await media.get(`${secure.origin}/p`, {})), 'through the tunnel');
      assert.equal(proxy.tunnels.length, 2, 'NO_PROXY: connected directly');
      assert.equal(secure.connections(), 2);
    } finally {
      await Promise.all([secure.close(), plain.close(), proxy.close()]);
    }
  });

  it('gives up on a proxy that never answers the CONNECT, in the time a host has to answer', async () => {
    const silent = await rawServer(() => undefined); // takes the CONNECT and says nothing
    const host = await rawServer((_, socket) => socket.write(ok('never reached')));
    try {
      media = new UndiciMedia({ timeouts: { headersMs: 300, idleMs: 300 }, proxy: { httpProxy: silent.origin } });
      const started = Date.now();
      await assert.rejects(media.get(`${host.origin}/p`, {}), /no answer from 127\.0\.0\.1:\d+ within 0\.3 s/);
      assert.ok(Date.now() - started < 10_000, "given up long before undici's own 5 minutes");
      assert.match(silent.requests[0], /^CONNECT 127\.0\.0\.1:\d+ HTTP\/1\.1/);
      assert.equal(host.connections(), 0);
    } finally {
      await Promise.all([silent.close(), host.close()]);
    }
  });

  it('says when the proxy refuses the tunnel (407: a user and password wanted), with the status for the caller', async () => {
    const proxy = await rawServer((_, socket) =>
      socket.write('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n'),
    );
    const host = await rawServer((_, socket) => socket.write(ok('never reached')));
    try {
      media = new UndiciMedia({ proxy: { httpProxy: proxy.origin } });
      const failure = await media.get(`${host.origin}/p`, {}).then(
        () => assert.fail('no proxy let it through'),
        (err: Error & { proxyStatus?: number }) => err,
      );
      assert.match(
        failure.message,
        /the proxy answered 407 Proxy Authentication Required when asked for a tunnel to 127\.0\.0\.1:\d+\. Check the proxy's user name and password/,
      );
      assert.equal(failure.proxyStatus, 407);
      assert.equal(host.connections(), 0);
    } finally {
      await Promise.all([proxy.close(), host.close()]);
    }
  });

  it('keeps one tunnel per host for request after request', async () => {
    const host = await rawServer((_, socket, i) => socket.write(ok(`item ${i}`)), true);
    const proxy = await startConnectProxy();
    try {
      media = new UndiciMedia({ ca: cert, proxy: { httpsProxy: proxy.url } });
      for (let i = 0; i < 3; i++) {
        assert.equal(await read(await media.get(`${host.origin}/${i}`, {})), `item ${i}`);
        await new Promise((r) => setTimeout(r, 10)); // the connection is free again on the next turn
      }
      assert.equal(proxy.tunnels.length, 1);
    } finally {
      await Promise.all([host.close(), proxy.close()]);
    }
  });

  it("checks an https proxy's certificate, unless told not to (http.proxyStrictSSL off)", async () => {
    const host = await rawServer((_, socket) => socket.write(ok('behind a TLS proxy')));
    const proxy = await startConnectProxy({ cert, key }); // a certificate nobody trusts
    try {
      media = new UndiciMedia({ proxy: { httpProxy: proxy.url } });
      await assert.rejects(media.get(`${host.origin}/p`, {}), /self-signed certificate/);
      assert.equal(proxy.tunnels.length, 0);
      media.close();
      media = new UndiciMedia({ proxy: { httpProxy: proxy.url, strictSSL: false } });
      assert.equal(await read(await media.get(`${host.origin}/p`, {})), 'behind a TLS proxy');
      assert.equal(proxy.tunnels.length, 1);
    } finally {
      await Promise.all([host.close(), proxy.close()]);
    }
  });

  it('names a 403 as Forbidden; a proxy in trouble (502) by its number alone, for the caller to try again', async () => {
    const statuses = [403, 502];
    const proxy = await rawServer((_, socket, i) => socket.end(`HTTP/1.1 ${statuses[i]} Whatever\r\nContent-Length: 0\r\n\r\n`));
    const host = await rawServer((_, socket) => socket.write(ok('never reached')));
    try {
      media = new UndiciMedia({ proxy: { httpProxy: proxy.origin } });
      await assert.rejects(media.get(`${host.origin}/p`, {}), {
        message: /^the proxy answered 403 Forbidden when asked for a tunnel to 127\.0\.0\.1:\d+\. \S/,
        proxyStatus: 403,
        code: 'EPROXY',
      });
      await assert.rejects(media.get(`${host.origin}/p`, {}), {
        message: /^the proxy answered 502 when asked for a tunnel to 127\.0\.0\.1:\d+\. \S/,
        proxyStatus: 502,
      });
    } finally {
      await Promise.all([proxy.close(), host.close()]);
    }
  });
});

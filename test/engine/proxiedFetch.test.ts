import * as assert from 'node:assert/strict';
import { fetchThroughProxy } from '../../src/download/transport/proxiedFetch';
import { startConnectProxy } from './connectProxy';
import { cert, key, ok, rawServer } from './rawServer';

describe("the CLI's fetch for Picker API calls through HTTPS_PROXY / HTTP_PROXY (proxiedFetch.ts)", () => {
  it("is Node's own fetch when no proxy is set, and a proxied one when either variable is", () => {
    assert.equal(fetchThroughProxy({}), undefined);
    assert.equal(fetchThroughProxy({ noProxy: '*' }), undefined);
    assert.equal(typeof fetchThroughProxy({ httpProxy: 'http://127.0.0.1:1' }), 'function');
    assert.equal(typeof fetchThroughProxy({ httpsProxy: 'http://127.0.0.1:1' }), 'function');
  });

  it('sends calls through one tunnel with the proxy credentials, a NO_PROXY host directly, and refuses a Request it would strip', async () => {
    const api = await rawServer((request, socket) => socket.write(ok(request.split(' ')[1])));
    const proxy = await startConnectProxy();
    try {
      const viaProxy = fetchThroughProxy({ httpProxy: proxy.url, authorization: 'Basic dTpw' })!;
      const text = async (answer: Promise<Response>) => {
        const body = await (await answer).text();
        await new Promise((r) => setTimeout(r, 10)); // the connection is free again on the next turn
        return body;
      };
      assert.equal(await text(viaProxy(`${api.origin}/v1/sessions`)), '/v1/sessions');
      assert.equal(await text(viaProxy(`${api.origin}/v1/mediaItems`)), '/v1/mediaItems');
      await assert.rejects(viaProxy(new Request(`${api.origin}/v1/x`, { method: 'DELETE' })), /takes a URL and options, not a Request/);
      assert.equal(await text(viaProxy(new URL(`${api.origin}/v1/x`), { method: 'DELETE' })), '/v1/x');
      assert.deepEqual(proxy.tunnelledRequests, ['GET /v1/sessions', 'GET /v1/mediaItems', 'DELETE /v1/x']);
      assert.deepEqual(proxy.authorizations, ['Basic dTpw'], 'one tunnel, kept for every call');

      const bypassing = fetchThroughProxy({ httpProxy: proxy.url, noProxy: '127.0.0.1' })!;
      assert.equal(await (await bypassing(`${api.origin}/direct`)).text(), '/direct');
      assert.equal(proxy.tunnels.length, 1, 'NO_PROXY: not through the proxy');
    } finally {
      await Promise.all([api.close(), proxy.close()]);
    }
  });

  it("checks an https proxy's certificate unless strictSSL is off", async () => {
    const api = await rawServer((_, socket) => socket.write(ok('answer')));
    const proxy = await startConnectProxy({ cert, key }); // a certificate nobody trusts
    try {
      await assert.rejects(fetchThroughProxy({ httpProxy: proxy.url })!(`${api.origin}/a`), (err: Error) => {
        assert.match(String((err.cause as Error)?.message ?? err.message), /self-signed certificate/);
        return true;
      });
      const lenient = fetchThroughProxy({ httpProxy: proxy.url, strictSSL: false })!;
      assert.equal(await (await lenient(`${api.origin}/a`)).text(), 'answer');
    } finally {
      await Promise.all([api.close(), proxy.close()]);
    }
  });
});

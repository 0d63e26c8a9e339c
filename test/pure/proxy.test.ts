import * as assert from 'node:assert/strict';
import { bypasses, checkMediaProxy, proxyFor, proxyFromEnvironment } from '../../src/util/proxy';

describe('which proxy a media request goes through (proxy.ts)', () => {
  const url = (text: string) => new URL(text);

  it('takes https_proxy for https and http_proxy for http, lower case first, HTTP_PROXY for both when alone', () => {
    assert.deepEqual(
      proxyFromEnvironment({
        HTTPS_PROXY: 'http://upper:1',
        https_proxy: 'http://lower:1',
        HTTP_PROXY: 'http://plain:2',
        NO_PROXY: 'a.example',
      }),
      {
        httpsProxy: 'http://lower:1',
        httpProxy: 'http://plain:2',
        noProxy: 'a.example',
      },
    );
    assert.deepEqual(proxyFromEnvironment({ HTTP_PROXY: 'http://plain:2' }), {
      httpsProxy: 'http://plain:2',
      httpProxy: 'http://plain:2',
      noProxy: undefined,
    });
    assert.deepEqual(proxyFromEnvironment({ HTTPS_PROXY: '  ' }), { httpsProxy: undefined, httpProxy: undefined, noProxy: undefined });
    const proxy = { httpsProxy: 'http://s:1', httpProxy: 'http://p:2' };
    assert.equal(proxyFor(url('https://lh3.googleusercontent.com/x'), proxy), 'http://s:1');
    assert.equal(proxyFor(url('http://127.0.0.1:4000/media/x'), proxy), 'http://p:2');
    assert.equal(proxyFor(url('https://lh3.googleusercontent.com/x'), undefined), undefined);
  });

  it('goes around the proxy for the hosts NO_PROXY names: subdomains, ports, IPv6, and * for all', () => {
    const host = 'https://lh3.googleusercontent.com/x';
    assert.equal(bypasses(url(host), 'googleusercontent.com'), true, 'a name covers its subdomains');
    assert.equal(bypasses(url(host), '.googleusercontent.com'), true);
    assert.equal(bypasses(url(host), '*.googleusercontent.com'), true);
    assert.equal(bypasses(url(host), 'usercontent.com'), false, 'not a mere suffix of the name');
    assert.equal(bypasses(url(host), 'other.example,  lh3.googleusercontent.com:443'), true, "the port that applies, https's default");
    assert.equal(bypasses(url(host), 'lh3.googleusercontent.com:8443'), false);
    assert.equal(bypasses(url('http://[::1]:4000/x'), '::1'), true);
    assert.equal(bypasses(url('http://[::1]:4000/x'), '[::1]:4001'), false);
    assert.equal(bypasses(url(host), '*'), true);
    assert.equal(bypasses(url(host), ''), false);
    assert.equal(proxyFor(url(host), { httpsProxy: 'http://s:1', noProxy: 'LH3.GoogleUserContent.com' }), undefined);
  });

  it('refuses a proxy it cannot use before any request, naming it', () => {
    assert.throws(
      () => checkMediaProxy({ httpsProxy: 'socks5://127.0.0.1:1080' }),
      /the proxy "socks5:\/\/127\.0\.0\.1:1080" cannot be used: give it as http:\/\/host:port .*\(SOCKS proxies are not supported\)/,
    );
    assert.throws(
      () => checkMediaProxy({ httpsProxy: 'socks5://me:secret@127.0.0.1:1080' }),
      (err: Error) => err.message.includes('"socks5://127.0.0.1:1080"') && !err.message.includes('secret'),
    );
    assert.throws(
      () => checkMediaProxy({ httpsProxy: 'me:secret@proxy.example:3128' }),
      (err: Error) => err.message.includes('"proxy.example:3128"') && !err.message.includes('secret'),
    );
    assert.throws(() => checkMediaProxy({ httpProxy: 'proxy.example:3128' }), /give it as http:\/\/host:port/);
    checkMediaProxy({ httpsProxy: 'http://proxy.example:3128', httpProxy: 'https://proxy.example:3129' });
    checkMediaProxy(undefined);
  });
});

describe('proxy settings from a person, as written', () => {
  it('takes a proxy without a scheme as http://, as curl does', () => {
    assert.equal(proxyFromEnvironment({ HTTPS_PROXY: 'proxy.corp.example:3128' }).httpsProxy, 'http://proxy.corp.example:3128');
    assert.doesNotThrow(() => checkMediaProxy(proxyFromEnvironment({ HTTPS_PROXY: 'proxy.corp.example:3128' })));
  });

  it('never shows any part of a password, whatever it holds', () => {
    for (const uri of ['socks5://alice:s3cr@t@proxy:1080', 'socks5://alice:pa/ss@proxy:1080']) {
      assert.throws(
        () => checkMediaProxy({ httpsProxy: uri }),
        (err: Error) => !/alice|s3cr|pa\/ss|t@/.test(err.message) && /proxy:1080/.test(err.message),
      );
    }
  });
});

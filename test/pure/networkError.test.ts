import * as assert from 'node:assert/strict';
import { describeError } from '../../src/util/networkError';

const fetchFailed = (cause?: object) => Object.assign(new TypeError('fetch failed'), { cause });

describe('what a failed connection tells the user', () => {
  it('names an untrusted certificate and says what to do, instead of "fetch failed"', () => {
    const text = describeError(fetchFailed({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }));
    assert.match(text, /certificate is not trusted \(self-signed certificate\)/);
    assert.match(text, /NODE_EXTRA_CA_CERTS/);
  });

  it('gives the advice for the cause: a clock that is off, a certificate for another name, an authority not trusted', () => {
    const advice = (code: string) => describeError(fetchFailed({ code, message: 'the detail' }));
    for (const code of ['CERT_NOT_YET_VALID', 'CERT_HAS_EXPIRED']) {
      assert.match(
        advice(code),
        /^the connection to Google was refused: its certificate is not trusted \(the detail\)\. Check this computer's date and time;/,
      );
      assert.doesNotMatch(advice(code), /NODE_EXTRA_CA_CERTS/);
    }
    assert.match(advice('ERR_TLS_CERT_ALTNAME_INVALID'), /\(the detail\)\. The certificate was made for another host/);
    assert.doesNotMatch(advice('ERR_TLS_CERT_ALTNAME_INVALID'), /NODE_EXTRA_CA_CERTS|date and time/);
    for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'])
      assert.match(advice(code), /\(the detail\)\. A proxy or security software may be intercepting HTTPS: add its certificate authority/);
  });

  it('names a refused or unknown host as a connection problem', () => {
    assert.match(
      describeError(fetchFailed({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND photospicker.googleapis.com' })),
      /^could not connect to Google \(getaddrinfo ENOTFOUND photospicker\.googleapis\.com\)/,
    );
    assert.match(describeError(fetchFailed({ code: 'ECONNREFUSED' })), /could not connect to Google \(ECONNREFUSED\)/);
  });

  it('keeps any other message as it is, and never answers with a bare "fetch failed"', () => {
    assert.equal(describeError(new Error('Google Photos refused the session (403).')), 'Google Photos refused the session (403).');
    assert.equal(describeError('plain text'), 'plain text');
    assert.doesNotMatch(describeError(fetchFailed()), /fetch failed/);
    assert.match(describeError(fetchFailed({ code: 'UND_ERR_WEIRD', message: 'odd' })), /failed \(odd\)/);
  });

  it('names a proxy that refused the tunnel, and what to check for a 407', () => {
    // As undici's fetch gives it: "fetch failed", caused by a cancelled request, caused by the proxy's answer.
    const refused = (status: number) =>
      describeError(
        fetchFailed(
          Object.assign(new Error('Request was cancelled.'), {
            name: 'AbortError',
            cause: Object.assign(new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`), { code: 'UND_ERR_ABORTED' }),
          }),
        ),
      );
    assert.match(refused(407), /^the proxy refused the connection to Google \(407\)\. Check the proxy's user name and password/);
    assert.match(refused(403), /^the proxy refused the connection to Google \(403\)\. The proxy does not let this connection through\.$/);
  });
});

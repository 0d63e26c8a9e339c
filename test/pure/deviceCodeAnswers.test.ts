import * as assert from 'node:assert/strict';
import { signInWithDeviceCode } from '../../src/auth/deviceCodeFlow';
import { FlowUnavailableError, SignInError } from '../../src/auth/loopbackFlow';
import { googleEndpoints } from '../../src/endpoints';

const client = { clientId: 'id.apps.googleusercontent.com', clientSecret: 'secret' };
const CODE = { device_code: 'dev', user_code: 'ABCD-EFGH', verification_url: 'https://www.google.com/device', interval: 0.1 };

/** A fetch that answers Google's device-code endpoint with `code` and the token endpoint with `tokens` in turn. */
function google(code: { status?: number; body: unknown }, ...tokens: { status?: number; body: unknown }[]) {
  const asked: string[] = [];
  const fetchImpl = (async (url: string | URL) => {
    asked.push(String(url));
    const answer = String(url) === googleEndpoints.oauthDeviceCode ? code : tokens[Math.min(asked.length - 2, tokens.length - 1)];
    return new Response(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body), { status: answer.status ?? 200 });
  }) as typeof fetch;
  return { fetchImpl, asked };
}

const signIn = (fetchImpl: typeof fetch) => signInWithDeviceCode(client, googleEndpoints, { present: () => undefined, fetch: fetchImpl });

describe("the device-code sign-in, answer by answer (deviceCodeFlow.ts with Google's answers scripted)", () => {
  it("a refused device code gives way to the next flow, naming Google's error and its description, or the status", async () => {
    const refused = google({ status: 401, body: { error: 'invalid_client', error_description: 'Invalid client type.' } });
    await assert.rejects(signIn(refused.fetchImpl), (err: Error) => {
      assert.ok(err instanceof FlowUnavailableError);
      assert.match(
        err.message,
        /^Google refused a device sign-in code \(invalid_client: Invalid client type\.\)\. The device flow needs an OAuth client of type "TVs and Limited Input devices"\.$/,
      );
      return true;
    });
    await assert.rejects(signIn(google({ status: 500, body: 'not json' }).fetchImpl), /refused a device sign-in code \(500\)\./);
    await assert.rejects(signIn(google({ status: 400, body: CODE }).fetchImpl), /refused a device sign-in code \(400\)\./);
    await assert.rejects(signIn(google({ body: { ...CODE, user_code: undefined } }).fetchImpl), /refused a device sign-in code \(200\)\./);
    await assert.rejects(signIn(google({ body: { error: 7, error_description: 8 } }).fetchImpl), /refused a device sign-in code \(200\)\./);
  });

  it("refuses to show a sign-in page that is not Google's, naming its origin", async () => {
    const phishing = google({ body: { ...CODE, verification_url: 'https://evil.example/device' } });
    await assert.rejects(
      signIn(phishing.fetchImpl),
      /^SignInError: Refused to show a sign-in page that is not Google's \(https:\/\/evil\.example\)\.$/,
    );
    const garbage = google({ body: { ...CODE, verification_url: 'not a url' } });
    await assert.rejects(signIn(garbage.fetchImpl), /not Google's \(not a URL\)\./);
    assert.equal(phishing.asked.length, 1, 'nothing polled');
  });

  it('keeps polling while pending, then takes the tokens with their defaults (an hour, Bearer, no refresh token)', async () => {
    const before = Date.now();
    const answer = google({ body: CODE }, { status: 428, body: { error: 'authorization_pending' } }, { body: { access_token: 'at' } });
    const grant = await signIn(answer.fetchImpl);
    assert.deepEqual([grant.access_token, grant.refresh_token, grant.token_type], ['at', null, 'Bearer']);
    assert.ok(grant.expiry_date! >= before + 3600_000 && grant.expiry_date! <= Date.now() + 3600_000, String(grant.expiry_date));
    assert.equal(answer.asked.length, 3);
  });

  it('an access token in an answer that is not OK is not taken', async () => {
    const answer = google({ body: CODE }, { status: 400, body: { access_token: 'at', error: 'invalid_grant' } });
    await assert.rejects(signIn(answer.fetchImpl), /^SignInError: Google sign-in failed: invalid_grant\.$/);
  });

  it('says an expired code expired, and another failure by its error or its status', async () => {
    await assert.rejects(
      signIn(google({ body: CODE }, { status: 400, body: { error: 'expired_token' } }).fetchImpl),
      (err: Error) => err instanceof SignInError && err.message === 'The sign-in code expired before it was entered. Sign in again.',
    );
    await assert.rejects(
      signIn(google({ body: CODE }, { status: 503, body: 'down' }).fetchImpl),
      /^SignInError: Google sign-in failed: 503\.$/,
    );
  });
});

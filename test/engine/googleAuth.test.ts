import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as http from 'node:http';
import { FileTokenStore } from '../../src/auth/fileTokenStore';
import { GoogleAuth } from '../../src/auth/googleAuth';
import { signInWithLoopback, SignInError } from '../../src/auth/loopbackFlow';
import { SignInRequiredError } from '../../src/auth/tokenSource';
import { MemoryTokenStore } from '../../src/auth/tokenStore';
import { googleEndpoints } from '../../src/endpoints';
import { PickerClient } from '../../src/picker/client';
import { CancelledError } from '../../src/util/abort';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type GoogleEmulator } from '../../emulator/server';
import { consentRedirect, startEmulator, tempDir, until } from './helpers';

/**
 * Plays the user's browser: loads the consent page, presses Allow (or Cancel), and follows Google's redirect to the
 * loopback address. `tamper` may rewrite the final redirect, as an attacker or a stale tab would.
 */
function scriptedBrowser(options: { decision?: 'allow' | 'deny'; tamper?: (redirect: URL) => void } = {}) {
  const opened: string[] = [];
  const open = async (authUrl: string) => {
    opened.push(authUrl);
    const consent = await fetch(authUrl);
    assert.equal(consent.status, 200, await consent.clone().text());
    assert.match(await consent.text(), /wants to access your Google Account/);
    const redirect = new URL(await consentRedirect(authUrl, options.decision));
    options.tamper?.(redirect);
    await fetch(redirect).then((r) => r.text());
  };
  return { open, opened };
}

describe('signing in with Google (loopback + PKCE) against the emulator', () => {
  let emulator: GoogleEmulator;
  let auth: GoogleAuth;
  let store: MemoryTokenStore;
  beforeEach(async () => {
    emulator = await startEmulator();
    store = new MemoryTokenStore();
    auth = new GoogleAuth({ clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET }, emulator.endpoints, store);
  });
  afterEach(() => emulator.close());

  it('signs in, stores the tokens and uses them for the Picker API', async () => {
    const browser = scriptedBrowser();
    await auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: browser.open }));
    const authUrl = new URL(browser.opened[0]);
    assert.equal(authUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.match(authUrl.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(authUrl.searchParams.get('access_type'), 'offline');
    assert.ok((authUrl.searchParams.get('state') ?? '').length >= 40, 'a long random state');
    assert.deepEqual(emulator.tokenErrors, [], 'the emulator verified the PKCE verifier against the challenge');

    const grant = await store.get();
    assert.match(grant?.refresh_token ?? '', /^1\/\/emu-/);
    assert.ok(await auth.isSignedIn());
    const client = new PickerClient({ endpoint: emulator.origin, tokens: auth });
    assert.ok((await client.createSession()).id);
  });

  it('the emulator rejects a code exchanged with the wrong PKCE verifier', async () => {
    let code = '';
    let redirectUri = '';
    // Capture the code at the loopback server's door and exchange it ourselves with a wrong verifier.
    await assert.rejects(
      auth.signIn((oauth) =>
        signInWithLoopback(oauth, {
          openBrowser: async (url) => {
            const tampered = scriptedBrowser({
              tamper: (redirect) => {
                code = redirect.searchParams.get('code') ?? '';
                redirectUri = `${redirect.origin}/`;
                redirect.searchParams.set('state', 'not-this-attempt');
              },
            });
            await tampered.open(url);
          },
          timeoutMs: 300, // the tampered redirect is turned away; the sign-in then times out
        }),
      ),
      SignInError,
    );
    const answer = await fetch(emulator.endpoints.oauthToken, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: EMULATOR_CLIENT_ID,
        client_secret: EMULATOR_CLIENT_SECRET,
        redirect_uri: redirectUri,
        code_verifier: 'x'.repeat(64),
      }),
    });
    assert.equal(answer.status, 400);
    assert.equal(((await answer.json()) as { error: string }).error, 'invalid_grant');
    assert.ok(emulator.tokenErrors.some((e) => /code verifier/.test(e)));
  });

  // The old code ended the sign-in on the first request with a wrong state (any local process could do that) and
  // never looked at the Host header (a DNS-rebinding page could); both are now turned away while it keeps waiting.
  it('turns away a wrong state and a foreign Host with 400, exchanges nothing for them, and still signs in', async () => {
    const answers: number[] = [];
    const open = async (authUrl: string) => {
      const redirect = new URL(authUrl).searchParams.get('redirect_uri')!;
      answers.push((await fetch(`${redirect}?state=forged&code=stolen`)).status);
      const rebinding = await new Promise<number>((resolve, reject) => {
        const req = http.get(
          `${redirect}?state=${new URL(authUrl).searchParams.get('state')}&code=x`,
          { headers: { Host: 'evil.example:80' } },
          (res) => resolve(res.statusCode ?? 0),
        );
        req.on('error', reject);
      });
      answers.push(rebinding);
      assert.equal(emulator.requests.filter((r) => r.path === '/token').length, 0, 'nothing exchanged for them');
      await scriptedBrowser().open(authUrl);
    };
    await auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: open }));
    assert.deepEqual(answers, [400, 400]);
    assert.match((await store.get())?.refresh_token ?? '', /^1\/\/emu-/);
  });

  it('says "signed in" in the browser only after the code was exchanged', async () => {
    let page: Promise<string> = Promise.resolve('');
    const open = async (authUrl: string) => {
      const redirect = await consentRedirect(authUrl, 'allow', { code_challenge: 'not-the-verifiers-challenge' }); // the exchange will fail PKCE
      page = fetch(redirect).then((r) => r.text());
    };
    await assert.rejects(auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: open })));
    assert.match(await page, /Sign-in failed/);
    assert.doesNotMatch(await page, /You are signed in/);
  });

  it('reports a declined consent clearly', async () => {
    const browser = scriptedBrowser({ decision: 'deny' });
    await assert.rejects(
      auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: browser.open })),
      /declined access/,
    );
    assert.equal(await store.get(), undefined);
  });

  it('gives up after its time limit, and on cancel', async () => {
    await assert.rejects(
      auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: () => undefined, timeoutMs: 100 })),
      /not completed within/,
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(
      auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: () => undefined, signal: controller.signal })),
      CancelledError,
    );
  });

  it('refreshes an expired access token and keeps the new one', async () => {
    await auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: scriptedBrowser().open }));
    const first = (await store.get())?.access_token;
    emulator.expireAccessTokens(); // the server now rejects it; the client still thinks it is valid
    const client = new PickerClient({ endpoint: emulator.origin, tokens: auth });
    assert.ok((await client.createSession()).id, 'the 401 led to a refresh and a retry');
    const second = (await store.get())?.access_token;
    assert.ok(second && second !== first, 'the refreshed token was stored');
    assert.equal((await store.get())?.refresh_token?.startsWith('1//emu-'), true, 'the refresh token survived the refresh');
  });

  // GoogleAuth takes no signal: a cancel must still end a token refresh that hangs.
  it('stops waiting for a token refresh when the signal fires', async () => {
    await auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: scriptedBrowser().open }));
    emulator.injectFault({ path: '/token', delayMs: 60_000 });
    const controller = new AbortController();
    const refreshing = auth.refreshAccessToken(controller.signal);
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(refreshing, CancelledError);
  });

  it('turns invalid_grant into "sign in again" and forgets the grant', async () => {
    await auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: scriptedBrowser().open }));
    emulator.revokeRefreshTokens();
    emulator.expireAccessTokens();
    const client = new PickerClient({ endpoint: emulator.origin, tokens: auth });
    await assert.rejects(
      client.createSession(),
      (e: Error) => e instanceof SignInRequiredError && /invalid_grant/.test(e.message) && /Sign in again/.test(e.message),
    );
    assert.equal(await store.get(), undefined);
    assert.equal(await auth.isSignedIn(), false);
  });

  it('asks for sign-in when nothing is stored', async () => {
    await assert.rejects(auth.getAccessToken(), SignInRequiredError);
  });

  it('signs out by revoking the grant at Google and forgetting it', async () => {
    await auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: scriptedBrowser().open }));
    const refresh = (await store.get())?.refresh_token as string;
    await auth.signOut();
    assert.equal(await store.get(), undefined);
    const answer = await fetch(emulator.endpoints.oauthToken, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refresh,
        client_id: EMULATOR_CLIENT_ID,
        client_secret: EMULATOR_CLIENT_SECRET,
      }),
    });
    assert.equal(answer.status, 400, 'the revoked refresh token no longer works');
  });

  // The revoke has a time limit: Sign Out must not hang for as long as Google's revoke endpoint does.
  it('signs out even when the revoke never answers', async () => {
    const patient = new GoogleAuth({ clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET }, emulator.endpoints, store, 200);
    await patient.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: scriptedBrowser().open }));
    emulator.injectFault({ path: '/revoke', delayMs: 60_000 });
    await patient.signOut();
    assert.equal(await store.get(), undefined);
  });

  // Google refreshes a grant only for the client it was made with. The old code kept such a grant for good ("Could
  // not refresh"), so the user never got past it; a grant from the single-grant token file can be another client's.
  it('turns unauthorized_client (the grant is another client\'s) into "sign in again" and forgets the grant', async () => {
    const tokenServer = http.createServer((_req, res) =>
      res
        .writeHead(401, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: 'unauthorized_client', error_description: 'Unauthorized' })),
    );
    await new Promise<void>((r) => tokenServer.listen(0, '127.0.0.1', r));
    try {
      const { port } = tokenServer.address() as { port: number };
      const grantOfAnotherClient = new MemoryTokenStore({ refresh_token: 'made-with-another-client' });
      const other = new GoogleAuth(
        { clientId: 'this-client' },
        { ...emulator.endpoints, oauthToken: `http://127.0.0.1:${port}/token` },
        grantOfAnotherClient,
      );
      await assert.rejects(
        other.getAccessToken(),
        (e: Error) => e instanceof SignInRequiredError && /another OAuth client/.test(e.message) && /Sign in again/.test(e.message),
      );
      assert.equal(await grantOfAnotherClient.get(), undefined);
    } finally {
      tokenServer.close();
    }
  });

  it("refreshes the single grant an earlier version kept before using it, then keeps it under this client's key", async () => {
    await auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: scriptedBrowser().open }));
    const legacy = { ...(await store.get()), access_token: 'ya29.whose-is-this' };
    const dir = tempDir();
    try {
      const file = path.join(dir, 'token.json');
      fs.writeFileSync(file, JSON.stringify(legacy), { mode: 0o600 });
      // Stored as Google's (the file's grants were), refreshed here at the emulator: the refresh is what confirms it.
      const migrated = new GoogleAuth(
        { clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET },
        emulator.endpoints,
        new FileTokenStore(googleEndpoints.oauthToken, EMULATOR_CLIENT_ID, file),
      );
      assert.notEqual(await migrated.getAccessToken(), legacy.access_token);
      await until(() => 'grants' in JSON.parse(fs.readFileSync(file, 'utf8')), 5000, 'the grant written back');
      const { grants, unconfirmed } = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.equal(unconfirmed, undefined);
      assert.equal(grants[`grant:https://oauth2.googleapis.com:${EMULATOR_CLIENT_ID}`].refresh_token, legacy.refresh_token);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // With GOOGLE_SDK_NODE_LOGGING=all, google-auth-library would print the refresh token (in the revoke URL) to stderr.
  it('prints no token when GOOGLE_SDK_NODE_LOGGING asks google-auth-library to log (in a fresh process)', () => {
    const out = path.resolve(__dirname, '../..');
    const script = `
      const { GoogleEmulator } = require(${JSON.stringify(path.join(out, 'emulator/server'))});
      const { GoogleAuth } = require(${JSON.stringify(path.join(out, 'src/auth/googleAuth'))});
      const { MemoryTokenStore } = require(${JSON.stringify(path.join(out, 'src/auth/tokenStore'))});
      (async () => {
        const emulator = await GoogleEmulator.start({});
        const grant = { refresh_token: 'rt-SECRET-1', access_token: 'at-SECRET-2', expiry_date: 1 };
        const auth = new GoogleAuth({ clientId: 'c', clientSecret: 's' }, emulator.endpoints, new MemoryTokenStore(grant), 2000);
        await auth.refreshAccessToken().catch(() => undefined);
        await auth.signOut();
        console.log(emulator.requests.map((r) => r.path).join(' '));
        await emulator.close();
      })();`;
    const result = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, GOOGLE_SDK_NODE_LOGGING: 'all' },
      encoding: 'utf8',
    });
    assert.match(result.stdout, /\/token .*\/revoke/, 'the refresh and the revoke were made');
    assert.doesNotMatch(result.stderr + result.stdout, /SECRET/);
  });
});

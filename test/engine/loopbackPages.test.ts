import * as assert from 'node:assert/strict';
import { GoogleAuth } from '../../src/auth/googleAuth';
import { LoopbackCallback, signInWithLoopback, SignInError } from '../../src/auth/loopbackFlow';
import { MemoryTokenStore } from '../../src/auth/tokenStore';
import { CancelledError } from '../../src/util/abort';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type GoogleEmulator } from '../../emulator/server';
import { consentRedirect, startEmulator } from './helpers';

/** What the user's browser tab shows for an answer of the loopback server. */
async function page(url: string | URL): Promise<{ status: number; text: string; type: string | null; cache: string | null }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type'), cache: res.headers.get('cache-control') };
}

const callbackOf = (authUrl: string) => {
  const params = new URL(authUrl).searchParams;
  return { redirect: params.get('redirect_uri')!, state: params.get('state')! };
};

/** Signs in with `browse` playing the user's browser; the tab's page arrives after the sign-in ends, so both are awaited. */
async function signInBrowsing(auth: GoogleAuth, browse: (authUrl: string) => Promise<void>): Promise<unknown> {
  let browser: Promise<void> = Promise.resolve();
  try {
    return await auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: (authUrl: string) => (browser = browse(authUrl)) }));
  } finally {
    await browser;
  }
}

describe('the loopback sign-in: what the browser tab says, and what the editor hears', () => {
  let emulator: GoogleEmulator;
  let auth: GoogleAuth;
  beforeEach(async () => {
    emulator = await startEmulator();
    auth = new GoogleAuth(
      { clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET },
      emulator.endpoints,
      new MemoryTokenStore(),
    );
  });
  afterEach(() => emulator.close());

  it('asks for offline access to the Picker scope with consent and S256 PKCE; the tab says "signed in", uncached', async () => {
    let shown: Awaited<ReturnType<typeof page>> | undefined;
    let other = 0;
    await signInBrowsing(auth, async (authUrl) => {
      const params = new URL(authUrl).searchParams;
      assert.deepEqual(
        ['access_type', 'prompt', 'scope', 'code_challenge_method'].map((k) => params.get(k)),
        ['offline', 'consent', 'https://www.googleapis.com/auth/photospicker.mediaitems.readonly', 'S256'],
      );
      assert.match(params.get('state')!, /^[\w-]{43}$/, '32 random bytes');
      other = (await page(new URL('/favicon.ico', callbackOf(authUrl).redirect))).status;
      shown = await page(await consentRedirect(authUrl));
    });
    assert.equal(other, 404, 'another path: not found, and the sign-in goes on');
    assert.equal(shown?.status, 200);
    assert.match(
      shown!.text,
      /<title>Signed in<\/title>.*You are signed in to Google Photos\. You can close this tab and return to the editor\./,
    );
    assert.deepEqual([shown!.type, shown!.cache], ['text/html; charset=utf-8', 'no-store']);
  });

  it('tells the tab, and the editor, what went wrong: a wrong state, an error from Google, a refusal, no code', async () => {
    const pages: Awaited<ReturnType<typeof page>>[] = [];
    await assert.rejects(
      signInBrowsing(auth, async (authUrl) => {
        const { redirect, state } = callbackOf(authUrl);
        pages.push(await page(`${redirect}?state=wrong&code=x`));
        pages.push(await page(`${redirect}?state=${state}&error=server_error`));
      }),
      (err: Error) => err instanceof SignInError && err.message === 'Google sign-in failed: server_error.',
    );
    assert.match(pages[0].text, /The answer did not match this sign-in attempt\. Finish the sign-in in the tab the editor opened\./);
    assert.match(pages[1].text, /<title>Sign-in failed<\/title>.*Google could not complete the sign-in\. Start it again from the editor\./);
    assert.deepEqual(
      pages.map((p) => p.status),
      [400, 400],
    );

    let declined: Awaited<ReturnType<typeof page>> | undefined;
    await assert.rejects(
      signInBrowsing(auth, async (authUrl) => {
        const { redirect, state } = callbackOf(authUrl);
        declined = await page(`${redirect}?state=${state}&error=access_denied`);
      }),
      /^SignInError: You declined access to Google Photos\.$/,
    );
    assert.match(
      declined?.text ?? '',
      /<title>Sign-in cancelled<\/title>.*Google Photos access was not granted\. You can close this tab\./,
    );

    let noCode: Awaited<ReturnType<typeof page>> | undefined;
    await assert.rejects(
      signInBrowsing(auth, async (authUrl) => {
        const { redirect, state } = callbackOf(authUrl);
        noCode = await page(`${redirect}?state=${state}`);
      }),
      /^SignInError: Google sent no authorization code\.$/,
    );
    assert.deepEqual([noCode?.status, /Google sent no authorization code\./.test(noCode?.text ?? '')], [400, true]);
  });

  it('says when the browser cannot be opened, and stops at once for a cancel given before it starts', async () => {
    await assert.rejects(
      auth.signIn((oauth) =>
        signInWithLoopback(oauth, {
          openBrowser: async () => {
            throw new Error('xdg-open not found');
          },
        }),
      ),
      /^SignInError: Could not open the browser: xdg-open not found$/,
    );
    const controller = new AbortController();
    controller.abort();
    let opened = false;
    await assert.rejects(
      auth.signIn((oauth) => signInWithLoopback(oauth, { openBrowser: () => (opened = true), signal: controller.signal })),
      (err: Error) => err instanceof CancelledError && err.message === 'Sign-in was cancelled.',
    );
    assert.equal(opened, false);
  });

  it('gives Google the redirect address it is told (a remote window), and closes a callback server it was handed', async () => {
    const callback = await LoopbackCallback.listen();
    let sent = '';
    await assert.rejects(
      auth.signIn((oauth) =>
        signInWithLoopback(oauth, {
          callback,
          redirectUri: 'https://forwarded.example/callback',
          timeoutMs: 1000,
          openBrowser: (authUrl: string) => (sent = callbackOf(authUrl).redirect),
        }),
      ),
      /^SignInError: Sign-in was not completed within 1 seconds\. Try again\.$/,
    );
    assert.equal(sent, 'https://forwarded.example/callback');
    assert.equal(callback.server.listening, false);
    callback.close(); // a second close is harmless
  });
});

import * as assert from 'node:assert/strict';
import { GoogleAuth } from '../../src/auth/googleAuth';
import { SignInError } from '../../src/auth/loopbackFlow';
import { PASTE_REDIRECT_URI, readPastedAddress, signInByPastedAddress } from '../../src/auth/pasteFlow';
import { MemoryTokenStore } from '../../src/auth/tokenStore';
import { PickerClient } from '../../src/picker/client';
import { CancelledError } from '../../src/util/abort';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type GoogleEmulator } from '../../emulator/server';
import { consentRedirect, startEmulator } from './helpers';

// With no reachable callback and no device-code client (a VS Code in a browser, a CLI over SSH), pasting the address is how to sign in.
describe('signing in by pasting the address (no callback needed), against the emulator', () => {
  let emulator: GoogleEmulator;
  let auth: GoogleAuth;
  let store: MemoryTokenStore;
  beforeEach(async () => {
    emulator = await startEmulator();
    store = new MemoryTokenStore();
    auth = new GoogleAuth({ clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET }, emulator.endpoints, store);
  });
  afterEach(() => emulator.close());

  it('signs in with the pasted address, asking again after a wrong one; the token works', async () => {
    const asked: (string | undefined)[] = [];
    let opened = '';
    await auth.signIn((oauth) =>
      signInByPastedAddress(oauth, {
        openBrowser: (url) => (opened = url),
        askForAddress: async (authUrl, problem) => {
          asked.push(problem);
          return asked.length === 1 ? 'https://example.com/?code=stolen' : consentRedirect(authUrl);
        },
      }),
    );
    assert.equal(new URL(opened).searchParams.get('redirect_uri'), PASTE_REDIRECT_URI);
    assert.equal(new URL(opened).searchParams.get('code_challenge_method'), 'S256');
    assert.deepEqual(asked, [
      undefined,
      'That is an address on example.com, not the one Google sent the browser to (http://127.0.0.1:1/...).',
    ]);
    assert.deepEqual(emulator.tokenErrors, [], 'PKCE verified');
    assert.match((await store.get())?.refresh_token ?? '', /^1\/\/emu-/);
    assert.ok((await new PickerClient({ endpoint: emulator.origin, tokens: auth }).createSession()).id);
  });

  it('says so when access was declined, and stops when the user gives up', async () => {
    await assert.rejects(
      auth.signIn((oauth) =>
        signInByPastedAddress(oauth, { openBrowser: () => undefined, askForAddress: (url) => consentRedirect(url, 'deny') }),
      ),
      (err: Error) => err instanceof SignInError && /declined/.test(err.message),
    );
    await assert.rejects(
      auth.signIn((oauth) => signInByPastedAddress(oauth, { openBrowser: () => undefined, askForAddress: async () => undefined })),
      CancelledError,
    );
    assert.equal(await store.get(), undefined);
  });
});

describe('reading a pasted address (pure)', () => {
  it("takes the code only from a loopback address with this attempt's state", () => {
    assert.deepEqual(readPastedAddress('  http://127.0.0.1:1/?state=s1&code=4/abc&scope=x  ', 's1'), { kind: 'code', code: '4/abc' });
    assert.deepEqual(readPastedAddress('http://localhost:1/?state=s1&code=c', 's1'), { kind: 'code', code: 'c' });
    assert.deepEqual(readPastedAddress('http://127.0.0.1:1/?state=s1&error=access_denied', 's1'), { kind: 'declined' });
    for (const [text, problem] of [
      ['4/abc', /whole address/],
      ['http://127.0.0.1:1/?state=other&code=c', /another sign-in attempt/],
      ['http://127.0.0.1:1/?code=c', /another sign-in attempt/],
      ['http://evil.example/?state=s1&code=c', /evil\.example/],
      ['https://127.0.0.1:1/?state=s1&code=c', /not the one Google sent/],
      ['http://127.0.0.1:1/?state=s1', /no sign-in code/],
    ] as const) {
      const read = readPastedAddress(text, 's1');
      assert.equal(read.kind, 'invalid', text);
      assert.match((read as { problem: string }).problem, problem, text);
    }
  });
});

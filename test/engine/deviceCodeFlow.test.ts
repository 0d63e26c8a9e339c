import * as assert from 'node:assert/strict';
import { type DeviceCodePrompt, signInWithDeviceCode } from '../../src/auth/deviceCodeFlow';
import { GoogleAuth } from '../../src/auth/googleAuth';
import { SignInError } from '../../src/auth/loopbackFlow';
import { MemoryTokenStore } from '../../src/auth/tokenStore';
import { PickerClient } from '../../src/picker/client';
import { CancelledError } from '../../src/util/abort';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type GoogleEmulator } from '../../emulator/server';
import { startEmulator } from './helpers';

const client = { clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET };

describe('signing in with a device code (OAuth for limited-input devices) against the emulator', () => {
  let emulator: GoogleEmulator;
  afterEach(() => emulator.close());

  it('shows a URL and a code, polls until the user allows, and the tokens work', async () => {
    emulator = await startEmulator({ deviceIntervalSec: 0.2 });
    const prompts: DeviceCodePrompt[] = [];
    const store = new MemoryTokenStore();
    const auth = new GoogleAuth(client, emulator.endpoints, store);
    await auth.signIn(() =>
      signInWithDeviceCode(client, emulator.endpoints, {
        present: (prompt) => {
          prompts.push(prompt);
          setTimeout(() => emulator.decideDevice(prompt.userCode, 'allow'), 500);
        },
      }),
    );
    assert.equal(prompts.length, 1);
    assert.equal(prompts[0].verificationUrl, `${emulator.origin}/device`);
    assert.match(prompts[0].userCode, /^[A-Z]{4}-[A-Z]{4}$/);
    assert.ok(prompts[0].expiresAt > Date.now() + 60_000);
    const polls = emulator.requests.filter((r) => r.path === '/token');
    assert.ok(polls.length >= 2, 'polled while pending');
    assert.ok(
      polls.every((p, i) => i === 0 || p.at - polls[i - 1].at >= 180),
      'never faster than the interval',
    );
    assert.match((await store.get())?.refresh_token ?? '', /^1\/\/emu-/);
    assert.ok((await new PickerClient({ endpoint: emulator.origin, tokens: auth }).createSession()).id);
  });

  it('the user can type the code on the device page', async () => {
    emulator = await startEmulator({ deviceIntervalSec: 0.2 });
    const grant = await signInWithDeviceCode(client, emulator.endpoints, {
      present: async (prompt) => {
        const page = await (await fetch(prompt.verificationUrl)).text();
        assert.match(page, /Enter the code/);
        const answer = await fetch(new URL('device/approve', prompt.verificationUrl), {
          method: 'POST',
          body: new URLSearchParams({ user_code: prompt.userCode.toLowerCase(), decision: 'allow' }),
        });
        assert.equal(answer.status, 200);
      },
    });
    assert.ok(grant.access_token);
  });

  it('slows down when told to', async () => {
    emulator = await startEmulator({ deviceIntervalSec: 0.5 });
    // The first poll answers slow_down: RFC 8628 says to add 5 s to the interval from then on.
    let prompt: DeviceCodePrompt | undefined;
    const started = Date.now();
    const signIn = signInWithDeviceCode(client, emulator.endpoints, { present: (p) => void (prompt = p), fetch: slowDownOnce(emulator) });
    setTimeout(() => emulator.decideDevice(prompt!.userCode), 200);
    await signIn;
    assert.ok(Date.now() - started >= 5000, `waited the extra 5 s after slow_down (${Date.now() - started} ms)`);
  }).timeout(15_000);

  it('reports a denial, an expired code and a cancel clearly', async () => {
    emulator = await startEmulator({ deviceIntervalSec: 0.1, deviceCodeLifetimeSec: 1 });
    await assert.rejects(
      signInWithDeviceCode(client, emulator.endpoints, { present: (p) => emulator.decideDevice(p.userCode, 'deny') }),
      /declined access/,
    );
    await assert.rejects(
      signInWithDeviceCode(client, emulator.endpoints, { present: () => undefined }),
      (e: Error) => e instanceof SignInError && /expired/.test(e.message),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await assert.rejects(
      signInWithDeviceCode(client, emulator.endpoints, { present: () => undefined, signal: controller.signal }),
      CancelledError,
    );
  });

  it('refuses a client the server does not know, naming the client type it needs', async () => {
    emulator = await startEmulator();
    await assert.rejects(
      signInWithDeviceCode({ clientId: 'unknown' }, emulator.endpoints, { present: () => undefined }),
      /TVs and Limited Input devices/,
    );
  });

  it("refuses to show a verification page that is not Google's", async () => {
    emulator = await startEmulator();
    emulator.injectFault({
      path: '/device/code',
      body: { device_code: 'd', user_code: 'ABCD-EFGH', verification_url: 'https://phish.example/device', expires_in: 60, interval: 1 },
    });
    let shown = false;
    await assert.rejects(signInWithDeviceCode(client, emulator.endpoints, { present: () => void (shown = true) }), /not Google's/);
    assert.equal(shown, false);
  });
});

/** Wraps fetch so that the first token poll answers slow_down, as Google does when a client polls too fast. */
function slowDownOnce(emulator: GoogleEmulator): typeof fetch {
  let answered = false;
  return async (input, init) => {
    if (!answered && String(input) === emulator.endpoints.oauthToken) {
      answered = true;
      return new Response(JSON.stringify({ error: 'slow_down', error_description: 'Forbidden' }), {
        status: 403,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    return fetch(input, init);
  };
}

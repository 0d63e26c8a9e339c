import * as assert from 'node:assert/strict';
import { AuthService } from '../../src/vscode/authService';
import { Settings } from '../../src/vscode/settings';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type GoogleEmulator } from '../../emulator/server';
import { consentRedirect, startEmulator } from '../engine/helpers';
import { asVs, fakeLog, fakeVscode } from './fakeVscode';

// The flows are a chain: the next runs when one cannot (Google refuses a Desktop client a device code), ending with
// pasting the address.
describe('the sign-in chain: device code refused, then the pasted address', () => {
  let emulator: GoogleEmulator;
  beforeEach(async () => (emulator = await startEmulator()));
  afterEach(() => emulator.close());

  it('falls through to the paste flow in a browser-based VS Code whose callback Google cannot reach', async () => {
    const fake = fakeVscode();
    const settings = {
      endpoint: emulator.origin,
      'oauth.clientId': EMULATOR_CLIENT_ID,
      'oauth.clientSecret': EMULATOR_CLIENT_SECRET,
    } as Record<string, unknown>;
    const vs = asVs({
      ...fake.vs,
      workspace: { getConfiguration: () => ({ get: (key: string, fallback: unknown) => (key in settings ? settings[key] : fallback) }) },
      env: {
        ...fake.vs.env,
        uiKind: 2,
        remoteName: 'codespaces',
        asExternalUri: async () => ({ toString: () => 'https://fuzzy-54321.app.github.dev/' }),
      },
      UIKind: { Desktop: 1, Web: 2 },
      ProgressLocation: { Notification: 15 },
      window: {
        ...fake.vs.window,
        withProgress: (_options: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) =>
          task({ report: () => undefined }, { onCancellationRequested: () => ({ dispose: () => undefined }) }),
      },
    });
    const secrets = new Map<string, string>();
    const log = fakeLog();
    const prompts: string[] = [];
    const auth = new AuthService(
      vs,
      new Settings(vs),
      asVs({
        get: async (k: string) => secrets.get(k),
        store: async (k: string, v: string) => void secrets.set(k, v),
        delete: async (k: string) => void secrets.delete(k),
        onDidChange: () => ({ dispose: () => undefined }),
      }),
      async () => true,
      asVs(log),
      async (authUrl) => {
        prompts.push(authUrl);
        return consentRedirect(authUrl);
      },
    );
    emulator.injectFault({ path: '/device/code', status: 401, errorStatus: 'invalid_client' }); // a Desktop client: no device codes
    await auth.signIn();
    assert.equal(prompts.length, 1, 'the paste prompt was shown');
    assert.ok(
      emulator.requests.some((r) => r.path === '/device/code'),
      'the device code was tried first',
    );
    assert.ok(
      [...secrets.keys()].some((k) => k.startsWith('grant:')),
      'signed in',
    );
    assert.ok(
      log.lines.some((l) => /warn: The device-code sign-in cannot be used/.test(l)),
      log.lines.join('\n'),
    );
  });
});

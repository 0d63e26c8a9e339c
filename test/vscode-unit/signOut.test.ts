import * as assert from 'node:assert/strict';
import { AuthService } from '../../src/vscode/authService';
import { SecretTokenStore } from '../../src/vscode/secretTokenStore';
import { Settings } from '../../src/vscode/settings';
import { EMULATOR_CLIENT_ID, type GoogleEmulator } from '../../emulator/server';
import { startEmulator } from '../engine/helpers';
import { asVs, fakeLog, fakeVscode } from './fakeVscode';

/** SecretStorage as a Map. */
function fakeSecrets() {
  const map = new Map<string, string>();
  return {
    map,
    get: async (key: string) => map.get(key),
    store: async (key: string, value: string) => void map.set(key, value),
    delete: async (key: string) => void map.delete(key),
    listeners: [] as ((e: { key: string }) => void)[],
    onDidChange(listener: (e: { key: string }) => void) {
      this.listeners.push(listener);
      return { dispose: () => undefined };
    },
  };
}

// Sign Out clears the grants of every client id and endpoint, also when no client id is set.
describe('Sign Out (AuthService.signOut): every grant revoked and forgotten', () => {
  let emulator: GoogleEmulator;
  beforeEach(async () => (emulator = await startEmulator()));
  afterEach(() => emulator.close());

  function service(values: Record<string, unknown>) {
    const fake = fakeVscode();
    const workspace = { getConfiguration: () => ({ get: (key: string, fallback: unknown) => (key in values ? values[key] : fallback) }) };
    const vs = asVs({ ...fake.vs, workspace });
    const secrets = fakeSecrets();
    return { secrets, auth: new AuthService(vs, new Settings(vs), asVs(secrets), async () => true, asVs(fakeLog())) };
  }

  it("revokes the current grant and those of earlier client ids at the configured endpoint; forgets another origin's without sending it", async () => {
    const { secrets, auth } = service({ endpoint: emulator.origin, 'oauth.clientId': EMULATOR_CLIENT_ID, 'oauth.clientSecret': 's' });
    const keys = [
      `grant:${emulator.origin}:${EMULATOR_CLIENT_ID}`,
      `grant:${emulator.origin}:an-old-client`,
      'grant:http://127.0.0.1:9:gone',
    ];
    for (const [i, key] of keys.entries()) await new SecretTokenStore(asVs(secrets), key).set({ refresh_token: `rt-${i}` });
    await auth.signOut();
    assert.deepEqual(
      [...secrets.map.keys()].filter((k) => k.startsWith('grant:')),
      [],
      'no grant left',
    );
    assert.equal(emulator.requests.filter((r) => r.path === '/revoke').length, 2, 'the two grants of the configured endpoint were revoked');
  });

  it('works with no client id set', async () => {
    const { secrets, auth } = service({ endpoint: emulator.origin });
    await new SecretTokenStore(asVs(secrets), `grant:${emulator.origin}:some-client`).set({ refresh_token: 'rt' });
    await auth.signOut();
    assert.deepEqual(
      [...secrets.map.keys()].filter((k) => k.startsWith('grant:')),
      [],
    );
    assert.equal(emulator.requests.filter((r) => r.path === '/revoke').length, 1);
  });

  // The Accounts menu follows a sign-in or sign-out made in another window.
  it('tells its listeners when another window changes a grant', () => {
    const { secrets, auth } = service({});
    let changes = 0;
    auth.onDidChange(() => changes++);
    for (const listener of secrets.listeners) listener({ key: 'grant:https://oauth2.googleapis.com:abc' });
    for (const listener of secrets.listeners) listener({ key: 'oauthClientSecret:abc' });
    assert.equal(changes, 1);
  });
});

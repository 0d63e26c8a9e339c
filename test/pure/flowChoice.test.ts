import * as assert from 'node:assert/strict';
import { chooseSignInFlow, type SignInEnvironment, type SignInFlow } from '../../src/auth/flowChoice';

// Each row: an environment people use, with what asExternalUri(http://127.0.0.1:54321/) gives there.
const table: [string, Omit<SignInEnvironment, 'preference'>, SignInFlow][] = [
  ['desktop, local folder', { uiKind: 'desktop', callbackSeenByBrowser: 'http://127.0.0.1:54321/' }, 'loopback'],
  ['desktop, SSH remote (port forwarded to this machine)', { uiKind: 'desktop', remoteName: 'ssh-remote', callbackSeenByBrowser: 'http://127.0.0.1:61234/' }, 'loopback'],
  ['desktop, WSL', { uiKind: 'desktop', remoteName: 'wsl', callbackSeenByBrowser: 'http://localhost:54321/' }, 'loopback'],
  ['desktop, dev container', { uiKind: 'desktop', remoteName: 'dev-container', callbackSeenByBrowser: 'http://127.0.0.1:49152/' }, 'loopback'],
  ['desktop, Codespaces', { uiKind: 'desktop', remoteName: 'codespaces', callbackSeenByBrowser: 'http://127.0.0.1:50000/' }, 'loopback'],
  ['browser, Codespaces (public tunnel)', { uiKind: 'web', remoteName: 'codespaces', callbackSeenByBrowser: 'https://fuzzy-space-54321.app.github.dev/' }, 'device-code'],
  ['browser, code-server opened on this machine', { uiKind: 'web', remoteName: 'code-server', callbackSeenByBrowser: 'http://127.0.0.1:8080/proxy/54321/' }, 'loopback'],
  ['browser, code-server behind a domain', { uiKind: 'web', remoteName: 'code-server', callbackSeenByBrowser: 'https://code.example.com/proxy/54321/' }, 'device-code'],
  ['browser, code-server over plain http on a LAN address', { uiKind: 'web', remoteName: 'code-server', callbackSeenByBrowser: 'http://192.168.1.20:8080/proxy/54321/' }, 'device-code'],
  ['a broken asExternalUri answer', { uiKind: 'desktop', callbackSeenByBrowser: 'not a url' }, 'device-code'],
];

describe('choosing the sign-in flow', () => {
  for (const [name, env, flow] of table) {
    it(`${name}: ${flow}`, () => {
      const choice = chooseSignInFlow({ ...env, preference: 'auto' });
      assert.equal(choice.flow, flow);
      assert.ok(choice.reason.length > 10);
    });
  }

  it('follows an explicit setting whatever the environment', () => {
    assert.equal(chooseSignInFlow({ preference: 'device-code', uiKind: 'desktop', callbackSeenByBrowser: 'http://127.0.0.1:1/' }).flow, 'device-code');
    assert.equal(chooseSignInFlow({ preference: 'loopback', uiKind: 'web', callbackSeenByBrowser: 'https://x.example/' }).flow, 'loopback');
  });
});

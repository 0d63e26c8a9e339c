import * as assert from 'node:assert/strict';
import { chooseSignInFlow, type SignInEnvironment, type SignInFlow } from '../../src/auth/flowChoice';

const NO_CALLBACK: SignInFlow[] = ['device-code', 'paste'];

// Each row: an environment people use, with what asExternalUri(http://127.0.0.1:54321/) gives there.
const table: [string, Omit<SignInEnvironment, 'preference'>, SignInFlow[]][] = [
  ['desktop, local folder', { uiKind: 'desktop', callbackSeenByBrowser: 'http://127.0.0.1:54321/' }, ['loopback']],
  [
    'desktop, SSH remote (port forwarded to this machine)',
    { uiKind: 'desktop', remoteName: 'ssh-remote', callbackSeenByBrowser: 'http://127.0.0.1:61234/' },
    ['loopback'],
  ],
  ['desktop, WSL', { uiKind: 'desktop', remoteName: 'wsl', callbackSeenByBrowser: 'http://localhost:54321/' }, ['loopback']],
  [
    'desktop, dev container',
    { uiKind: 'desktop', remoteName: 'dev-container', callbackSeenByBrowser: 'http://127.0.0.1:49152/' },
    ['loopback'],
  ],
  ['desktop, Codespaces', { uiKind: 'desktop', remoteName: 'codespaces', callbackSeenByBrowser: 'http://127.0.0.1:50000/' }, ['loopback']],
  [
    'browser, Codespaces (public tunnel)',
    { uiKind: 'web', remoteName: 'codespaces', callbackSeenByBrowser: 'https://fuzzy-space-54321.app.github.dev/' },
    NO_CALLBACK,
  ],
  [
    'browser, code-server opened on this machine',
    { uiKind: 'web', remoteName: 'code-server', callbackSeenByBrowser: 'http://127.0.0.1:8080/proxy/54321/' },
    ['loopback'],
  ],
  [
    'browser, code-server behind a domain',
    { uiKind: 'web', remoteName: 'code-server', callbackSeenByBrowser: 'https://code.example.com/proxy/54321/' },
    NO_CALLBACK,
  ],
  [
    'browser, code-server over plain http on a LAN address',
    { uiKind: 'web', remoteName: 'code-server', callbackSeenByBrowser: 'http://192.168.1.20:8080/proxy/54321/' },
    NO_CALLBACK,
  ],
  ['a broken asExternalUri answer', { uiKind: 'desktop', callbackSeenByBrowser: 'not a url' }, NO_CALLBACK],
];

describe('choosing the sign-in flow', () => {
  for (const [name, env, flows] of table) {
    it(`${name}: ${flows.join(', then ')}`, () => {
      const choice = chooseSignInFlow({ ...env, preference: 'auto' });
      assert.deepEqual(choice.flows, flows);
      assert.ok(choice.reason.length > 10);
    });
  }

  it('follows an explicit setting whatever the environment', () => {
    assert.deepEqual(
      chooseSignInFlow({ preference: 'device-code', uiKind: 'desktop', callbackSeenByBrowser: 'http://127.0.0.1:1/' }).flows,
      ['device-code'],
    );
    assert.deepEqual(chooseSignInFlow({ preference: 'loopback', uiKind: 'web', callbackSeenByBrowser: 'https://x.example/' }).flows, [
      'loopback',
    ]);
    assert.deepEqual(chooseSignInFlow({ preference: 'paste', uiKind: 'desktop', callbackSeenByBrowser: 'http://127.0.0.1:1/' }).flows, [
      'paste',
    ]);
  });
});

import * as assert from 'node:assert/strict';
import { PICKER_SCOPE } from '../../src/endpoints';
import { GooglePhotosAuthProvider } from '../../src/vscode/authProvider';
import { asVs, fakeVscode } from './fakeVscode';

// The session handed to an extension the user let in never carries the real access token, whatever scopes it asks for.
describe('the Accounts menu entry (GooglePhotosAuthProvider)', () => {
  const signedIn = asVs({
    account: async () => ({ store: { get: async () => ({ refresh_token: '1//rt', access_token: 'ya29.real-token' }) } }),
    onDidChange: () => ({ dispose: () => undefined }),
  });

  it('shows the sign-in but hands out no token', async () => {
    const provider = new GooglePhotosAuthProvider(asVs(fakeVscode().vs), signedIn);
    const [session] = await provider.getSessions();
    assert.equal(session.account.label, 'Google Photos');
    assert.equal(session.accessToken, '');
    assert.deepEqual(session.scopes, [PICKER_SCOPE]);
  });

  it('answers only for the Picker scope', async () => {
    const provider = new GooglePhotosAuthProvider(asVs(fakeVscode().vs), signedIn);
    assert.deepEqual(await provider.getSessions(['https://www.googleapis.com/auth/drive']), []);
    assert.equal((await provider.getSessions([PICKER_SCOPE])).length, 1);
    await assert.rejects(provider.createSession(['openid', PICKER_SCOPE]), /only for picking photos/);
  });
});

import * as assert from 'node:assert/strict';
import { MissingOAuthClientError, type OAuthClientConfig, requireOAuthClient } from '../../src/auth/oauthClientConfig';

const BUILT_IN: OAuthClientConfig = { clientId: 'publisher.apps.googleusercontent.com', clientSecret: 'publisher-secret' };

describe('OAuth client configuration', () => {
  it('names the setting to fill and how to create a Desktop client when neither the user nor the package has a client', () => {
    assert.throws(
      () => requireOAuthClient(undefined, undefined, 'googlePhotosImport.oauth.clientId', undefined),
      (e: Error) =>
        e instanceof MissingOAuthClientError &&
        /googlePhotosImport\.oauth\.clientId/.test(e.message) &&
        /Desktop app/.test(e.message) &&
        /Photos Picker API/.test(e.message),
    );
    assert.throws(() => requireOAuthClient('   ', 'x', 'X', undefined), MissingOAuthClientError);
  });

  const cases: { name: string; clientId?: string; clientSecret?: string; builtIn?: OAuthClientConfig; want: OAuthClientConfig }[] = [
    {
      name: "the user's client, trimmed, with no built-in one",
      clientId: ' id ',
      clientSecret: '',
      want: { clientId: 'id', clientSecret: undefined },
    },
    {
      name: "the user's client (id and secret) over the built-in one",
      clientId: 'mine',
      clientSecret: ' my-secret ',
      builtIn: BUILT_IN,
      want: { clientId: 'mine', clientSecret: 'my-secret' },
    },
    {
      name: "the user's id without a secret: never the built-in secret with another id",
      clientId: 'mine',
      builtIn: BUILT_IN,
      want: { clientId: 'mine', clientSecret: undefined },
    },
    { name: 'the built-in client when the user set no id', builtIn: BUILT_IN, want: BUILT_IN },
    { name: 'the built-in client when the id is blank', clientId: '  ', builtIn: BUILT_IN, want: BUILT_IN },
    { name: 'the built-in client when the user set only a secret', clientSecret: 'stray', builtIn: BUILT_IN, want: BUILT_IN },
  ];
  for (const c of cases) {
    it(`signs in with ${c.name}`, () => {
      assert.deepEqual(requireOAuthClient(c.clientId, c.clientSecret, 'X', c.builtIn), c.want);
    });
  }
});

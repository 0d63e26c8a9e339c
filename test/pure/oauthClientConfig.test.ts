import * as assert from 'node:assert/strict';
import { MissingOAuthClientError, requireOAuthClient } from '../../src/auth/oauthClientConfig';

describe('OAuth client configuration', () => {
  it('names the setting to fill and how to create a Desktop client when the id is missing', () => {
    assert.throws(() => requireOAuthClient(undefined, undefined, 'googlePhotosImport.oauth.clientId'), (e: Error) =>
      e instanceof MissingOAuthClientError && /googlePhotosImport\.oauth\.clientId/.test(e.message) && /Desktop app/.test(e.message) && /Photos Picker API/.test(e.message));
    assert.throws(() => requireOAuthClient('   ', 'x', 'X'), MissingOAuthClientError);
    assert.deepEqual(requireOAuthClient(' id ', '', 'X'), { clientId: 'id', clientSecret: undefined });
  });
});

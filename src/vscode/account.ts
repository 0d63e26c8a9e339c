import type { GoogleAuth } from '../auth/googleAuth';
import type { OAuthClientConfig } from '../auth/oauthClientConfig';
import type { GoogleEndpoints } from '../endpoints';
import type { SecretTokenStore } from './secretTokenStore';

/** The account for one set of settings: its endpoints, its token source and where its grant is kept. */
export interface Account {
  client: OAuthClientConfig;
  endpoints: GoogleEndpoints;
  auth: GoogleAuth;
  store: SecretTokenStore;
}

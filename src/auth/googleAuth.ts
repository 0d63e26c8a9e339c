import type { Credentials, OAuth2Client } from 'google-auth-library';
import type { GoogleEndpoints } from '../endpoints';
import { googleAuthLibrary } from '../vendor/libraries';
import { untilAborted } from '../util/abort';
import type { OAuthClientConfig } from './oauthClientConfig';
import { type AccessTokenSource, SignInRequiredError } from './tokenSource';
import type { StoredGrant, TokenStore } from './tokenStore';

/**
 * The signed-in user's tokens: read from a TokenStore, refreshed by google-auth-library when they expire, written
 * back after every refresh. `invalid_grant` (revoked, or the 7-day expiry of "Testing" apps) means: sign in again.
 */
export class GoogleAuth implements AccessTokenSource {
  private oauthClient: Promise<OAuth2Client> | undefined;

  constructor(
    private readonly client: OAuthClientConfig,
    private readonly endpoints: GoogleEndpoints,
    private readonly store: TokenStore,
    /** How long Sign Out waits for Google to confirm the revoke (the grant is forgotten here either way). */
    private readonly revokeTimeoutMs = 10_000,
  ) {}

  /** google-auth-library is large: it is loaded on first use, not at startup. */
  oauth(): Promise<OAuth2Client> {
    this.oauthClient ??= Promise.resolve().then(() => {
      const { OAuth2Client } = googleAuthLibrary();
      const oauth = new OAuth2Client({
        clientId: this.client.clientId,
        clientSecret: this.client.clientSecret,
        endpoints: {
          oauth2AuthBaseUrl: this.endpoints.oauthAuthorize,
          oauth2TokenUrl: this.endpoints.oauthToken,
          oauth2RevokeUrl: this.endpoints.oauthRevoke,
        },
      });
      // Refreshes happen inside the library: persist what they bring (a refresh may omit the refresh token).
      oauth.on('tokens', (tokens: Credentials) => {
        this.store
          .get()
          .then((old) => this.store.set(toGrant({ ...old, ...tokens, refresh_token: tokens.refresh_token ?? old?.refresh_token })))
          .catch(() => undefined); // not kept: the next start refreshes again, or asks to sign in
      });
      return oauth;
    });
    return this.oauthClient;
  }

  async isSignedIn(): Promise<boolean> {
    return Boolean((await this.store.get())?.refresh_token);
  }

  /** Runs a sign-in flow (loopback, device code, ...) and keeps its tokens. */
  async signIn(flow: (oauth: OAuth2Client) => Promise<Credentials | StoredGrant>): Promise<void> {
    const oauth = await this.oauth();
    const tokens = await flow(oauth);
    oauth.setCredentials(tokens);
    await this.store.set(toGrant(tokens));
  }

  /** Revokes the grant at Google (best effort) and forgets it locally. */
  async signOut(): Promise<void> {
    const grant = await this.store.get();
    await this.store.clear();
    const token = grant?.refresh_token ?? grant?.access_token;
    if (token) {
      const oauth = await this.oauth();
      await untilAborted(oauth.revokeToken(token), AbortSignal.timeout(this.revokeTimeoutMs)).catch(() => undefined);
      oauth.setCredentials({});
    }
  }

  /** A refresh google-auth-library cannot cancel: the caller stops waiting for it when `signal` fires. */
  async getAccessToken(signal?: AbortSignal): Promise<string> {
    const oauth = await this.loadCredentials();
    return untilAborted(this.token(oauth), signal);
  }

  async refreshAccessToken(signal?: AbortSignal): Promise<string> {
    const oauth = await this.loadCredentials();
    oauth.setCredentials({ ...oauth.credentials, access_token: null, expiry_date: null });
    return untilAborted(this.token(oauth), signal);
  }

  private async loadCredentials(): Promise<OAuth2Client> {
    const oauth = await this.oauth();
    if (!oauth.credentials.refresh_token && !oauth.credentials.access_token) {
      const grant = await this.store.get();
      if (!grant?.refresh_token && !grant?.access_token) throw new SignInRequiredError();
      oauth.setCredentials(grant);
    }
    return oauth;
  }

  private async token(oauth: OAuth2Client): Promise<string> {
    try {
      const { token } = await oauth.getAccessToken();
      if (!token) throw new SignInRequiredError();
      return token;
    } catch (err) {
      if (err instanceof SignInRequiredError) throw err;
      const refusal = refusalOf(err);
      if (refusal || !oauth.credentials.refresh_token) {
        await this.store.clear();
        oauth.setCredentials({});
        throw new SignInRequiredError(
          refusal === 'unauthorized_client'
            ? 'The saved Google sign-in was made with another OAuth client than the one configured (unauthorized_client). Sign in again.'
            : 'Your Google sign-in has expired or was revoked (invalid_grant). Sign in again. (Apps in "Testing" mode get sign-ins that last 7 days.)',
        );
      }
      throw new Error(`Could not refresh the Google sign-in: ${(err as Error).message}`);
    }
  }
}

/** The token endpoint refused this grant for good: revoked or expired, or (unauthorized_client) another client's. */
function refusalOf(err: unknown): 'invalid_grant' | 'unauthorized_client' | undefined {
  const code = (err as { response?: { data?: { error?: unknown } } }).response?.data?.error;
  const text = `${typeof code === 'string' ? code : ''} ${(err as Error)?.message ?? ''}`;
  if (/invalid_grant/.test(text)) return 'invalid_grant';
  if (/unauthorized_client/.test(text)) return 'unauthorized_client';
  return undefined;
}

function toGrant(tokens: Credentials | StoredGrant): StoredGrant {
  return {
    refresh_token: tokens.refresh_token ?? null,
    access_token: tokens.access_token ?? null,
    expiry_date: tokens.expiry_date ?? null,
    scope: tokens.scope,
    token_type: tokens.token_type ?? null,
  };
}

/** What is kept between runs: the refresh token, and the current access token with its expiry. */
export interface StoredGrant {
  refresh_token?: string | null;
  access_token?: string | null;
  expiry_date?: number | null;
  scope?: string;
  token_type?: string | null;
}

/** Where grants live: SecretStorage in VS Code, a private file for the CLI (fileTokenStore.ts), memory in tests. */
export interface TokenStore {
  get(): Promise<StoredGrant | undefined>;
  set(grant: StoredGrant): Promise<void>;
  clear(): Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  constructor(private grant?: StoredGrant) {}
  async get() {
    return this.grant;
  }
  async set(grant: StoredGrant) {
    this.grant = grant;
  }
  async clear() {
    this.grant = undefined;
  }
}

/**
 * Which grant a store holds: one per token endpoint and OAuth client (`grant:<origin>:<client id>`), so that a grant is
 * only ever sent to the token endpoint that made it, with its own client.
 */
export function grantKey(oauthTokenUrl: string, clientId: string): string {
  return `grant:${new URL(oauthTokenUrl).origin}:${clientId}`;
}

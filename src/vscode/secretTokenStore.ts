import type * as vscode from 'vscode';
import type { StoredGrant, TokenStore } from '../auth/tokenStore';

/** A list of every grant key ever stored, so Sign Out can find grants of an earlier client id or endpoint. */
const GRANT_KEYS = 'grantKeys';

/** Tokens live only in VS Code's SecretStorage (the OS keychain), never in settings or logs. */
export class SecretTokenStore implements TokenStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly key: string,
  ) {}

  async get(): Promise<StoredGrant | undefined> {
    const text = await this.secrets.get(this.key);
    if (!text) return undefined;
    try {
      return JSON.parse(text) as StoredGrant;
    } catch {
      return undefined;
    }
  }

  async set(grant: StoredGrant): Promise<void> {
    const keys = await storedGrantKeys(this.secrets);
    if (!keys.includes(this.key)) await this.secrets.store(GRANT_KEYS, JSON.stringify([...keys, this.key]));
    await this.secrets.store(this.key, JSON.stringify(grant));
  }

  async clear(): Promise<void> {
    await this.secrets.delete(this.key);
    const keys = await storedGrantKeys(this.secrets);
    if (keys.includes(this.key)) await this.secrets.store(GRANT_KEYS, JSON.stringify(keys.filter((k) => k !== this.key)));
  }
}

/** Keys of the grants kept in secret storage (`grant:<OAuth origin>:<client id>`). */
export async function storedGrantKeys(secrets: vscode.SecretStorage): Promise<string[]> {
  try {
    const keys: unknown = JSON.parse((await secrets.get(GRANT_KEYS)) ?? '[]');
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string' && k.startsWith('grant:')) : [];
  } catch {
    return [];
  }
}

/** The OAuth origin a grant key was made for. */
export function grantOrigin(key: string): string | undefined {
  const match = /^grant:(https?:\/\/[^/:]+(?::\d+)?):/.exec(key);
  return match?.[1];
}

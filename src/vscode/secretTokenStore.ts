import type * as vscode from 'vscode';
import type { StoredGrant, TokenStore } from '../auth/tokenStore';

/** Tokens live only in VS Code's SecretStorage (the OS keychain), never in settings or logs. */
export class SecretTokenStore implements TokenStore {
  constructor(private readonly secrets: vscode.SecretStorage, private readonly key: string) {}

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
    await this.secrets.store(this.key, JSON.stringify(grant));
  }

  async clear(): Promise<void> {
    await this.secrets.delete(this.key);
  }
}

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { configFolder, writePrivateFile } from '../util/privateFile';

/** What is kept between runs: the refresh token, and the current access token with its expiry. */
export interface StoredGrant {
  refresh_token?: string | null;
  access_token?: string | null;
  expiry_date?: number | null;
  scope?: string;
  token_type?: string | null;
}

/** Where grants live: SecretStorage in VS Code, a private file for the CLI, memory in tests. */
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

/** The CLI's store: a JSON file readable only by the user (0600, in a 0700 folder), replaced atomically. */
export class FileTokenStore implements TokenStore {
  constructor(readonly file = defaultTokenFile()) {}

  async get(): Promise<StoredGrant | undefined> {
    try {
      return JSON.parse(await fs.readFile(this.file, 'utf8')) as StoredGrant;
    } catch {
      return undefined;
    }
  }

  async set(grant: StoredGrant): Promise<void> {
    await writePrivateFile(this.file, JSON.stringify(grant));
  }

  async clear(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }
}

function defaultTokenFile(): string {
  return path.join(configFolder(), 'token.json');
}

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

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
    const dir = path.dirname(this.file);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    // mkdir keeps an existing folder's mode: tighten it, and refuse one that others could still write to.
    if (process.platform !== 'win32') {
      await fs.chmod(dir, 0o700).catch(() => undefined);
      if (((await fs.stat(dir)).mode & 0o022) !== 0) throw new Error(`Refused to keep your Google sign-in in ${dir}: other users can write to that folder.`);
    }
    // A random name opened with "wx": never a stale file someone left (its 0644 would stay), never a symlink followed.
    const temp = path.join(dir, `.token.${randomBytes(8).toString('hex')}.tmp`);
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(grant));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, this.file);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
  }

  async clear(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }
}

function defaultTokenFile(): string {
  const configHome = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(configHome, 'google-photos-import', 'token.json');
}

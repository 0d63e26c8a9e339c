/**
 * The CLI's grants: one JSON file readable only by the user (0600 in a 0700 folder), replaced atomically, holding a
 * grant per token endpoint and OAuth client (grantKey(), the keys VS Code's secret storage uses). A grant made with
 * Google is never sent to a test endpoint's token URL, and a test endpoint's invalid_grant forgets only its own grant.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { googleEndpoints } from '../endpoints';
import { configFolder, writePrivateFile } from '../util/privateFile';
import { grantKey, type StoredGrant, type TokenStore } from './tokenStore';

interface GrantFile {
  grants: Record<string, StoredGrant>;
  /**
   * The one grant of the file earlier versions wrote: made at Google's token endpoint, for a client that was not
   * written down. It is offered only for Google's token endpoint, and without its access token, so its first use is
   * a refresh, which Google grants only to the client the grant was made for: it is then kept under that client's
   * key; refused, it is forgotten and the user signs in again.
   */
  unconfirmed?: StoredGrant;
}

const GOOGLE_TOKEN_ORIGIN = new URL(googleEndpoints.oauthToken).origin;

export class FileTokenStore implements TokenStore {
  private readonly key: string;
  private readonly atGoogle: boolean;

  /** `readText` (for tests) reads the file. */
  constructor(
    oauthTokenUrl: string,
    clientId: string,
    readonly file = path.join(configFolder(), 'token.json'),
    private readonly readText = (file: string) => fs.readFile(file, 'utf8'),
  ) {
    this.key = grantKey(oauthTokenUrl, clientId);
    this.atGoogle = new URL(oauthTokenUrl).origin === GOOGLE_TOKEN_ORIGIN;
  }

  async get(): Promise<StoredGrant | undefined> {
    const { grants, unconfirmed } = (await this.read()) ?? { grants: {} };
    if (Object.hasOwn(grants, this.key)) return grants[this.key];
    if (unconfirmed && this.atGoogle) return { ...unconfirmed, access_token: null, expiry_date: null };
    return undefined;
  }

  async set(grant: StoredGrant): Promise<void> {
    // A file that is not a grant file holds nothing to keep: signing in writes a good one.
    const file = (await this.read()) ?? { grants: {} };
    file.grants[this.key] = grant;
    // A refresh for this client confirmed the old grant (its tokens are what is set now), or a sign-in replaced it.
    if (this.atGoogle) delete file.unconfirmed;
    await this.write(file);
  }

  /** Forgets this key's grant only; the file goes when that was the last grant in it. */
  async clear(): Promise<void> {
    const file = await this.read();
    // It was offered here and refused, or the user signed out.
    const forgetUnconfirmed = this.atGoogle && file?.unconfirmed !== undefined;
    if (!file || (!Object.hasOwn(file.grants, this.key) && !forgetUnconfirmed)) return;
    delete file.grants[this.key];
    if (forgetUnconfirmed) delete file.unconfirmed;
    await this.write(file);
  }

  /**
   * The grants in the file; undefined when there is none or it is not a grant file. Any other failure to read it (a
   * folder in its place, too many open files) throws: taken for "none", the next write would drop every grant in it.
   */
  private async read(): Promise<GrantFile | undefined> {
    let text: string;
    try {
      text = await this.readText(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(
        `The sign-in file ${this.file} could not be read (${(err as Error).message}). Try again; if this goes on, check its permissions, or remove it and sign in again.`,
      );
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!isRecord(data)) return undefined;
    if (isRecord(data.grants))
      return {
        grants: { ...data.grants } as Record<string, StoredGrant>,
        unconfirmed: isRecord(data.unconfirmed) ? data.unconfirmed : undefined,
      };
    return { grants: {}, unconfirmed: typeof data.refresh_token === 'string' ? (data as StoredGrant) : undefined };
  }

  private async write(file: GrantFile): Promise<void> {
    if (Object.keys(file.grants).length === 0 && !file.unconfirmed) return fs.rm(this.file, { force: true });
    await writePrivateFile(this.file, JSON.stringify(file));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

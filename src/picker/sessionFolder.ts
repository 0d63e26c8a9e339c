/**
 * The CLI's record of open sessions: one private file per session in a folder beside its sign-in. CLI runs share it
 * and may run at once; each writes and removes only its own file (atomically, by rename), so no run can lose another's
 * record, as a read-modify-write of one shared file could.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { writePrivateFile } from '../util/privateFile';
import type { OpenSessionStore } from './openSessions';
import { type OpenSessionRecord, parseRecord } from './sessionOwner';

/** Named by a hash: a session id comes from a server and is no file name; api and id together are the key. */
const RECORD_NAME = /^[0-9a-f]{32}\.json$/;

export class FolderSessionStore implements OpenSessionStore {
  private migrated = false;

  /** `legacyFile`: the single file earlier versions kept (`sessions.json`); its records move into the folder. */
  constructor(
    readonly folder: string,
    readonly legacyFile?: string,
  ) {}

  async list(): Promise<unknown[]> {
    await this.migrateLegacy();
    let names: string[];
    try {
      names = await fs.readdir(this.folder);
    } catch {
      return [];
    }
    const records: unknown[] = [];
    for (const name of names.filter((n) => RECORD_NAME.test(n))) {
      const file = path.join(this.folder, name);
      const text = await fs.readFile(file, 'utf8').catch(() => undefined); // removed by another run meanwhile
      if (text === undefined) continue;
      const record = parseJson(text);
      // Files are only ever renamed into place whole: one that does not parse is no record and never will be.
      if (record === undefined) await fs.rm(file, { force: true });
      else records.push(record);
    }
    return records;
  }

  async put(record: OpenSessionRecord): Promise<void> {
    await writePrivateFile(this.fileFor(record), JSON.stringify(record));
  }

  async remove(key: Pick<OpenSessionRecord, 'api' | 'id'>): Promise<void> {
    await fs.rm(this.fileFor(key), { force: true });
  }

  private fileFor(key: Pick<OpenSessionRecord, 'api' | 'id'>): string {
    const hash = createHash('sha256').update(`${key.api}\n${key.id}`).digest('hex').slice(0, 32);
    return path.join(this.folder, `${hash}.json`);
  }

  /** Once per run: the legacy file's records become files of their own, then it goes. */
  private async migrateLegacy(): Promise<void> {
    if (this.migrated || !this.legacyFile) return;
    this.migrated = true;
    const text = await fs.readFile(this.legacyFile, 'utf8').catch(() => undefined);
    if (text === undefined) return;
    const list = parseJson(text);
    for (const record of (Array.isArray(list) ? list : []).map(parseRecord)) if (record) await this.put(record);
    await fs.rm(this.legacyFile, { force: true });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A record of picker sessions that are open, kept where a crash cannot lose it (VS Code's globalState, a private
 * file for the CLI): Google limits open sessions, and one left by a killed window would otherwise live until it
 * expires. Each id is written before its link is shown and removed once deleted; the next import deletes leftovers.
 */
import * as fs from 'node:fs/promises';
import { writePrivateFile } from '../util/privateFile';
import type { PickerClient } from './client';

export interface OpenSessionRecord {
  id: string;
  /** The Picker API it belongs to (a leftover is deleted only with that API's client). */
  api: string;
  /** When Google drops it anyway (ms since the epoch); a record past it is forgotten. */
  expiresAt: number;
}

/** Where the records are kept: the whole list, read and written as one value. */
export interface OpenSessionStore {
  read(): Promise<unknown>;
  write(records: OpenSessionRecord[]): Promise<void>;
}

export class MemorySessionStore implements OpenSessionStore {
  records: OpenSessionRecord[] = [];
  async read() {
    return this.records;
  }
  async write(records: OpenSessionRecord[]) {
    this.records = records;
  }
}

/** The CLI's store: a JSON file beside its sign-in, 0600. */
export class FileSessionStore implements OpenSessionStore {
  constructor(readonly file: string) {}
  async read(): Promise<unknown> {
    return JSON.parse(await fs.readFile(this.file, 'utf8').catch(() => '[]'));
  }
  async write(records: OpenSessionRecord[]): Promise<void> {
    await writePrivateFile(this.file, JSON.stringify(records));
  }
}

/** Sessions live at most a day here; Google's expireTime is usually an hour or so away. */
const DEFAULT_LIFETIME_MS = 24 * 3600_000;

export class OpenSessions {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: OpenSessionStore, private readonly api: string, private readonly now: () => number = Date.now) {}

  add(id: string, expireTime?: string): Promise<void> {
    const parsed = expireTime ? Date.parse(expireTime) : NaN;
    const expiresAt = Number.isFinite(parsed) ? parsed : this.now() + DEFAULT_LIFETIME_MS;
    return this.update((records) => [...records.filter((r) => r.id !== id), { id, api: this.api, expiresAt }]);
  }

  remove(id: string): Promise<void> {
    return this.update((records) => records.filter((r) => r.id !== id));
  }

  /** Deletes the sessions an earlier run left open on this API (a 404 counts as deleted); returns their ids. */
  async deleteLeftovers(client: PickerClient, signal: AbortSignal): Promise<string[]> {
    const mine = (await this.records()).filter((r) => r.api === this.api);
    const deleted: string[] = [];
    for (const record of mine) {
      try {
        await client.deleteSession(record.id, signal);
        await this.remove(record.id);
        deleted.push(record.id);
      } catch {
        // Kept for the next run (offline now, say); it is forgotten once past its expiry anyway.
      }
    }
    return deleted;
  }

  private update(change: (records: OpenSessionRecord[]) => OpenSessionRecord[]): Promise<void> {
    const next = this.queue.then(async () => this.store.write(change(await this.records())));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The valid, unexpired records (anything malformed is dropped: this is a cleanup aid, not data). */
  private async records(): Promise<OpenSessionRecord[]> {
    const value = await this.store.read().catch(() => []);
    if (!Array.isArray(value)) return [];
    return value.filter((r): r is OpenSessionRecord => typeof r?.id === 'string' && typeof r?.api === 'string' && Number.isFinite(r?.expiresAt) && r.expiresAt > this.now());
  }
}

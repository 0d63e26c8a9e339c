/**
 * A record of picker sessions that are open, kept where a crash cannot lose it (VS Code's globalState, a private
 * folder for the CLI): Google limits open sessions, and one left by a killed window would otherwise live until it
 * expires. Each id is written before its link is shown and removed once deleted; the next import deletes leftovers,
 * which are the sessions whose owner is gone: never another live window's or process's, whose user may be picking.
 */
import type { PickerClient } from './client';
import { type OpenSessionRecord, parseOwner, parseRecord, type SessionOwnership } from './sessionOwner';

export type { OpenSessionRecord } from './sessionOwner';

/** Where the records are kept; each change is one record's, so that runs sharing the store keep each other's. */
export interface OpenSessionStore {
  /** Every entry as stored (checked by the reader). */
  list(): Promise<unknown[]>;
  /** Adds the record, or replaces the one with its api and id. */
  put(record: OpenSessionRecord): Promise<void>;
  remove(record: Pick<OpenSessionRecord, 'api' | 'id'>): Promise<void>;
}

/** The store and who this run is: what importPhotos needs to record its sessions. */
export interface SessionRecords {
  store: OpenSessionStore;
  owner: SessionOwnership;
}

type Key = Pick<OpenSessionRecord, 'api' | 'id'>;
const sameKey = (a: Key, b: Key) => a.api === b.api && a.id === b.id;

/** The list without `key`'s record, and without malformed entries. */
function withoutRecord(list: unknown, key: Key): OpenSessionRecord[] {
  return (Array.isArray(list) ? list : []).map(parseRecord).filter((r): r is OpenSessionRecord => r !== undefined && !sameKey(r, key));
}

/**
 * A store that keeps the whole list as one value (VS Code's globalState). Each change reads the list right before
 * writing it, with nothing in between, so a record another window wrote earlier is kept (best effort: two windows
 * writing at the same instant can still lose one change, which the next heartbeat writes again).
 */
export function listSessionStore(value: { get(): unknown; set(records: OpenSessionRecord[]): PromiseLike<void> }): OpenSessionStore {
  return {
    list: async () => {
      const list = value.get();
      return Array.isArray(list) ? list : [];
    },
    put: async (record) => value.set([...withoutRecord(value.get(), record), record]),
    remove: async (key) => value.set(withoutRecord(value.get(), key)),
  };
}

/** A list store in memory (tests; it stands in for globalState). */
export class MemorySessionStore implements OpenSessionStore {
  records: OpenSessionRecord[] = [];
  private readonly inner = listSessionStore({ get: () => this.records, set: async (records) => void (this.records = records) });
  list = () => this.inner.list();
  put = (record: OpenSessionRecord) => this.inner.put(record);
  remove = (key: Key) => this.inner.remove(key);
}

/** A session this run holds open: its record is kept fresh until `release`. */
export interface HeldSession {
  /** Settles once the record is first written (rejects when it could not be). */
  written: Promise<void>;
  /** Stops the heartbeat; removes the record when the session was deleted. */
  release(deleted: boolean): Promise<void>;
}

/** Sessions each owner's imports hold right now: its own records not among them are leftovers of its earlier imports. */
const heldBy = new WeakMap<SessionOwnership, Set<string>>();
const keyText = (key: Key) => `${key.api}\n${key.id}`;

/** Sessions live at most a day here; Google's expireTime is usually an hour or so away. */
const DEFAULT_LIFETIME_MS = 24 * 3600_000;

export class OpenSessions {
  /** This instance's writes, in order (a heartbeat never lands after the remove). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly store: OpenSessionStore;
  private readonly owner: SessionOwnership;
  private readonly held: Set<string>;

  constructor(
    records: SessionRecords,
    private readonly api: string,
    private readonly now: () => number = Date.now,
  ) {
    this.store = records.store;
    this.owner = records.owner;
    this.held = heldBy.get(this.owner) ?? new Set();
    heldBy.set(this.owner, this.held);
  }

  hold(id: string, expireTime?: string): HeldSession {
    const parsed = expireTime ? Date.parse(expireTime) : NaN;
    const record = { id, api: this.api, expiresAt: Number.isFinite(parsed) ? parsed : this.now() + DEFAULT_LIFETIME_MS };
    this.held.add(keyText(record));
    const write = () => this.enqueue(() => this.store.put({ ...record, owner: this.owner.current() }));
    const written = write();
    // Also writes the record again should another window's change have lost it.
    const stop = this.owner.keepAlive?.(() => void write().catch(() => undefined));
    let released = false;
    return {
      written,
      release: async (deleted) => {
        if (released) return;
        released = true;
        stop?.();
        this.held.delete(keyText(record));
        if (deleted) await this.enqueue(() => this.store.remove(record));
      },
    };
  }

  /** Deletes the sessions left open on this API by runs that are gone (a 404 counts as deleted); returns their ids. */
  async deleteLeftovers(client: PickerClient, signal: AbortSignal): Promise<string[]> {
    const deleted: string[] = [];
    for (const record of (await this.store.list().catch(() => [])).map(parseRecord)) {
      if (!record) continue;
      if (record.expiresAt <= this.now()) {
        await this.enqueue(() => this.store.remove(record)).catch(() => undefined);
        continue;
      }
      if (record.api !== this.api || !(await this.isLeftover(record))) continue;
      try {
        await client.deleteSession(record.id, signal);
        await this.enqueue(() => this.store.remove(record));
        deleted.push(record.id);
      } catch {
        // Kept for the next run (offline now, say); it is forgotten once past its expiry anyway.
      }
    }
    return deleted;
  }

  private async isLeftover(record: OpenSessionRecord): Promise<boolean> {
    if (this.held.has(keyText(record))) return false;
    // No owner: written by an earlier version, which may still run in another window or terminal and be waiting for
    // its user. Left until its expiry (when Google ends the session anyway) rather than ending someone's pick.
    const owner = parseOwner(record.owner);
    if (!owner) return false;
    if (this.owner.isSelf(owner)) return true; // this run's earlier import, which ended without deleting it
    return this.owner.isGone(owner).catch(() => false);
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.queue.then(write);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

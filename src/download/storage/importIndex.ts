/**
 * `.google-photos-import.json`: what each destination folder already holds from Google Photos (item id and size ->
 * file, bytes, sha256), so a re-import reuses a file instead of downloading it again. Written atomically (temp file
 * + rename) after each file, under a lock file and merged with what is on disk, so two imports into one folder at
 * once keep every entry. A file that does not parse is set aside as `.bad`, never deleted.
 *
 * The index is an aid, never a reason to lose a photo: when it cannot be used (a link, folder or device in its
 * place or the lock's, a file that cannot be read, a lock another import keeps), the files are still imported, only
 * without the check for copies already there, and one warning says why and what to do.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { isAbortError, sleep, untilAborted } from '../../util/abort';
import { INDEX_MAX_BYTES, lstatOrUndefined, readRegularFile, setAside } from './indexFile';
import { IndexLock, LOCK_WAIT_MS } from './indexLock';

export { STALE_LOCK_MS } from './indexLock';
import { type IndexEntry, keyOf, parseIndex } from './indexEntries';

export { type IndexEntry, parseIndex };

export const INDEX_FILE = '.google-photos-import.json';
const ABOUT =
  'Written by Import from Google Photos: the Google Photos items already in this folder, so importing one again reuses its file. Safe to delete.';
/** A crash loses the entries of at most this long (their files stay; a re-import fetches them again). */
const MIN_WRITE_INTERVAL_MS = 250;
const WITHOUT_INDEX = 'Files were imported into its folder without the check for copies already there';

export interface ImportIndexOptions {
  /** Hears once about an index that was set aside or cannot be used. */
  onProblem: (message: string) => void;
  /** The user's cancel: ends a wait for the lock at once. */
  signal?: AbortSignal;
  /** How long to wait for another import's lock before going on without the index (tests shorten it). */
  lockWaitMs?: number;
}

export class ImportIndex {
  private entries = new Map<string, IndexEntry>();
  private writing: Promise<void> = Promise.resolve();
  private nextWrite: Promise<void> | undefined;
  private pending: IndexEntry[] = [];
  private readonly indexPath: string;
  private readonly lock: IndexLock;
  /** The index file as this import last wrote it: another writer's rename changes its inode. */
  private lastWritten: Stats | undefined;
  private lastWriteAt = 0;
  /** Set once, with its warning: nothing is then reused from this folder's index or recorded in it. */
  private unusable = false;

  constructor(
    private readonly folder: string,
    private readonly options: ImportIndexOptions,
  ) {
    this.indexPath = path.join(folder, INDEX_FILE);
    this.lock = new IndexLock(`${this.indexPath}.lock`);
  }

  /** Reads the index; never fails (but for a cancel): an index that cannot be used is only not used. */
  async load(): Promise<this> {
    try {
      const lockThere = await lstatOrUndefined(this.lock.path);
      const markThere = await lstatOrUndefined(this.lock.takeoverPath);
      if (lockThere && !lockThere.isFile()) this.disable(this.lockNotRegular(this.lock.path));
      else if (markThere && !markThere.isFile()) this.disable(this.lockNotRegular(this.lock.takeoverPath));
      else this.entries = (await this.entriesOnDisk(false, this.options.signal)) ?? new Map();
    } catch (err) {
      if (isAbortError(err)) throw err;
      this.disable(this.unreadable(err as Error));
    }
    return this;
  }

  /** The entry for this item and size when its file is still there, a regular file, byte for byte as recorded. */
  async findReusable(id: string, size: string, sha256Of: (file: string) => Promise<string>): Promise<IndexEntry | undefined> {
    const entry = this.unusable ? undefined : this.entries.get(keyOf(id, size));
    if (!entry) return undefined;
    const file = path.join(this.folder, entry.file);
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat?.isFile() || stat.size !== entry.bytes) return undefined;
    const sha256 = await untilAborted(sha256Of(file), this.options.signal).catch((err) => {
      if (isAbortError(err)) throw err;
      return '';
    });
    return sha256 === entry.sha256 ? entry : undefined;
  }

  /**
   * Records one file: re-reads the index under the lock (unless only this import wrote it since), adds the entry,
   * writes it back atomically. Entries that arrive while a write runs or within MIN_WRITE_INTERVAL_MS of the last
   * go together in the next one, so the index never holds the downloads back. After a cancel the entries waiting
   * are written at once if the lock is free, never waited for.
   */
  record(entry: IndexEntry): Promise<void> {
    if (this.unusable) return Promise.resolve();
    this.pending.push(entry);
    this.nextWrite ??= this.writing.then(async () => {
      // Each write holds every entry (2000 of them after a large pick): a few a second, not one per file.
      const since = Date.now() - this.lastWriteAt;
      if (since < MIN_WRITE_INTERVAL_MS) await sleep(MIN_WRITE_INTERVAL_MS - since, this.options.signal).catch(() => undefined);
      this.lastWriteAt = Date.now();
      this.nextWrite = undefined;
      const batch = this.pending.splice(0);
      if (!this.unusable) await this.withLock(() => this.writeWith(batch));
    });
    const written = this.nextWrite;
    this.writing = written.catch(() => undefined);
    return written;
  }

  private async writeWith(batch: IndexEntry[]): Promise<void> {
    // Unchanged since this import wrote it (same inode, size and time): no need to read 2000 entries back each time.
    const onDisk = await lstatOrUndefined(this.indexPath);
    const merged =
      onDisk && this.lastWritten && sameFile(onDisk, this.lastWritten) ? this.entries : await this.entriesOnDisk(true, undefined);
    if (!merged) return;
    for (const entry of batch) merged.set(keyOf(entry.id, entry.size), entry);
    this.entries = merged;
    const items = [...merged.values()].sort((a, b) => a.file.localeCompare(b.file) || a.size.localeCompare(b.size));
    const temp = `${this.indexPath}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      // Synced before the rename: after a power cut the index is the old one or the new one, never an empty file.
      const handle = await fs.open(temp, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify({ about: ABOUT, version: 1, items }, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // The rename replaces only a regular file (a link or folder put there meanwhile stays), and only for the owner.
      const there = await lstatOrUndefined(this.indexPath);
      if (there && !there.isFile()) return this.disable(this.indexNotRegular());
      await this.lock.assertHeld();
      await fs.rename(temp, this.indexPath);
      this.lastWritten = await lstatOrUndefined(this.indexPath);
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  /**
   * The entries on disk, or undefined when the index cannot be used (then it is disabled, with its warning). A
   * regular file that is not an index is set aside, under the lock: another import may be writing a good one. The
   * re-read before a write hears no cancel: a bounded read, so that the entries waiting are still written.
   */
  private async entriesOnDisk(underLock: boolean, signal: AbortSignal | undefined): Promise<Map<string, IndexEntry> | undefined> {
    const read = await readRegularFile(this.indexPath, INDEX_MAX_BYTES, signal);
    // Deleted since (or not made yet): what this import knows starts the new one, as for one set aside below.
    if (read.kind === 'missing') return new Map(this.entries);
    if (read.kind === 'not-regular') return this.disable(this.indexNotRegular());
    if (read.kind === 'unreadable') return this.disable(this.unreadable(read.error));
    const entries = read.kind === 'text' ? parseIndex(read.text) : undefined;
    if (entries) return entries;
    if (!underLock) return this.withLock(() => this.entriesOnDisk(true, signal));
    let bad: string | undefined;
    try {
      bad = await setAside(this.indexPath, read.stat);
    } catch (err) {
      return this.disable(
        `${this.indexPath} is not an index this extension wrote and could not be set aside (${(err as Error).message}), so it was not used. ${WITHOUT_INDEX}; rename or remove it.`,
      );
    }
    const why =
      read.kind === 'too-large'
        ? `is larger than ${INDEX_MAX_BYTES / 1024 / 1024} MB, so it is not an index this extension wrote`
        : 'could not be read (not an index this extension wrote, or edited by hand)';
    if (bad) this.options.onProblem(`${this.indexPath} ${why}; it was kept as ${path.basename(bad)} and a new one was started.`);
    // The new one starts from what this import knows (nothing, at load): files it already recorded stay reusable.
    return new Map(this.entries);
  }

  /** The action under the lock; undefined (and the index disabled) when the lock cannot be had. */
  private async withLock<T>(action: () => Promise<T>): Promise<T | undefined> {
    const waitMs = this.options.lockWaitMs ?? LOCK_WAIT_MS;
    let outcome;
    try {
      outcome = await this.lock.acquire(waitMs, this.options.signal);
    } catch (err) {
      if (isAbortError(err)) throw err;
      return this.disable(
        `${this.lock.path} could not be made (${(err as Error).message}), so the index of its folder was not used. ${WITHOUT_INDEX}; check the folder's permissions.`,
      );
    }
    if (outcome === 'not-regular') return this.disable(this.lockNotRegular(this.lock.path));
    if (outcome === 'takeover-not-regular') return this.disable(this.lockNotRegular(this.lock.takeoverPath));
    if (outcome === 'busy') {
      return this.disable(
        `Another import held ${this.lock.path} for more than ${Math.round(waitMs / 1000)} s, so this import went on without the index of that folder: files already there may have been downloaded again, and the new ones are not recorded for the next import. If no other import is running, delete that file.`,
      );
    }
    try {
      return await action();
    } finally {
      await this.lock.release(this.options.signal);
    }
  }

  /** From now on nothing is reused or recorded here; the user hears why, once. */
  private disable(message: string): undefined {
    if (!this.unusable) this.options.onProblem(message);
    this.unusable = true;
    this.pending = [];
    return undefined;
  }

  private unreadable(err: Error): string {
    return `${this.indexPath} could not be read (${err.message}), so it was not used. ${WITHOUT_INDEX}; check its permissions, or remove it.`;
  }

  private indexNotRegular(): string {
    return `${this.indexPath} is not a regular file (a symbolic link, a folder or a device), so it was neither read nor changed. ${WITHOUT_INDEX}; remove or rename it to bring that check back.`;
  }

  /** `lockFile`: the lock, or the mark beside it (`.lock.takeover`). */
  private lockNotRegular(lockFile: string): string {
    return `${lockFile} is not a regular file (a symbolic link or a folder), so the index of its folder was not used. ${WITHOUT_INDEX}; remove it (imports make only a plain file of that name, while they write).`;
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * `.google-photos-import.json`: what each destination folder already holds from Google Photos (item id and size ->
 * file, bytes, sha256), so a re-import reuses a file instead of downloading it again. Written atomically (temp file
 * + rename) after each file, under a lock file and merged with what is on disk, so two imports into one folder at
 * once keep every entry. A file that does not parse is set aside as `.bad`, never deleted.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { sleep } from '../util/abort';

export const INDEX_FILE = '.google-photos-import.json';
const ABOUT = 'Written by Import from Google Photos: the Google Photos items already in this folder, so importing one again reuses its file. Safe to delete.';
/** A lock older than this was left by a crashed import: taken over. */
export const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 25;
/** A crash loses the entries of at most this long (their files stay; a re-import fetches them again). */
const MIN_WRITE_INTERVAL_MS = 250;

export interface IndexEntry {
  /** Google's PickedMediaItem.id (stable across sessions). */
  id: string;
  /** `original`, or the box it was resized into, such as `2048x2048`. */
  size: string;
  /** The file's name in this folder. */
  file: string;
  bytes: number;
  sha256: string;
  /** The type the bytes came as (a resized HEIC is image/jpeg). */
  mimeType?: string;
  importedAt: string;
}

export class ImportIndex {
  private entries = new Map<string, IndexEntry>();
  private writing: Promise<void> = Promise.resolve();
  private nextWrite: Promise<void> | undefined;
  private pending: IndexEntry[] = [];
  private readonly indexPath: string;
  /** The index file as this import last wrote it: another writer's rename changes its inode. */
  private lastWritten: Stats | undefined;
  private lastWriteAt = 0;

  /** `onProblem` hears once about an index that had to be set aside. */
  constructor(private readonly folder: string, private readonly onProblem: (message: string) => void) {
    this.indexPath = path.join(folder, INDEX_FILE);
  }

  async load(): Promise<this> {
    this.entries = await this.readFromDisk();
    return this;
  }

  /** The entry for this item and size when its file is still there, a regular file, byte for byte as recorded. */
  async findReusable(id: string, size: string, sha256Of: (file: string) => Promise<string>): Promise<IndexEntry | undefined> {
    const entry = this.entries.get(keyOf(id, size));
    if (!entry) return undefined;
    const file = path.join(this.folder, entry.file);
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat?.isFile() || stat.size !== entry.bytes) return undefined;
    return (await sha256Of(file).catch(() => '')) === entry.sha256 ? entry : undefined;
  }

  /**
   * Records one file: re-reads the index under the lock (unless only this import wrote it since), adds the entry,
   * writes it back atomically. Entries that arrive while a write runs or within MIN_WRITE_INTERVAL_MS of the last
   * go together in the next one, so the index never holds the downloads back.
   */
  record(entry: IndexEntry): Promise<void> {
    this.pending.push(entry);
    this.nextWrite ??= this.writing.then(async () => {
      // Each write holds every entry (2000 of them after a large pick): a few a second, not one per file.
      const since = Date.now() - this.lastWriteAt;
      if (since < MIN_WRITE_INTERVAL_MS) await sleep(MIN_WRITE_INTERVAL_MS - since);
      this.lastWriteAt = Date.now();
      this.nextWrite = undefined;
      const batch = this.pending.splice(0);
      return this.withLock(() => this.writeWith(batch));
    });
    const written = this.nextWrite;
    this.writing = written.catch(() => undefined);
    return written;
  }

  private async writeWith(batch: IndexEntry[]): Promise<void> {
    // Unchanged since this import wrote it (same inode, size and time): no need to read 2000 entries back each time.
    const onDisk = await fs.stat(this.indexPath).catch(() => undefined);
    const merged = onDisk && this.lastWritten && sameFile(onDisk, this.lastWritten) ? this.entries : await this.readFromDisk();
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
      await fs.rename(temp, this.indexPath);
      this.lastWritten = await fs.stat(this.indexPath).catch(() => undefined);
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  private async readFromDisk(): Promise<Map<string, IndexEntry>> {
    let text: string;
    try {
      text = await fs.readFile(this.indexPath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw err;
    }
    const entries = parseIndex(text);
    if (entries) return entries;
    const badPath = await setAside(this.indexPath);
    if (badPath) this.onProblem(`${this.indexPath} could not be read (not an index this extension wrote, or edited by hand); it was kept as ${path.basename(badPath)} and a new one was started.`);
    return new Map();
  }

  /** An exclusive lock file; one older than STALE_LOCK_MS is a crashed import's and is taken over. */
  private async withLock<T>(action: () => Promise<T>): Promise<T> {
    const lock = `${this.indexPath}.lock`;
    for (;;) {
      try {
        await fs.writeFile(lock, String(process.pid), { flag: 'wx' });
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const stat = await fs.stat(lock).catch(() => undefined);
        if (stat && Date.now() - stat.mtimeMs > STALE_LOCK_MS) await fs.rm(lock, { force: true });
        else await sleep(LOCK_WAIT_MS);
      }
    }
    try {
      return await action();
    } finally {
      await fs.rm(lock, { force: true });
    }
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function keyOf(id: string, size: string): string {
  return `${size}\u0000${id}`;
}

/** The entries, or undefined when the text is not an index (any entry out of shape counts: the file is suspect). */
export function parseIndex(text: string): Map<string, IndexEntry> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const items = (data as { items?: unknown } | null)?.items;
  if ((data as { version?: unknown } | null)?.version !== 1 || !Array.isArray(items)) return undefined;
  const entries = new Map<string, IndexEntry>();
  for (const item of items as Partial<IndexEntry>[]) {
    if (!isEntry(item)) return undefined;
    entries.set(keyOf(item.id, item.size), { id: item.id, size: item.size, file: item.file, bytes: item.bytes, sha256: item.sha256, mimeType: item.mimeType, importedAt: item.importedAt });
  }
  return entries;
}

function isEntry(item: Partial<IndexEntry> | null): item is IndexEntry {
  return typeof item === 'object' && item !== null
    && typeof item.id === 'string' && item.id !== '' && typeof item.size === 'string'
    // A plain name in this folder: an index committed to a repository must not point a link elsewhere.
    && typeof item.file === 'string' && item.file === path.basename(item.file) && !item.file.startsWith('.') && !/[\\/]/.test(item.file)
    && Number.isSafeInteger(item.bytes) && (item.bytes as number) > 0
    && typeof item.sha256 === 'string' && /^[0-9a-f]{64}$/.test(item.sha256) && typeof item.importedAt === 'string'
    && (item.mimeType === undefined || typeof item.mimeType === 'string');
}

/** Renames the index to `.bad` (or `.bad-1`, ...) without replacing an earlier one. */
async function setAside(indexPath: string): Promise<string | undefined> {
  for (let n = 0; ; n++) {
    const bad = `${indexPath}.bad${n ? `-${n}` : ''}`;
    try {
      await fs.link(indexPath, bad);
      await fs.rm(indexPath, { force: true });
      return bad;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined; // another import set it aside first
      if (code !== 'EEXIST') throw err;
    }
  }
}

/**
 * The lock beside a folder's index: a regular file, created exclusively, holding a random owner token (and the pid
 * and host, for a person who finds it). Its owner keeps its time fresh while it holds it, so one untouched for
 * STALE_LOCK_MS was left by a crashed import and is taken over. Taking over and releasing both happen only while
 * holding a second exclusive file, `<lock>.takeover` (held for milliseconds): a lock is renamed or removed only after
 * it was checked under that file, so no import removes a lock another has just made, and there is one owner at a time.
 * A lock or mark path that is not a regular file (a link, a folder) is never followed, waited on or removed.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import { hostname } from 'node:os';
import { CancelledError, sleep } from '../../util/abort';
import { codeOf, lstatOrUndefined, readRegularFile, sameInode } from './indexFile';

/** A lock older than this (by its modification time) was left by a crashed import: taken over. */
export const STALE_LOCK_MS = 10_000;
/** How long an import waits for another's lock before going on without the index. */
export const LOCK_WAIT_MS = 10_000;
const POLL_MS = 25;
/** A release waits this long for a takeover in progress (which takes milliseconds). */
const RELEASE_WAIT_MS = 1_000;

// O_EXCL already refuses any existing entry, a link included; O_NOFOLLOW says so where it exists.
const CREATE_FLAGS = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | ((constants.O_NOFOLLOW as number | undefined) ?? 0);

/**
 * `held`; `busy`: another import kept it for the whole wait; `not-regular`: a link or folder is in its place;
 * `takeover-not-regular`: the same in the place of `<lock>.takeover`, without which no lock can be released.
 */
export type LockOutcome = 'held' | 'busy' | 'not-regular' | 'takeover-not-regular';

/** The function that removes the mark; `busy`: another import kept it for the whole wait; or a link or folder there. */
type MarkOutcome = (() => Promise<void>) | 'busy' | 'not-regular';

interface Held {
  handle: fs.FileHandle;
  stat: Stats;
  heartbeat: NodeJS.Timeout;
}

export class IndexLock {
  private readonly token = randomBytes(16).toString('hex');
  readonly takeoverPath: string;
  private held: Held | undefined;

  constructor(
    readonly path: string,
    private readonly staleMs = STALE_LOCK_MS,
    private readonly releaseWaitMs = RELEASE_WAIT_MS,
  ) {
    this.takeoverPath = `${path}.takeover`;
  }

  /** Waits at most `waitMs` for the lock; the signal ends the wait at once (CancelledError), after one try. */
  async acquire(waitMs: number, signal?: AbortSignal): Promise<LockOutcome> {
    if (this.held) throw new Error('the index lock is already held');
    const deadline = Date.now() + waitMs;
    for (;;) {
      // A lock taken then could never be released: none is taken.
      const mark = await lstatOrUndefined(this.takeoverPath);
      if (mark && !mark.isFile()) return 'takeover-not-regular';
      if (await this.tryCreate()) return 'held';
      const stat = await lstatOrUndefined(this.path);
      if (stat && !stat.isFile()) return 'not-regular';
      const takenOver = stat && this.isStale(stat) ? await this.takeOver(stat) : false;
      if (takenOver === 'takeover-not-regular') return takenOver;
      // Released just now, or a crashed import's lock just removed: try again at once.
      if (!stat || takenOver) continue;
      if (signal?.aborted) throw new CancelledError();
      const left = deadline - Date.now();
      if (left <= 0) return 'busy';
      await sleep(Math.min(POLL_MS, left), signal);
    }
  }

  /** Throws unless the lock file in place is still this one's (a process frozen past STALE_LOCK_MS loses it). */
  async assertHeld(): Promise<void> {
    const now = await lstatOrUndefined(this.path);
    if (!this.held || !now || !sameInode(now, this.held.stat)) throw new Error(`the lock ${this.path} was taken over by another import`);
  }

  /**
   * Removes the lock when it is still this one's; another import's lock is left alone. Never fails for a cancel: the
   * signal only ends the wait for the mark.
   */
  async release(signal?: AbortSignal): Promise<void> {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    clearInterval(held.heartbeat);
    // Closed first: Windows keeps the name of a deleted file that is still open, and others could not create theirs.
    await held.handle.close();
    const unmark = await this.mark(this.releaseWaitMs, signal);
    // Without the mark (a takeover still running, or a link or folder in its place) the lock stays; it goes stale
    // and is taken over.
    if (typeof unmark !== 'function') return;
    try {
      // Under the mark nobody else renames or removes it, and nobody can create one while it is there.
      const now = await lstatOrUndefined(this.path);
      if (now?.isFile() && sameInode(now, held.stat) && (await this.tokenIn(this.path)) === this.token) await fs.rm(this.path);
    } finally {
      await unmark();
    }
  }

  private isStale(stat: Stats): boolean {
    return Date.now() - stat.mtimeMs > this.staleMs;
  }

  private async tryCreate(): Promise<boolean> {
    const handle = await createExclusive(this.path);
    if (!handle) return false;
    try {
      await handle.writeFile(
        `${JSON.stringify({ token: this.token, pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`,
      );
      const stat = await handle.stat();
      // Kept fresh while held, so that a long write on a slow disk is not taken for a crash.
      const heartbeat = setInterval(() => {
        const now = new Date();
        handle.utimes(now, now).catch(() => undefined);
      }, this.staleMs / 4);
      heartbeat.unref();
      this.held = { handle, stat, heartbeat };
      return true;
    } catch (err) {
      await handle.close();
      await fs.rm(this.path, { force: true }); // just made, so still this one's
      throw err;
    }
  }

  /** Under the mark, renames the stale lock `judged` away and removes it; false when another import is doing so. */
  private async takeOver(judged: Stats): Promise<boolean | 'takeover-not-regular'> {
    const unmark = await this.mark(0);
    if (unmark === 'not-regular') return 'takeover-not-regular';
    if (unmark === 'busy') return false;
    try {
      const now = await lstatOrUndefined(this.path);
      // Gone, refreshed or replaced since it was judged: look again.
      if (!now || !sameStaleFile(now, judged)) return true;
      await removeIfUnchanged(this.path, judged);
      return true;
    } finally {
      await unmark();
    }
  }

  /**
   * Creates `<lock>.takeover` exclusively, waiting up to `waitMs` (the signal ends the wait, after one try). A mark
   * older than STALE_LOCK_MS was left by an import that crashed in those milliseconds: it is removed. A link or
   * folder in its place is not waited on: it will not go away by itself.
   */
  private async mark(waitMs: number, signal?: AbortSignal): Promise<MarkOutcome> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const handle = await createExclusive(this.takeoverPath);
      if (handle) {
        await handle.close();
        return () => fs.rm(this.takeoverPath, { force: true });
      }
      const stat = await lstatOrUndefined(this.takeoverPath);
      if (stat && !stat.isFile()) return 'not-regular';
      if (stat && this.isStale(stat)) await removeIfUnchanged(this.takeoverPath, stat);
      else if (stat && (Date.now() >= deadline || signal?.aborted)) return 'busy';
      else if (stat) await sleep(5, signal).catch(() => undefined);
    }
  }

  private async tokenIn(filePath: string): Promise<string | undefined> {
    const read = await readRegularFile(filePath, 4096);
    if (read.kind !== 'text') return undefined;
    try {
      return (JSON.parse(read.text) as { token?: string }).token;
    } catch {
      return undefined;
    }
  }
}

/** The new file, or undefined when something (a file, a link, a folder) is already there. */
async function createExclusive(filePath: string): Promise<fs.FileHandle | undefined> {
  try {
    return await fs.open(filePath, CREATE_FLAGS, 0o644);
  } catch (err) {
    // Windows answers EPERM for a folder in the way.
    if (codeOf(err) === 'EEXIST' || (codeOf(err) === 'EPERM' && (await lstatOrUndefined(filePath)))) return undefined;
    throw err;
  }
}

function sameStaleFile(a: Stats, b: Stats): boolean {
  return sameInode(a, b) && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/**
 * Renames `filePath` to a name of its own, then removes it if it is the file judged stale. A file refreshed at that
 * very moment is put back only where nothing took its place meanwhile (another import may have made a new one), by
 * a hard link, which never replaces; else it is removed, and its owner finds out when it checks that it holds it.
 * `whileAside` (for tests) runs while the file is aside.
 */
export async function removeIfUnchanged(
  filePath: string,
  judged: Stats,
  whileAside: () => Promise<void> = async () => undefined,
): Promise<void> {
  const aside = `${filePath}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await fs.rename(filePath, aside);
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return;
    throw err;
  }
  await whileAside();
  const moved = await fs.lstat(aside);
  // A link or folder swapped in at that instant (no import makes one) is neither followed nor removed.
  if (!moved.isFile()) return;
  // Only a regular file is linked: link() follows a symbolic link on macOS.
  if (!sameStaleFile(moved, judged)) await fs.link(aside, filePath).catch(() => undefined); // EEXIST, or a drive without hard links
  await fs.rm(aside, { force: true });
}

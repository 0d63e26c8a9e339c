/**
 * Reading a folder's index, and setting a bad one aside, without trusting what is there: a cloned repository can
 * commit a symbolic link (to /dev/zero, to a FIFO, to a private file), a folder or a huge file under its name.
 * Nothing is read through a link, nothing but a regular file is read, and never more than a cap.
 */
import { constants, type Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import { isAbortError, throwIfAborted } from '../../util/abort';

/** An index of 2000 entries is about 700 KB: anything larger was not written by an import. */
export const INDEX_MAX_BYTES = 16 * 1024 * 1024;

// O_NOFOLLOW: a symbolic link fails to open (ELOOP) instead of being read through. O_NONBLOCK: a FIFO opens at once
// instead of waiting for a writer (fstat then refuses it). Windows has neither; there lstat comes first.
const NO_FOLLOW = constants.O_NOFOLLOW as number | undefined;
const READ_FLAGS = constants.O_RDONLY | (NO_FOLLOW ?? 0) | ((constants.O_NONBLOCK as number | undefined) ?? 0);

export type RegularFileRead =
  | { kind: 'missing' }
  | { kind: 'text'; text: string; stat: Stats }
  | { kind: 'too-large'; stat: Stats }
  /** A symbolic link, folder, FIFO or device: not opened through, left as it is. */
  | { kind: 'not-regular' }
  | { kind: 'unreadable'; error: Error };

/** The text of a regular file of at most `maxBytes`, read without following a link; never more than that is read. */
export async function readRegularFile(filePath: string, maxBytes = INDEX_MAX_BYTES, signal?: AbortSignal): Promise<RegularFileRead> {
  let before: Stats | undefined;
  if (NO_FOLLOW === undefined) {
    try {
      before = await fs.lstat(filePath);
    } catch (err) {
      return codeOf(err) === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', error: err as Error };
    }
    if (!before.isFile()) return { kind: 'not-regular' };
  }
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(filePath, READ_FLAGS);
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENOENT') return { kind: 'missing' };
    // ELOOP: a symbolic link (EMLINK on FreeBSD); EISDIR: Windows' answer for a folder.
    if (code === 'ELOOP' || code === 'EMLINK' || code === 'EISDIR') return { kind: 'not-regular' };
    return { kind: 'unreadable', error: err as Error };
  }
  try {
    const stat = await handle.stat();
    // Without O_NOFOLLOW, a link swapped in between lstat and open shows as another file.
    if (!stat.isFile() || (before && !sameInode(before, stat))) return { kind: 'not-regular' };
    if (stat.size > maxBytes) return { kind: 'too-large', stat };
    const bytes = await readAtMost(handle, maxBytes + 1, stat.size, signal);
    return bytes.length > maxBytes ? { kind: 'too-large', stat } : { kind: 'text', text: bytes.toString('utf8'), stat };
  } catch (err) {
    if (isAbortError(err)) throw err;
    return { kind: 'unreadable', error: err as Error };
  } finally {
    await handle.close();
  }
}

/** Up to `limit` bytes; a file that grows while it is read stops there. */
async function readAtMost(handle: fs.FileHandle, limit: number, size: number, signal: AbortSignal | undefined): Promise<Buffer> {
  // One byte more than its size, so that a file that grew shows it.
  let buffer = Buffer.allocUnsafe(Math.min(limit, size + 1));
  let length = 0;
  for (;;) {
    throwIfAborted(signal);
    if (length === buffer.length) {
      if (length >= limit) break;
      const bigger = Buffer.allocUnsafe(Math.min(limit, length * 2));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}

/**
 * Renames the regular file `judged` (as read) to `.bad`, `.bad-1`, ... Each name is first taken by creating an empty
 * file exclusively, which the rename then replaces: an earlier `.bad` is never overwritten and two imports never
 * pick the same name. Never link(): it follows a symbolic link on macOS, and FAT drives have none.
 * Resolves to the new path, or undefined when the file was already gone.
 */
export async function setAside(filePath: string, judged: Stats): Promise<string | undefined> {
  for (let n = 0; n < 1000; n++) {
    const bad = `${filePath}.bad${n ? `-${n}` : ''}`;
    try {
      await (await fs.open(bad, 'wx')).close();
    } catch (err) {
      if (codeOf(err) === 'EEXIST') continue;
      throw err;
    }
    let moved = false;
    try {
      const now = await lstatOrUndefined(filePath);
      if (!now) return undefined;
      if (!now.isFile() || !sameInode(now, judged)) throw new Error('it was replaced while it was being read');
      await fs.rename(filePath, bad);
      moved = true;
      return bad;
    } finally {
      if (!moved) await fs.rm(bad, { force: true });
    }
  }
  throw new Error('there is no free name to keep it under');
}

export async function lstatOrUndefined(filePath: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(filePath);
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return undefined;
    throw err;
  }
}

export function sameInode(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev;
}

export function codeOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

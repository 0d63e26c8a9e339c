/** The destination folder as the engine needs it: there, a folder, writable; and gone again if an import wrote nothing. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** The destination cannot take files (a file in the way, read-only, full): said before any session exists. */
export class DestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DestinationError';
  }
}

/** Makes the folder if missing and probes it with a file written and removed; returns the first folder it created. */
export async function prepareDestination(dest: string): Promise<string | undefined> {
  try {
    const created = await fs.mkdir(dest, { recursive: true });
    const probe = path.join(dest, `.gpi-probe-${process.pid}-${Date.now()}`);
    await fs.writeFile(probe, '', { flag: 'wx' });
    await fs.rm(probe, { force: true });
    return created;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new DestinationError(`Cannot import into ${dest}: it (or a folder above it) is a file, not a folder.`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new DestinationError(`Cannot import into ${dest}: this folder is not writable (${code === 'EROFS' ? 'a read-only file system' : 'no permission'}).`);
    if (code === 'ENOSPC') throw new DestinationError(`Cannot import into ${dest}: the disk is full.`);
    throw err;
  }
}

/** Removes dest and its parents up to `createdTop`, each only while empty (rmdir refuses a folder with anything in it). */
export async function removeEmptyFolders(dest: string, createdTop: string): Promise<void> {
  for (let dir = dest; dir.length >= createdTop.length; dir = path.dirname(dir)) {
    try {
      await fs.rmdir(dir);
    } catch {
      return;
    }
    if (dir === createdTop) return;
  }
}

/** Files only the user may read (the CLI's sign-in, its record of open sessions): 0600 in a 0700 folder, replaced atomically. */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

/** The CLI's own folder: $XDG_CONFIG_HOME/google-photos-import (default ~/.config/...). */
export function configFolder(): string {
  const configHome = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(configHome, 'google-photos-import');
}

export async function writePrivateFile(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir keeps an existing folder's mode: tighten it, and refuse one that others could still write to.
  if (process.platform !== 'win32') {
    await fs.chmod(dir, 0o700).catch(() => undefined);
    if (((await fs.stat(dir)).mode & 0o022) !== 0)
      throw new Error(`Refused to write ${path.basename(file)} in ${dir}: other users can write to that folder.`);
  }
  // A random name opened with "wx": never a stale file someone left (its 0644 would stay), never a symlink followed.
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

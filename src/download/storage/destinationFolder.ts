/**
 * The destination folders as the engine needs them: a pattern that may name per-item folders (`${createYear}`), each
 * made only inside the root after resolving symlinks (a committed `assets -> /elsewhere` link must not carry the
 * photos out of the workspace), never inside `.git`, and removed again when an import wrote nothing.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { FOLDER_VARIABLES } from '../../workflow/placement';
import { checkTemplate, expandTemplate } from '../../workflow/template';
import { type ErrorCode, ERROR_CODES } from '../../util/errorCodes';

/** The destination cannot take files (outside the root, a file in the way, read-only, full): said before any session. */
export class DestinationError extends Error {
  readonly code: ErrorCode = ERROR_CODES.destination;
  constructor(message: string) {
    super(message);
    this.name = 'DestinationError';
  }
}

/** The destination leads out of the folder it must stay in (`..`, or a symbolic link to elsewhere). */
export class OutsideRootError extends DestinationError {
  override readonly code: ErrorCode = ERROR_CODES.outsideRoot;
}

export class DestinationFolders {
  /** The pattern's folder before its first variable: made and probed before any session exists. */
  readonly base: string;
  private readonly root: string;
  private realRoot = '';
  private readonly ready = new Map<string, Promise<string>>();
  private readonly created: string[] = [];

  /** `pattern`: an absolute folder path, optionally with per-item variables; `root`: what it must stay in (default: base). */
  constructor(
    private readonly pattern: string,
    root?: string,
  ) {
    const firstVariable = pattern.search(/(?<!\$)\$\{/);
    const fixed = (firstVariable < 0 ? pattern : pattern.slice(0, firstVariable)).replace(/\$\$\{/g, '${');
    this.base = path.resolve(firstVariable < 0 ? fixed : path.dirname(fixed + 'x'));
    this.root = path.resolve(root ?? this.base);
  }

  /** Before any session: known variables, a root on disk, and a base folder inside it that takes a file. */
  async prepare(): Promise<void> {
    checkTemplate(this.pattern, FOLDER_VARIABLES, 'destination');
    await explain(this.base, async () => {
      const top = await fs.mkdir(this.root, { recursive: true });
      // Every folder from the first one made down to the root, so all of them can go again.
      for (let dir = this.root; top && dir.length >= top.length; dir = path.dirname(dir)) this.created.unshift(dir);
      this.realRoot = await fs.realpath(this.root);
    });
    if (isInGit(this.realRoot)) throw new DestinationError(`Cannot import into ${this.base}: it is inside a .git folder.`);
    const base = await this.folder(this.base);
    await explain(this.base, async () => {
      const probe = path.join(base, `.gpi-probe-${randomBytes(8).toString('hex')}`);
      await fs.writeFile(probe, '', { flag: 'wx' });
      await fs.rm(probe, { force: true });
    });
  }

  /** The item's folder (made if missing), as a real path inside the root. */
  folderFor(values: Record<string, string>): Promise<string> {
    return this.folder(path.resolve(expandTemplate(this.pattern, values, 'destination')));
  }

  /** Folders this import made, deepest first, each removed only while empty (rmdir refuses a folder with anything in it). */
  async removeCreatedIfEmpty(): Promise<void> {
    for (const dir of [...this.created].reverse()) await fs.rmdir(dir).catch(() => undefined);
  }

  private folder(target: string): Promise<string> {
    let ready = this.ready.get(target);
    if (!ready) {
      ready = this.make(target);
      this.ready.set(target, ready);
    }
    return ready;
  }

  /** Walks down from the real root one segment at a time, resolving each before anything is made inside it. */
  private async make(target: string): Promise<string> {
    const rel = path.relative(this.root, target);
    if (rel.startsWith('..') || path.isAbsolute(rel))
      throw new OutsideRootError(`Cannot import into ${target}: it is outside ${this.root}.`);
    let current = this.realRoot;
    for (const segment of rel.split(path.sep).filter(Boolean)) {
      if (segment.toLowerCase() === '.git') throw new DestinationError(`Cannot import into ${target}: it is inside a .git folder.`);
      const next = path.join(current, segment);
      await explain(target, async () => {
        try {
          await fs.mkdir(next);
          this.created.push(next);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        current = await fs.realpath(next);
        if ((await fs.stat(current)).isDirectory() === false) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      });
      if (!isInside(current, this.realRoot) || isInGit(current)) {
        throw new OutsideRootError(
          `Cannot import into ${target}: "${segment}" leads to ${current}, outside ${this.realRoot} (a symbolic link?).`,
        );
      }
    }
    return current;
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isInGit(realPath: string): boolean {
  return realPath.split(path.sep).some((segment) => segment.toLowerCase() === '.git');
}

/** File-system errors as the user should read them. */
async function explain(dest: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    throw folderError(dest, err as NodeJS.ErrnoException);
  }
}

/** A DestinationError in the user's words for the codes a destination meets; any other error as it is. */
export function folderError(dest: string, err: NodeJS.ErrnoException): Error {
  const { code } = err;
  if (code === 'EEXIST' || code === 'ENOTDIR')
    return new DestinationError(`Cannot import into ${dest}: it (or a folder above it) is a file, not a folder.`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new DestinationError(
      `Cannot import into ${dest}: this folder is not writable (${code === 'EROFS' ? 'a read-only file system' : 'no permission'}).`,
    );
  if (code === 'ENOSPC') return new DestinationError(`Cannot import into ${dest}: the disk is full.`);
  return err;
}

/**
 * Where imported files go: pure path logic over URI-like values (no vscode import), tested with fake URIs.
 * The setting is a path relative to a workspace folder; it may not climb out of it.
 */
import * as path from 'node:path';

export interface FolderLike {
  uri: { scheme: string; fsPath: string; toString(): string };
  name: string;
}

export type DestinationChoice =
  | { kind: 'folder'; folder: FolderLike; fsPath: string; label: string }
  | { kind: 'ask'; folders: readonly FolderLike[] }
  | { kind: 'no-workspace' }
  /** not-on-disk: a virtual folder; absolute / outside: the setting leaves the workspace folder. */
  | { kind: 'invalid'; reason: 'not-on-disk' | 'absolute' | 'outside'; detail: string };

/**
 * One folder: it. Several: the one holding the active editor's file, else ask. None: offer to open one.
 * `relative` is the destination setting (default "assets").
 */
export function chooseDestination(folders: readonly FolderLike[] | undefined, activeFolder: FolderLike | undefined, relative: string, multiRoot = (folders?.length ?? 0) > 1): DestinationChoice {
  if (!folders || folders.length === 0) return { kind: 'no-workspace' };
  const folder = folders.length === 1 ? folders[0] : activeFolder;
  if (!folder) return { kind: 'ask', folders };
  return resolveIn(folder, relative, multiRoot);
}

export function resolveIn(folder: FolderLike, relative: string, multiRoot: boolean): DestinationChoice {
  if (folder.uri.scheme !== 'file') {
    return { kind: 'invalid', reason: 'not-on-disk', detail: folder.name };
  }
  const setting = (relative || 'assets').trim().replace(/\\/g, '/');
  if (path.isAbsolute(setting) || /^[a-zA-Z]:/.test(setting)) {
    return { kind: 'invalid', reason: 'absolute', detail: setting };
  }
  const root = path.resolve(folder.uri.fsPath);
  const target = path.resolve(root, setting);
  const rel = path.relative(root, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    return { kind: 'invalid', reason: 'outside', detail: setting };
  }
  const shown = rel === '' ? '.' : rel.split(path.sep).join('/');
  return { kind: 'folder', folder, fsPath: target, label: multiRoot ? `${folder.name}/${shown}` : `${shown}/` };
}

/**
 * Where imported files go: pure path logic over URI-like values (no vscode import), tested with fake URIs.
 * The setting is a folder pattern relative to a workspace folder, or an object mapping globs (matched against the
 * active document's workspace-relative path, first match wins) to patterns; it may not climb out of the folder.
 */
import * as path from 'node:path';
import { picomatchLibrary } from '../vendor/libraries';
import { FOLDER_VARIABLES } from '../workflow/placement';
import { replaceVariables } from '../workflow/template';

export interface FolderLike {
  uri: { scheme: string; fsPath: string; toString(): string };
  name: string;
}

/** The active document, when it is a file inside the chosen workspace folder. */
export interface DocumentFacts {
  /** Workspace-relative path with forward slashes, e.g. `content/posts/hello.md`. */
  relativePath: string;
}

export type DestinationSetting = string | Readonly<Record<string, string>>;

export const DOCUMENT_VARIABLES = ['documentDirName', 'documentBaseName', 'documentFileName'] as const;

export type DestinationChoice =
  | { kind: 'folder'; folder: FolderLike; fsPath: string; label: string }
  | { kind: 'ask'; folders: readonly FolderLike[] }
  | { kind: 'no-workspace' }
  /**
   * not-on-disk: a virtual folder; absolute / outside: the setting leaves the workspace folder; needs-document: the
   * pattern uses a document variable (detail) and no document is open; no-match: no glob matched (detail: the path);
   * unknown-variable: detail names it.
   */
  | {
      kind: 'invalid';
      reason: 'not-on-disk' | 'absolute' | 'outside' | 'needs-document' | 'no-match' | 'unknown-variable';
      detail: string;
    };

/**
 * One folder: it. Several: the one holding the active editor's file, else ask. None: offer to open one.
 * `setting` is the destination setting (default "assets").
 */
export function chooseDestination(
  folders: readonly FolderLike[] | undefined,
  activeFolder: FolderLike | undefined,
  setting: DestinationSetting,
  multiRoot = (folders?.length ?? 0) > 1,
  document?: DocumentFacts,
): DestinationChoice {
  if (!folders || folders.length === 0) return { kind: 'no-workspace' };
  const folder = folders.length === 1 ? folders[0] : activeFolder;
  if (!folder) return { kind: 'ask', folders };
  return resolveIn(folder, setting, multiRoot, document);
}

export function resolveIn(
  folder: FolderLike,
  setting: DestinationSetting,
  multiRoot: boolean,
  document?: DocumentFacts,
): DestinationChoice {
  if (folder.uri.scheme !== 'file') {
    return { kind: 'invalid', reason: 'not-on-disk', detail: folder.name };
  }
  const pattern = patternFor(setting, document);
  if (typeof pattern !== 'string') return pattern;
  const expanded = expandDocumentVariables(pattern, document);
  if (typeof expanded !== 'string') return expanded;
  const relative = (expanded || 'assets').trim().replace(/\\/g, '/');
  if (path.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) {
    return { kind: 'invalid', reason: 'absolute', detail: relative };
  }
  const root = path.resolve(folder.uri.fsPath);
  const target = path.resolve(root, relative);
  const rel = path.relative(root, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    return { kind: 'invalid', reason: 'outside', detail: relative };
  }
  const shown = rel === '' ? '.' : rel.split(path.sep).join('/');
  return { kind: 'folder', folder, fsPath: target, label: multiRoot ? `${folder.name}/${shown}` : `${shown}/` };
}

/** The pattern itself, or the first glob entry that matches the document (without one, only a catch-all `**`). */
function patternFor(
  setting: DestinationSetting,
  document: DocumentFacts | undefined,
): string | Extract<DestinationChoice, { kind: 'invalid' }> {
  if (typeof setting === 'string') return setting;
  for (const [glob, pattern] of Object.entries(setting)) {
    const matches = document ? picomatchLibrary()(glob, { dot: true, windows: false })(document.relativePath) : glob === '**';
    if (matches && typeof pattern === 'string') return pattern;
  }
  return { kind: 'invalid', reason: 'no-match', detail: document?.relativePath ?? '' };
}

/**
 * Fills in the document's variables and leaves the per-item ones (${createYear}...) for the engine. A value that
 * itself contains "${" (a file named "${x}.md") is escaped so the engine reads it as text.
 */
function expandDocumentVariables(
  pattern: string,
  document: DocumentFacts | undefined,
): string | Extract<DestinationChoice, { kind: 'invalid' }> {
  let problem: Extract<DestinationChoice, { kind: 'invalid' }> | undefined;
  const values = document ? documentValues(document) : undefined;
  const expanded = replaceVariables(pattern, (name, escaped) => {
    const whole = `${escaped ? '$' : ''}\${${name}}`;
    if (escaped || (FOLDER_VARIABLES as readonly string[]).includes(name)) return whole;
    if (!(DOCUMENT_VARIABLES as readonly string[]).includes(name))
      problem ??= { kind: 'invalid', reason: 'unknown-variable', detail: name };
    else if (!values) problem ??= { kind: 'invalid', reason: 'needs-document', detail: name };
    else return values[name as (typeof DOCUMENT_VARIABLES)[number]].replace(/\$\{/g, () => '$${');
    return whole;
  });
  return problem ?? expanded;
}

export function documentValues(document: DocumentFacts): Record<(typeof DOCUMENT_VARIABLES)[number], string> {
  const { name, base } = path.posix.parse(document.relativePath);
  return { documentDirName: path.posix.dirname(document.relativePath), documentBaseName: name, documentFileName: base };
}

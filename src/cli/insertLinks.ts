/**
 * `--insert-at MARKER`: the document read before the import, and the links written in place of its marker line
 * afterwards, atomically (a temporary file beside it, renamed over it, its mode kept; a hard-linked document is
 * rewritten in place), never over edits made while the user was picking.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replaceMarkerLine } from './documentLinks';

export interface DocumentSnapshot {
  /** The file itself (a symbolic link resolved, so the link stays a link). */
  documentPath: string;
  text: string;
  mtimeMs: number;
  mode: number;
}

export class DocumentChangedError extends Error {}

/** Read before the import starts: a document that cannot be read is said before any session. */
export function readDocument(documentPath: string): DocumentSnapshot {
  let stat: fs.Stats;
  let text: string;
  let realPath: string;
  try {
    realPath = fs.realpathSync(documentPath);
    stat = fs.statSync(realPath);
    if (!stat.isFile()) throw new Error('not a file');
    // Only UTF-8 is written back: any other encoding would be rewritten lossily.
    text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(realPath));
  } catch (err) {
    if (err instanceof TypeError)
      throw new Error(`--insert-at: ${documentPath} is not UTF-8 text, so it is left alone; paste the printed links instead.`);
    throw new Error(
      `--insert-at: cannot read ${documentPath} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Give an existing document with --links-for.`,
    );
  }
  return { documentPath: realPath, text, mtimeMs: stat.mtimeMs, mode: stat.mode & 0o7777 };
}

/**
 * Replaces the marker line with the links: 'inserted', or 'no-marker' (the document left as it is). Throws
 * DocumentChangedError when the document is not as it was read.
 */
export function insertAtMarker(snapshot: DocumentSnapshot, marker: string, links: string): 'inserted' | 'no-marker' {
  const { documentPath } = snapshot;
  const changed = () =>
    new DocumentChangedError(
      `${documentPath} changed while importing, so the links were not written into it. Paste them from the output, or run again.`,
    );
  const unchanged = () => {
    try {
      return fs.statSync(documentPath).mtimeMs === snapshot.mtimeMs && fs.readFileSync(documentPath, 'utf8') === snapshot.text;
    } catch {
      return false;
    }
  };
  if (!unchanged()) throw changed();
  const text = replaceMarkerLine(snapshot.text, marker, links);
  if (text === undefined) return 'no-marker';
  const temp = path.join(path.dirname(documentPath), `.${path.basename(documentPath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(temp, text, { flag: 'wx', mode: snapshot.mode });
    // The umask may have narrowed the mode given at creation.
    fs.chmodSync(temp, snapshot.mode);
    // Looked at again just before the rename: the window for a lost edit is this line, not the whole import.
    if (!unchanged()) throw changed();
    if (fs.statSync(documentPath).nlink > 1) return writeInPlace(documentPath, text, temp);
    fs.renameSync(temp, documentPath);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return 'inserted';
}

/**
 * A document with other hard links: a rename would give this name a new file and leave the others the old text, so
 * its own file is rewritten. The whole text is already on disk beside it (a full disk fails before the document is
 * touched); should this write fail halfway, that copy is kept and named.
 */
function writeInPlace(documentPath: string, text: string, temp: string): 'inserted' {
  const kept = temp.replace(/\.tmp$/, '.new');
  try {
    fs.writeFileSync(documentPath, text, { flag: 'r+' });
    fs.truncateSync(documentPath, Buffer.byteLength(text));
  } catch (err) {
    fs.renameSync(temp, kept);
    throw new Error(
      `--insert-at: ${documentPath} could not be rewritten (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); its new text is in ${kept}.`,
    );
  }
  return 'inserted';
}

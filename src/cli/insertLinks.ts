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
  let keepTemp = false;
  try {
    fs.writeFileSync(temp, text, { flag: 'wx', mode: snapshot.mode });
    // The umask may have narrowed the mode given at creation.
    fs.chmodSync(temp, snapshot.mode);
    // Looked at again just before the rename: the window for a lost edit is this line, not the whole import.
    if (!unchanged()) throw changed();
    if (fs.statSync(documentPath).nlink > 1) {
      try {
        writeInPlace(documentPath, Buffer.from(text, 'utf8'));
      } catch (err) {
        const { touched } = err as { touched?: boolean };
        keepTemp = touched === true;
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        throw new Error(
          touched
            ? `--insert-at: ${documentPath} could not be rewritten whole (${code}); its new text is in ${temp}: copy it over the document.`
            : `--insert-at: ${documentPath} could not be rewritten (${code}); it is as it was. Paste the printed links instead.`,
        );
      }
    } else fs.renameSync(temp, documentPath);
  } finally {
    if (!keepTemp) fs.rmSync(temp, { force: true });
  }
  return 'inserted';
}

/**
 * A document with other hard links: a rename would give this name a new file and leave the others the old text, so
 * its own file is rewritten, as editors do. The growth is written first, past the old end, so that a full disk stops
 * it before any old byte changes (except on copy-on-write file systems, where overwriting takes space too); a
 * failure after that is `touched`, and the caller keeps the whole new text beside it.
 */
function writeInPlace(documentPath: string, bytes: Buffer): void {
  const fd = fs.openSync(documentPath, 'r+');
  let touched = false;
  try {
    const oldLength = fs.fstatSync(fd).size;
    if (bytes.length > oldLength) writeGrowth(fd, bytes.subarray(oldLength), oldLength);
    touched = true;
    writeAllAt(fd, bytes.subarray(0, Math.min(oldLength, bytes.length)), 0);
    fs.ftruncateSync(fd, bytes.length);
    fs.fsyncSync(fd);
  } catch (err) {
    throw Object.assign(err as Error, { touched });
  } finally {
    fs.closeSync(fd);
  }
}

/** The bytes past the old end, or none of them: what was written goes again when the rest cannot be. */
function writeGrowth(fd: number, growth: Buffer, oldLength: number): void {
  try {
    writeAllAt(fd, growth, oldLength);
  } catch (err) {
    fs.ftruncateSync(fd, oldLength);
    throw err;
  }
}

function writeAllAt(fd: number, bytes: Buffer, position: number): void {
  for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
}

/** --links-for after an import: the links made for the document, and with --insert-at written into it. */
import * as fs from 'node:fs';
import type { ImportSummary } from '../importReport';
import { makeLinks } from '../workflow/links';
import type { CliLinkOptions } from './args';
import { linkedFilesOf } from './documentLinks';
import { DocumentChangedError, type DocumentSnapshot, insertAtMarker, readDocument } from './insertLinks';
import { err } from './progress';

export interface DocumentLinks {
  /** The links for the files that landed, and whether everything asked (the insert) was done. */
  finish(summary: ImportSummary): { links: string; ok: boolean };
}

/** Checked before any session: the link root is a folder, and the document to insert into is read as it is now. */
export function prepareDocumentLinks(options: CliLinkOptions): DocumentLinks {
  if (options.linkRoot !== undefined && !isFolder(options.linkRoot)) {
    throw new Error(`--link-root: ${options.linkRoot} is not a folder. Give the folder the site serves at / (such as static or public).`);
  }
  const snapshot: DocumentSnapshot | undefined = options.insertAt === undefined ? undefined : readDocument(options.documentPath);
  return {
    finish(summary) {
      const files = linkedFilesOf(summary);
      const links = makeLinks(files, options, { altText: options.altText, captionText: options.captionText, linkRoot: options.linkRoot });
      if (!snapshot || options.insertAt === undefined) return { links, ok: true };
      if (files.length === 0) {
        err(`Nothing to link: ${options.documentPath} was left as it is.`);
        return { links, ok: true };
      }
      try {
        if (insertAtMarker(snapshot, options.insertAt, links) === 'inserted') {
          err(`Links written into ${options.documentPath} in place of the line "${options.insertAt.trim()}".`);
        } else {
          err(
            `Warning: no line of ${options.documentPath} reads "${options.insertAt.trim()}", so it was left as it is; the links are printed instead.`,
          );
        }
        return { links, ok: true };
      } catch (e) {
        const why =
          e instanceof DocumentChangedError
            ? e.message
            : `the links could not be written into ${options.documentPath} (${(e as Error).message}); they are printed instead.`;
        err(`google-photos-import: ${why}`);
        return { links, ok: false };
      }
    },
  };
}

function isFolder(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The CLI's links for a document: its markup (from its extension, as VS Code's language ids are), the imported files
 * as the link maker wants them, and the document's text with a marker line replaced by the links. Pure.
 */
import * as path from 'node:path';
import type { ImportedItem, ImportSummary } from '../importReport';
import type { LinkedFile } from '../workflow/links';

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'mdx',
  '.html': 'html',
  '.htm': 'html',
  '.vue': 'vue',
  '.svelte': 'svelte',
  '.astro': 'astro',
  '.php': 'php',
  '.adoc': 'asciidoc',
  '.asciidoc': 'asciidoc',
  '.rst': 'restructuredtext',
  '.tex': 'latex',
  '.org': 'org',
};

/** The language id for a document's path, or undefined when no built-in link format reads it. */
export function languageOfDocument(documentPath: string): string | undefined {
  return LANGUAGE_BY_EXTENSION[path.extname(documentPath).toLowerCase()];
}

export const DOCUMENT_EXTENSIONS = Object.keys(LANGUAGE_BY_EXTENSION);

/** The files that landed (new and already there), in pick order: the page links them the same way. */
export function linkedFilesOf(summary: Pick<ImportSummary, 'imported' | 'reused'>): LinkedFile[] {
  return [...summary.imported, ...summary.reused].sort((a, b) => a.index - b.index).map(linkedFile);
}

function linkedFile(item: ImportedItem): LinkedFile {
  return {
    fsPath: item.path,
    kind: item.type === 'VIDEO' ? 'video' : 'photo',
    width: item.width,
    height: item.height,
    variants: item.variants?.map((v) => ({ width: v.width, fsPath: v.path })),
    posterPath: item.poster,
    facts: item.facts,
  };
}

/**
 * The text with its first line whose trimmed text is `marker` replaced by the links, each line indented as the
 * marker was, in the text's own line ending; undefined when no line is the marker.
 */
export function replaceMarkerLine(text: string, marker: string, links: string): string | undefined {
  // Each line keeps its own ending: only the marker's line changes.
  const lines = text.split(/(?<=\n)/);
  const at = lines.findIndex((line) => line.trim() === marker.trim());
  if (at < 0) return undefined;
  const eol = /\r?\n$/.exec(lines[at])?.[0] ?? '';
  const lineEnd = eol || (text.includes('\r\n') ? '\r\n' : '\n');
  const indent = /^[ \t]*/.exec(lines[at])?.[0] ?? '';
  const replacement = links
    .split('\n')
    .map((line) => (line ? indent + line : line))
    .join(lineEnd);
  return [...lines.slice(0, at), replacement + eol, ...lines.slice(at + 1)].join('');
}

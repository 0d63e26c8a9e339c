/**
 * Links as a snippet: each link's alt text a placeholder (Tab walks from one to the next, its text selected to type
 * over), everything else inserted verbatim. Pure: the text of a VS Code SnippetString.
 */
import { type LinkedFile, type LinkSettings, type LinkTarget, linkSeparator, makeLink } from './links';

/** Private-use characters: no escaping rule of any markup changes them, and no file name has them around a number. */
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const MARK = /\uE000(\d+)\uE001/;

/**
 * The links as snippet text, or undefined when no link shows its alt text (LaTeX, Org, a template without ${alt}),
 * so the caller inserts plain text. Throws TemplateError as makeLinks does.
 */
export function makeLinksSnippet(files: readonly LinkedFile[], target: LinkTarget, settings: LinkSettings = {}): string | undefined {
  let placeholders = 0;
  const links = files.map((file, i) => {
    const plain = makeLink(file, target, settings, i + 1);
    const marked = makeLink(file, target, settings, i + 1, `${MARK_OPEN}${i}${MARK_CLOSE}`);
    const pieces = marked.split(MARK);
    // split keeps each captured number between the literal pieces: [text, n, text, n, text].
    const literals = pieces.filter((_, k) => k % 2 === 0);
    const occurrences = literals.length - 1;
    if (occurrences === 0) return escapeSnippetText(plain);
    // The alt text as the link writes it (escaped for its markup): what is left of the plain link besides the literals.
    const altLength = (plain.length - literals.join('').length) / occurrences;
    const shownAlt = plain.slice(literals[0].length, literals[0].length + altLength);
    // Written the same way at each place, or no placeholder for this link.
    if (!Number.isInteger(altLength) || literals.join(shownAlt) !== plain) return escapeSnippetText(plain);
    const tabStop = ++placeholders;
    // One tab stop for the link, repeated where the alt text is repeated: VS Code mirrors what is typed.
    return literals.map(escapeSnippetText).join(`\${${tabStop}:${escapeSnippetText(shownAlt)}}`);
  });
  return placeholders ? links.join(escapeSnippetText(linkSeparator(target.languageId))) : undefined;
}

/** Text a snippet inserts as it is (a placeholder's default text too): `$`, `}` and `\` are its syntax. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

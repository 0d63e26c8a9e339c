/**
 * Each language's built-in link markup, and the escaping that keeps any file name a working link in it: the text a
 * renderer reads must resolve to the file. Pure.
 */
import { escapeHtml } from '../util/html';
import { type HtmlLink, htmlImage, htmlVideo } from './htmlMarkup';

export const HTML_LIKE = new Set(['html', 'vue', 'svelte', 'astro', 'php']);

export type Values = { path: string; alt: string; width: string; height: string; fileName: string } & Pick<
  HtmlLink,
  'variants' | 'poster' | 'caption'
>;

export function builtIn(languageId: string, kind: 'photo' | 'video'): ((v: Values) => string) | undefined {
  const photo = kind === 'photo';
  switch (languageId) {
    case 'markdown':
      return photo
        ? (v) => `![${escapeMarkdownAlt(v.alt)}](${markdownDestination(v.path)})`
        : (v) => htmlVideo(v, { url: htmlUrl, videoTitle: true });
    case 'mdx':
      // Markdown's image has no srcset and no caption: with either, the JSX element.
      return photo
        ? (v) =>
            v.variants?.length || v.caption
              ? htmlImage(v, { url: htmlUrl, jsx: true })
              : `![${escapeMarkdownAlt(v.alt)}](${markdownDestination(v.path)})`
        : (v) => htmlVideo(v, { url: htmlUrl, videoTitle: true });
    case 'asciidoc':
      return photo ? (v) => `image::${asciidocTarget(v.path)}[${asciidocAlt(v.alt)}]` : (v) => `video::${asciidocTarget(v.path)}[]`;
    case 'restructuredtext':
      return photo ? (v) => `.. image:: ${rstUri(v.path)}\n   :alt: ${v.alt}` : (v) => `\`${rstText(v.alt)} <${rstUri(v.path)}>\`_`;
    case 'latex':
      return photo ? (v) => `\\includegraphics[width=\\linewidth]{${latexPath(v.path)}}` : (v) => `% video: ${v.path}`;
    case 'org':
      return (v) => `[[file:${orgLinkPath(v.path)}]]`;
    default:
      if (!HTML_LIKE.has(languageId)) return undefined;
      return photo ? (v) => htmlImage(v, { url: htmlUrl }) : (v) => htmlVideo(v, { url: htmlUrl });
  }
}

const encode = (c: string) => encodeURIComponent(c);
/** Whitespace other than the ASCII space (no-break, thin, ideographic ...), and control characters. */
const OTHER_SPACE = /[^\S ]|\p{Cc}/u.source;
const MARKDOWN_DESTINATION_UNSAFE = new RegExp(`[%#?\\\\\`&<>{}]|${OTHER_SPACE}`, 'gu');
const URL_UNSAFE = new RegExp(`[%#? "<>[\\]\\\\\`{}]|${OTHER_SPACE}`, 'gu');
const RST_URI_UNSAFE = new RegExp(`[%#?@\\\\\`<>]|${OTHER_SPACE}|_$`, 'gu');

/**
 * CommonMark (goldmark, markdown-it, pandoc): a destination with spaces or parentheses goes in <...>; % # ? are
 * encoded so the file is what loads; \ ` & < > and other spaces too, as they would escape, open a code span, start a
 * character reference or end the destination; { } as MDX reads them as an expression.
 */
function markdownDestination(linkPath: string): string {
  const encoded = linkPath.replace(MARKDOWN_DESTINATION_UNSAFE, encode);
  return /[ ()]/.test(encoded) ? `<${encoded}>` : encoded;
}

/** Characters that would open emphasis, a code span, a link, raw HTML, a reference, strikethrough or (MDX) an expression. */
function escapeMarkdownAlt(alt: string): string {
  return alt.replace(/[\\[\]`*_<>&~{}]/g, '\\$&');
}

/** A URL in an attribute: spaces and the characters that would end or change it are percent-encoded. */
function htmlUrl(linkPath: string): string {
  return escapeHtml(urlEncodeUnsafe(linkPath));
}

/** A backslash is a "/" to a browser; whitespace, control characters, ` { } are encoded for the markups around. */
function urlEncodeUnsafe(linkPath: string): string {
  return linkPath.replace(URL_UNSAFE, encode);
}

/** asciidoctor writes the target as it is: & would start a character reference, { an attribute reference. */
function asciidocTarget(linkPath: string): string {
  return urlEncodeUnsafe(linkPath).replace(/&/g, encode);
}

/**
 * asciidoctor's alt text: attribute references and its replacements ((C), ..., --, ', ->, &name;) escaped with a
 * backslash exactly where they would apply; quoted when a comma, = or quote would split it into attributes.
 */
function asciidocAlt(alt: string): string {
  const escaped = alt
    .replace(/\{(?=[\p{L}\p{N}_][\p{L}\p{N}_-]*\}|(?:set|counter2?):[^}]+\})/gu, '\\{')
    .replace(/\((?:C|R|TM)\)|\.\.\.|`'|->|=>|<-|<=|&(?=(?:[a-zA-Z][a-zA-Z]+\d{0,2}|#\d\d\d{0,4}|#x[\da-fA-F]{3,5});)/g, '\\$&')
    .replace(/(^| )--(?= |$)/g, '$1\\--')
    .replace(/([\p{L}\p{N}_])--(?=[\p{L}\p{N}_])/gu, '$1\\--')
    .replace(/([\p{L}\p{N}])'(?=\p{L})/gu, "$1\\'");
  return /[,="']|^\s|\s$|^$/.test(escaped) ? `"${escaped.replace(/"/g, '\\"')}"` : escaped;
}

/**
 * docutils removes unescaped whitespace from a URI (no-break and other spaces even when escaped), reads \ as an
 * escape, a name with @ as an e-mail address, and one ending in _ as a reference: those are escaped or encoded.
 */
function rstUri(linkPath: string): string {
  return linkPath.replace(RST_URI_UNSAFE, encode).replace(/ /g, '\\ ');
}

/** The text of a reStructuredText link: \ ` < > would end it or be read as markup; it cannot start or end with a space. */
function rstText(text: string): string {
  return text.trim().replace(/[\\`<>]/g, '\\$&');
}

/** Org escapes [ and ] in a link with a backslash, and doubles the backslashes before them or at the end. */
function orgLinkPath(linkPath: string): string {
  return linkPath.replace(
    /(\\*)([[\]]|$)/g,
    (_m, slashes: string, bracket: string) => `${slashes}${slashes}${bracket ? `\\${bracket}` : ''}`,
  );
}

/**
 * graphicx reads a plain path; one with spaces or TeX's special characters is read verbatim with \detokenize, except
 * # % \ { } ^, which cannot be written there: LaTeX's own string constants (\c_hash_str ...) stand for them.
 */
function latexPath(linkPath: string): string {
  if (!/[\s#$%&_{}~^\\]/.test(linkPath)) return linkPath;
  return linkPath
    .split(/([#%\\{}^])/)
    .map((part, i) => (i % 2 ? `\\csname c_${TEX_CHARACTER_NAMES[part]}_str\\endcsname` : part && `\\detokenize{${part}}`))
    .join('');
}

const TEX_CHARACTER_NAMES: Record<string, string> = {
  '#': 'hash',
  '%': 'percent',
  '\\': 'backslash',
  '{': 'left_brace',
  '}': 'right_brace',
  '^': 'circumflex',
};

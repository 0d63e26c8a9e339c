/**
 * Each language's built-in link markup, and the escaping that keeps any file name a working link in it: the text a
 * renderer reads must resolve to the file. Pure.
 */
import { escapeHtml } from '../util/html';
import { type HtmlLink, htmlImage, htmlVideo } from './htmlMarkup';

export const HTML_LIKE = new Set(['html', 'vue', 'svelte', 'astro', 'php']);

export type Values = { path: string; alt: string; width: string; height: string; fileName: string } & Pick<HtmlLink, 'variants' | 'poster' | 'caption'>;

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
        ? (v) => (v.variants?.length || v.caption ? htmlImage(v, { url: htmlUrl, jsx: true }) : `![${escapeMarkdownAlt(v.alt)}](${markdownDestination(v.path)})`)
        : (v) => htmlVideo(v, { url: htmlUrl, videoTitle: true });
    case 'asciidoc':
      return photo ? (v) => `image::${urlEncodeUnsafe(v.path)}[${v.alt.replace(/[\]]/g, '\\]')}]` : (v) => `video::${urlEncodeUnsafe(v.path)}[]`;
    case 'restructuredtext':
      return photo ? (v) => `.. image:: ${v.path.replace(/ /g, '\\ ')}\n   :alt: ${v.alt}` : (v) => `\`${v.alt} <${v.path}>\`_`;
    case 'latex':
      return photo ? (v) => `\\includegraphics[width=\\linewidth]{${latexPath(v.path)}}` : (v) => `% video: ${v.path}`;
    case 'org':
      return (v) => `[[file:${v.path.replace(/([[\]])/g, '\\$1')}]]`;
    default:
      if (!HTML_LIKE.has(languageId)) return undefined;
      return photo ? (v) => htmlImage(v, { url: htmlUrl }) : (v) => htmlVideo(v, { url: htmlUrl });
  }
}

/** CommonMark: a destination with spaces or parentheses goes in <...>; % # ? are encoded so the file is what loads. */
function markdownDestination(linkPath: string): string {
  const encoded = linkPath.replace(/[%#?]/g, (c) => encodeURIComponent(c));
  return /[\s()<>]/.test(encoded) ? `<${encoded.replace(/[<>]/g, (c) => encodeURIComponent(c))}>` : encoded;
}

function escapeMarkdownAlt(alt: string): string {
  return alt.replace(/([\\[\]])/g, '\\$1');
}

/** A URL in an attribute: spaces and the characters that would end or change it are percent-encoded. */
function htmlUrl(linkPath: string): string {
  return escapeHtml(urlEncodeUnsafe(linkPath));
}

function urlEncodeUnsafe(linkPath: string): string {
  return linkPath.replace(/[%#? "<>[\]]/g, (c) => encodeURIComponent(c));
}

/** graphicx reads a plain path; one with spaces or TeX's special characters is read verbatim with \detokenize. */
function latexPath(linkPath: string): string {
  return /[\s#$%&_{}~^\\]/.test(linkPath) ? `\\detokenize{${linkPath}}` : linkPath;
}

/**
 * The HTML elements a page-ready link is made of: `<img>` with its responsive sizes (srcset and sizes), `<video>`
 * with its poster still, and a `<figure>` with a `<figcaption>` when there is a caption. Pure; the URL escaping of
 * each path is the caller's (markup.ts), so one rule decides how a path is written.
 */
import { escapeHtml } from '../util/html';

/** One copy of a photo at a width: the main file and each responsive size. */
export interface SizedPath {
  path: string;
  width: number;
}

export interface HtmlLink {
  path: string;
  alt: string;
  width: string;
  height: string;
  /** Smaller copies of the photo, narrowest first (responsive sizes). */
  variants?: readonly SizedPath[];
  /** A video's still, as a link path. */
  poster?: string;
  /** The caption's text (unescaped): the link becomes a figure. */
  caption?: string;
}

export interface HtmlStyle {
  /** An attribute's URL, escaped for the attribute (markup.ts's rule). */
  url: (linkPath: string) => string;
  /** JSX (MDX) closes empty elements: `<img ... />`. */
  jsx?: boolean;
  /** A `title` on the video (the Markdown form, where the video has no other text). */
  videoTitle?: boolean;
}

export function htmlImage(link: HtmlLink, style: HtmlStyle): string {
  const sources = srcsetCandidates(link);
  const attributes = [`src="${style.url(link.path)}"`];
  if (sources.length) {
    attributes.push(`${style.jsx ? 'srcSet' : 'srcset'}="${sources.map((s) => `${srcsetUrl(s.path, style.url)} ${s.width}w`).join(', ')}"`);
    attributes.push(`sizes="${sizesFor(sources)}"`);
  }
  attributes.push(`alt="${escapeText(link.alt)}"`);
  if (link.width) attributes.push(`width="${link.width}"`);
  if (link.height) attributes.push(`height="${link.height}"`);
  return withCaption(`<img ${attributes.join(' ')}${style.jsx ? ' />' : '>'}`, link.caption);
}

export function htmlVideo(link: HtmlLink, style: HtmlStyle): string {
  const poster = link.poster ? ` poster="${style.url(link.poster)}"` : '';
  const title = style.videoTitle ? ` title="${escapeText(link.alt)}"` : '';
  return withCaption(`<video controls${poster} src="${style.url(link.path)}"${title}></video>`, link.caption);
}

/**
 * The srcset's candidates, narrowest first: each responsive size, then the main file at its own width (left out when
 * its width is unknown, since every candidate needs one). Empty without responsive sizes.
 */
export function srcsetCandidates(link: Pick<HtmlLink, 'path' | 'width' | 'variants'>): SizedPath[] {
  if (!link.variants?.length) return [];
  const main = Number(link.width);
  const smaller = link.variants.filter((v) => !(main > 0) || v.width < main);
  return main > 0 ? [...smaller, { path: link.path, width: main }] : smaller;
}

/** Full width on a screen narrower than the photo, the photo's own width beyond: what a page column does. */
export function sizesFor(sources: readonly SizedPath[]): string {
  const widest = Math.max(...sources.map((s) => s.width));
  return `(max-width: ${widest}px) 100vw, ${widest}px`;
}

/** A srcset splits candidates at whitespace and commas: a path keeps neither. */
export function srcsetUrl(linkPath: string, url: (p: string) => string = (p) => p): string {
  return url(linkPath).replace(/[\s,]/g, (c) => encodeURIComponent(c));
}

/** Text in content or a quoted attribute; braces as references too, since Svelte, Astro and MDX read `{` as code. */
function escapeText(text: string): string {
  return escapeHtml(text).replace(/[{}]/g, (c) => (c === '{' ? '&#123;' : '&#125;'));
}

function withCaption(element: string, caption: string | undefined): string {
  return caption ? `<figure>${element}<figcaption>${escapeText(caption)}</figcaption></figure>` : element;
}

/**
 * The links an import writes into the page: which markup for which language, which path (document-relative, or
 * site-root under a link root), which alt text. Pure: paths in, text out; no vscode, no file system.
 */
import * as path from 'node:path';
import { FACT_VARIABLES, type MediaFacts } from './facts';
import { srcsetCandidates, srcsetUrl, sizesFor } from './htmlMarkup';
import { builtIn } from './markup';
import { checkTemplate, expandTemplate, TemplateError } from './template';

export interface LinkedFile {
  /** Where the file is on disk (absolute, in the OS's own form). */
  fsPath: string;
  kind: 'photo' | 'video';
  width?: number;
  height?: number;
  /** Smaller copies of a photo (responsive sizes), narrowest first. */
  variants?: { width: number; fsPath: string }[];
  /** A video's still, absolute like fsPath. */
  posterPath?: string;
  /** The photo's facts (facts.ts), as template values. */
  facts?: MediaFacts;
}

export interface LinkSettings {
  /** googlePhotosImport.linkTemplates: languageId -> template, or { photo, video } templates. */
  templates?: Record<string, string | { photo?: string; video?: string }>;
  /** googlePhotosImport.altText, e.g. "${title}". */
  altText?: string;
  /** googlePhotosImport.captionText: when it gives text, HTML-like links are figures with this caption. */
  captionText?: string;
  /** The link root's absolute path (e.g. <folder>/static): files under it get site-root links ("/images/a.jpg"). */
  linkRoot?: string;
}

export interface LinkTarget {
  languageId: string;
  /** The document's absolute path: links are relative to its folder. */
  documentPath: string;
}

export const DEFAULT_ALT_TEXT = '${title}';
const BLOCK_LANGUAGES = new Set(['asciidoc', 'restructuredtext', 'latex']);

/** Variables of the alt-text and caption templates: the file's name, its place in the pick, the photo's facts. */
export const TEXT_VARIABLES = ['fileName', 'fileStem', 'title', 'index', ...FACT_VARIABLES] as const;
/** Variables of the link templates (width and height are the file's pixels, else Google's). */
export const LINK_VARIABLES = ['path', 'alt', 'caption', 'fileName', 'srcset', 'sizes', 'poster', ...FACT_VARIABLES] as const;

/** Whether links can be written for this language (built in, or a template in the settings). */
export function hasLinkFormat(languageId: string, settings: LinkSettings = {}): boolean {
  return Boolean(settings.templates?.[languageId]) || builtIn(languageId, 'photo') !== undefined;
}

/** Throws the TemplateError a link would, for any template of the settings: said before an import starts. */
export function checkLinkSettings(settings: LinkSettings): void {
  if (settings.altText !== undefined) checkTemplate(settings.altText, TEXT_VARIABLES, 'googlePhotosImport.altText');
  if (settings.captionText !== undefined) checkTemplate(settings.captionText, TEXT_VARIABLES, 'googlePhotosImport.captionText');
  for (const entry of Object.values(settings.templates ?? {})) {
    const templates = typeof entry === 'string' ? [entry] : [entry?.photo, entry?.video];
    for (const template of templates)
      if (typeof template === 'string') checkTemplate(template, LINK_VARIABLES, 'googlePhotosImport.linkTemplates');
  }
}

/**
 * The text for these files in the target's markup, one link per file in the given order (block formats separated by
 * a blank line). Throws TemplateError naming an unknown variable of a template from the settings.
 */
export function makeLinks(files: readonly LinkedFile[], target: LinkTarget, settings: LinkSettings = {}): string {
  return files.map((file, i) => makeLink(file, target, settings, i + 1)).join(linkSeparator(target.languageId));
}

export function linkSeparator(languageId: string): string {
  return BLOCK_LANGUAGES.has(languageId) ? '\n\n' : '\n';
}

/** `altOverride` stands in for the alt text wherever the link shows it (linkSnippet.ts finds it there). */
export function makeLink(file: LinkedFile, target: LinkTarget, settings: LinkSettings = {}, index = 1, altOverride?: string): string {
  const p = pathApiFor(target.documentPath);
  const linkPathOf = (fsPath: string) => linkPathFor(p, fsPath, target.documentPath, settings.linkRoot);
  const linkPath = linkPathOf(file.fsPath);
  const fileName = p.basename(file.fsPath);
  const facts = { ...emptyFacts(), ...file.facts };
  const width = file.width ? String(file.width) : facts.width;
  const height = file.height ? String(file.height) : facts.height;
  const textValues = { ...facts, ...fileValues(fileName, index) };
  const alt = altOverride ?? expandTemplate(settings.altText ?? DEFAULT_ALT_TEXT, textValues, 'googlePhotosImport.altText');
  const caption = settings.captionText ? expandTemplate(settings.captionText, textValues, 'googlePhotosImport.captionText') : '';
  const variants = file.kind === 'photo' ? file.variants?.map((v) => ({ width: v.width, path: linkPathOf(v.fsPath) })) : undefined;
  const poster = file.kind === 'video' && file.posterPath ? linkPathOf(file.posterPath) : undefined;
  const custom = settings.templates?.[target.languageId];
  const template = typeof custom === 'string' ? custom : custom?.[file.kind];
  if (template) {
    const sources = srcsetCandidates({ path: linkPath, width, variants });
    const values = {
      ...facts,
      path: linkPath,
      alt,
      caption,
      width,
      height,
      fileName,
      poster: poster ?? '',
      srcset: sources.map((s) => `${srcsetUrl(s.path)} ${s.width}w`).join(', '),
      sizes: sources.length ? sizesFor(sources) : '',
    };
    return expandTemplate(template, values, 'googlePhotosImport.linkTemplates');
  }
  const format = builtIn(target.languageId, file.kind);
  if (!format) throw new TemplateError(`No link format for the language "${target.languageId}".`);
  return format({ path: linkPath, alt, width, height, fileName, variants, poster, caption: caption || undefined });
}

/** The alt text: the template with ${fileName}, ${fileStem}, ${title} (the stem with - and _ as spaces), ${index}, and the facts. */
export function altTextFor(fileName: string, index: number, template = DEFAULT_ALT_TEXT, facts: Partial<MediaFacts> = {}): string {
  return expandTemplate(template, { ...emptyFacts(), ...facts, ...fileValues(fileName, index) }, 'googlePhotosImport.altText');
}

function fileValues(fileName: string, index: number): Record<'fileName' | 'fileStem' | 'title' | 'index', string> {
  const dot = fileName.lastIndexOf('.');
  const fileStem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const title = fileStem.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return { fileName, fileStem, title, index: String(index) };
}

/** Facts Google did not give are empty text, so a template that names them still expands. */
function emptyFacts(): MediaFacts {
  return Object.fromEntries(FACT_VARIABLES.map((name) => [name, ''])) as MediaFacts;
}

/** Windows paths ("C:\..." or "\\server\...") are handled with win32 rules wherever this runs. */
function pathApiFor(documentPath: string): path.PlatformPath {
  return /^[a-zA-Z]:[\\/]|^\\\\/.test(documentPath) ? path.win32 : path.posix;
}

/** Site-root when the file is under the link root, else relative to the document's folder; "/" separators. */
function linkPathFor(p: path.PlatformPath, file: string, documentPath: string, linkRoot: string | undefined): string {
  if (linkRoot) {
    const underRoot = p.relative(linkRoot, file);
    if (underRoot && !underRoot.startsWith('..') && !p.isAbsolute(underRoot)) return `/${toSlashes(p, underRoot)}`;
  }
  const relative = toSlashes(p, p.relative(p.dirname(documentPath), file));
  // "a:b.jpg" would be read as a URL with the scheme "a": "./" keeps it a path.
  return /^[^/]*:/.test(relative) ? `./${relative}` : relative;
}

/** Windows separators become "/"; on POSIX a backslash is part of a file name and stays. */
function toSlashes(p: path.PlatformPath, value: string): string {
  return p === path.win32 ? value.split(/[\\/]/).join('/') : value;
}

/**
 * The links an import writes into the page: which markup for which language, which path (document-relative, or
 * site-root under a link root), which alt text. Pure: paths in, text out; no vscode, no file system.
 */
import * as path from 'node:path';
import type { MediaFacts } from './facts';
import { builtIn } from './markup';
import { expandTemplate, TemplateError } from './template';

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

/** Whether links can be written for this language (built in, or a template in the settings). */
export function hasLinkFormat(languageId: string, settings: LinkSettings = {}): boolean {
  return Boolean(settings.templates?.[languageId]) || builtIn(languageId, 'photo') !== undefined;
}

/**
 * The text for these files in the target's markup, one link per file in the given order (block formats separated by
 * a blank line). Throws TemplateError naming an unknown variable of a template from the settings.
 */
export function makeLinks(files: readonly LinkedFile[], target: LinkTarget, settings: LinkSettings = {}): string {
  const separator = BLOCK_LANGUAGES.has(target.languageId) ? '\n\n' : '\n';
  return files.map((file, i) => makeLink(file, target, settings, i + 1)).join(separator);
}

export function makeLink(file: LinkedFile, target: LinkTarget, settings: LinkSettings = {}, index = 1): string {
  const p = pathApiFor(target.documentPath);
  const linkPath = linkPathFor(p, file.fsPath, target.documentPath, settings.linkRoot);
  const fileName = p.basename(file.fsPath);
  const alt = altTextFor(fileName, index, settings.altText);
  const values = { path: linkPath, alt, width: file.width ? String(file.width) : '', height: file.height ? String(file.height) : '', fileName };
  const custom = settings.templates?.[target.languageId];
  const template = typeof custom === 'string' ? custom : custom?.[file.kind];
  if (template) return expandTemplate(template, values, 'googlePhotosImport.linkTemplates');
  const format = builtIn(target.languageId, file.kind);
  if (!format) throw new TemplateError(`No link format for the language "${target.languageId}".`);
  return format(values);
}

/** The alt text: the template with ${fileName}, ${fileStem}, ${title} (the stem with - and _ as spaces), ${index}. */
export function altTextFor(fileName: string, index: number, template = DEFAULT_ALT_TEXT): string {
  const dot = fileName.lastIndexOf('.');
  const fileStem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const title = fileStem.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return expandTemplate(template, { fileName, fileStem, title, index: String(index) }, 'googlePhotosImport.altText');
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

/** The CLI's words: usage text and argument parsing (apart from printing and running). */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_FILE_BYTES } from '../defaults';
import type { SignInFlow } from '../auth/flowChoice';
import { TEXT_VARIABLES } from '../workflow/links';
import { checkFileNameTemplate, DEFAULT_FILE_NAME, type ImageSize, parseImageSize } from '../workflow/placement';
import { MAX_RESPONSIVE_WIDTHS, parseResponsiveWidths } from '../workflow/responsive';
import { checkTemplate, TemplateError } from '../workflow/template';
import { DOCUMENT_EXTENSIONS, languageOfDocument } from './documentLinks';

export const USAGE = `Usage: google-photos-import import --dest DIR [options]

Pick photos in Google Photos (on your phone or in a browser) and download them into DIR.

Options:
  --dest DIR          where the files go (default: ./assets); may use \${createYear},
                      \${createMonth}, \${createDay} (the item's creation date, UTC). A relative
                      DIR must stay inside the working folder (a symbolic link leading out of it
                      is refused); give an absolute path to import anywhere else
  --name TEMPLATE     file names (default \${fileName}); variables: \${fileName}, \${fileStem},
                      \${fileExt}, \${createDate}, \${createDateTime}, \${index}, and the photo's
                      facts from Google (empty when it gives none): \${cameraMake}, \${cameraModel},
                      \${width}, \${height}, \${focalLength}, \${aperture}, \${iso}, \${exposureTime}
                      (also in --dest)
  --size SIZE         original (default), web (fits 2048x2048) or WIDTHxHEIGHT, such as 1600x1200;
                      Google resizes photos (Exif is not kept), videos are always the original
  --widths W,W        also ask Google for each photo at these widths (up to ${MAX_RESPONSIVE_WIDTHS}), such as
                      480,1024, written beside it as NAME-480w.jpg; none at or above the photo's
                      own width (never enlarged)
  --posters           also write a still of each video beside it, as NAME.poster.jpg
  --no-skip-duplicates
                      download again items the folder's .google-photos-import.json shows are there
  --max-items N       at most N items may be picked (1-2000)
  --max-file-mb N     refuse a file larger than N MB (default ${DEFAULT_MAX_FILE_BYTES / 1024 ** 2}, Google Photos' limit for a video)
  --concurrency N     downloads at once (default ${DEFAULT_CONCURRENCY})
  --sign-in FLOW      loopback (the browser comes back to this computer), device-code (a code to
                      enter on any device; needs a "TVs and Limited Input devices" client) or paste
                      (sign in in any browser, paste the address it ends on). Over SSH the default
                      is device-code, then paste if Google refuses a device code for the client
  --links-for DOC     print the links to the files for DOC's markup (by its extension: .md, .mdx,
                      .html, .vue, .svelte, .astro, .php, .adoc, .rst, .tex, .org), relative to
                      DOC; stdout carries the links alone (with --json: the summary's "links")
  --link-root DIR     the folder the site serves at / (Hugo's static, Astro's public): files in
                      it are linked from the site root (/images/a.jpg)
  --alt TEMPLATE      the links' alt text (default \${title}); variables: \${title}, \${fileStem},
                      \${fileName}, \${index}, and the photo's facts: \${cameraMake}, \${cameraModel},
                      \${width}, \${height}, \${focalLength}, \${aperture}, \${iso}, \${exposureTime}
  --caption TEMPLATE  a caption (variables as --alt): HTML-like links become a <figure>
  --insert-at MARKER  write the links into DOC in place of its first line that reads MARKER (such
                      as <!-- photos -->); DOC is left alone if it changed while you picked
  --json              print one JSON summary on stdout (progress stays on stderr)
  --emulator          use the built-in Google emulator (no Google account needed)
  --verbose           log every API request (method, path, status) to stderr
  -h, --help          show this help

Environment:
  GOOGLE_PHOTOS_PICKER_API     Picker API base URL (default https://photospicker.googleapis.com)
  GOOGLE_PHOTOS_ACCESS_TOKEN   use this access token instead of signing in
  GOOGLE_PHOTOS_CLIENT_ID      OAuth "Desktop app" client ID, for signing in (default: the
                               client built into this build, if it has one)
  GOOGLE_PHOTOS_CLIENT_SECRET  that client's secret`;

export interface CliOptions {
  dest: string;
  fileName: string;
  imageSize: ImageSize;
  responsiveWidths: number[];
  videoPosters: boolean;
  skipDuplicates: boolean;
  maxItems?: number;
  maxFileBytes: number;
  concurrency: number;
  json: boolean;
  emulator: boolean;
  verbose: boolean;
  signIn?: SignInFlow;
  links?: CliLinkOptions;
}

/** --links-for and the options that shape its links. */
export interface CliLinkOptions {
  /** The document's absolute path. */
  documentPath: string;
  languageId: string;
  linkRoot?: string;
  altText?: string;
  captionText?: string;
  insertAt?: string;
}

class UsageError extends Error {}

export function parseCli(argv: string[]): { command?: string; options: CliOptions; help: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dest: { type: 'string' },
      name: { type: 'string' },
      size: { type: 'string' },
      widths: { type: 'string' },
      posters: { type: 'boolean', default: false },
      'no-skip-duplicates': { type: 'boolean', default: false },
      'max-items': { type: 'string' },
      'max-file-mb': { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean', default: false },
      'sign-in': { type: 'string' },
      emulator: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'links-for': { type: 'string' },
      'link-root': { type: 'string' },
      alt: { type: 'string' },
      caption: { type: 'string' },
      'insert-at': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    command: positionals[0],
    help: Boolean(values.help),
    options: {
      dest: values.dest ?? 'assets',
      fileName: fileNameTemplate(values.name),
      imageSize: usage(() => parseImageSize(values.size)),
      responsiveWidths: usage(() => parseResponsiveWidths(values.widths, '--widths')),
      videoPosters: Boolean(values.posters),
      skipDuplicates: !values['no-skip-duplicates'],
      maxItems: values['max-items'] === undefined ? undefined : wholeNumber('--max-items', values['max-items'], 1, 2000),
      maxFileBytes:
        values['max-file-mb'] === undefined
          ? DEFAULT_MAX_FILE_BYTES
          : wholeNumber('--max-file-mb', values['max-file-mb'], 1, 1024 * 1024) * 1024 ** 2,
      concurrency: values.concurrency === undefined ? DEFAULT_CONCURRENCY : wholeNumber('--concurrency', values.concurrency, 1, 16),
      json: Boolean(values.json),
      emulator: Boolean(values.emulator),
      verbose: Boolean(values.verbose),
      signIn: signInFlow(values['sign-in']),
      links: linkOptions(values['links-for'], {
        linkRoot: values['link-root'],
        altText: values.alt,
        captionText: values.caption,
        insertAt: values['insert-at'],
      }),
    },
  };
}

function linkOptions(
  documentPath: string | undefined,
  shaping: Omit<CliLinkOptions, 'documentPath' | 'languageId'>,
): CliLinkOptions | undefined {
  if (documentPath === undefined) {
    const flag = Object.entries({
      '--link-root': shaping.linkRoot,
      '--alt': shaping.altText,
      '--caption': shaping.captionText,
      '--insert-at': shaping.insertAt,
    }).find(([, v]) => v !== undefined)?.[0];
    if (flag) throw new UsageError(`${flag} shapes the links of --links-for DOC: give the document too.`);
    return undefined;
  }
  const languageId = languageOfDocument(documentPath);
  if (!languageId)
    throw new UsageError(
      `--links-for: no link format for "${path.basename(documentPath)}"; the document's name ends in one of ${DOCUMENT_EXTENSIONS.join(', ')}.`,
    );
  if (shaping.insertAt !== undefined && !shaping.insertAt.trim())
    throw new UsageError('--insert-at takes the text of a line of the document, such as "<!-- photos -->", not an empty one.');
  if (shaping.altText !== undefined) usage(() => checkTemplate(shaping.altText as string, TEXT_VARIABLES, '--alt'));
  if (shaping.captionText !== undefined) usage(() => checkTemplate(shaping.captionText as string, TEXT_VARIABLES, '--caption'));
  return {
    documentPath: path.resolve(documentPath),
    languageId,
    ...shaping,
    linkRoot: shaping.linkRoot === undefined ? undefined : path.resolve(shaping.linkRoot),
  };
}

function signInFlow(text: string | undefined): SignInFlow | undefined {
  if (text === undefined || text === 'loopback' || text === 'device-code' || text === 'paste') return text;
  throw new UsageError(`--sign-in takes loopback, device-code or paste, not "${text}".`);
}

function fileNameTemplate(text: string | undefined): string {
  const template = text ?? DEFAULT_FILE_NAME;
  usage(() => checkFileNameTemplate(template));
  return template;
}

/** A bad template or size is a usage error (with the help hint), said before anything starts. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof TemplateError) throw new UsageError(err.message);
    throw err;
  }
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not "${text}".`);
  return n;
}

/**
 * Where --dest points, and what it must stay inside after symlinks are resolved: a relative --dest (the default
 * `assets` too) stays in the working folder, as VS Code keeps a destination in its workspace folder, so a committed
 * `assets -> /elsewhere` link cannot carry the files out; an absolute one is the user's explicit choice.
 */
export function destinationOf(dest: string, workingFolder: string): { destDir: string; destRoot?: string } {
  return path.isAbsolute(dest) ? { destDir: dest } : { destDir: path.resolve(workingFolder, dest), destRoot: workingFolder };
}

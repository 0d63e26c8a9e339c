/**
 * What a browser reads from a rendered page: each image, video or link's source resolved against the page's folder
 * and percent-decoded into a file path, and its alt text (or title, or link text) with character references decoded.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface RenderedSource {
  tag: string;
  /** The attribute as written in the page, after character references. */
  src: string;
  /** The file it resolves to, or why it resolves to none. */
  file: string;
  alt?: string;
}

const TAG = /<(img|video|a)\b((?:[^>"']|"[^"]*"|'[^']*')*)>([^<]*)/gi;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;

/** The sources in page order: img src, video src and a href (other than in-page anchors), resolved from folder. */
export function renderedSources(html: string, folder: string): RenderedSource[] {
  const sources: RenderedSource[] = [];
  for (const [, tag, attributeText, text] of html.matchAll(TAG)) {
    const attributes = new Map<string, string>();
    for (const [, name, a, b, c] of attributeText.matchAll(ATTRIBUTE)) attributes.set(name.toLowerCase(), decodeReferences(a ?? b ?? c));
    const lower = tag.toLowerCase();
    const src = attributes.get(lower === 'a' ? 'href' : 'src');
    if (src === undefined || src.startsWith('#')) continue;
    const alt = lower === 'img' ? attributes.get('alt') : lower === 'video' ? attributes.get('title') : decodeReferences(text);
    sources.push({ tag: lower, src, file: resolveAsBrowser(src, folder), alt });
  }
  return sources;
}

/** As a browser resolves a relative URL against the page's address, and a file: URL names a file. */
export function resolveAsBrowser(src: string, folder: string): string {
  try {
    return fileURLToPath(new URL(src, pathToFileURL(folder + path.sep)));
  } catch (e) {
    return `(no file: ${(e as Error).message})`;
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', thinsp: '\u2009', copy: '©' };

export function decodeReferences(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#')
      return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    const named = NAMED[ref.toLowerCase()];
    if (named === undefined) throw new Error(`A character reference the test does not know: ${whole}`);
    return named;
  });
}

/** Whether a command runs here (its --version answers). */
export function installed(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** Runs a renderer, failing with its stderr when it fails; its stdout. */
export function run(command: string, args: string[], cwd: string, input?: string, env?: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}\n${result.stdout.slice(-3000)}`);
  return result.stdout;
}

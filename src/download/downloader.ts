import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { AccessTokenSource } from '../util/accessToken';
import { DEFAULT_MAX_FILE_BYTES } from '../defaults';
import { CancelledError, isAbortError } from '../util/abort';
import { withRetries } from '../util/retry';
import { isAllowedMediaUrl } from '../trustedUrl';
import { type BodySink, FileWriter } from './storage/fileWriter';
import type { MediaGet, MediaResponse } from './transport/mediaTransport';
import type { DownloadPlan } from './downloadPlan';
import { NameReservations, withExtensionFor } from '../workflow/naming';
import { parseRetryAfter } from '../util/retryAfter';
import { isUntrustedCertificate, untrustedCertificateMessage } from '../util/networkError';
import { describeWriteError, DownloadError, formatBytes, hostOf, isMediaType, RateLimitedError } from './downloadErrors';

export interface DownloadOptions {
  destDir: string;
  tokens: AccessTokenSource;
  /** Origins besides *.googleusercontent.com allowed to receive the token (the configured test endpoint). */
  trustedTestOrigins: readonly string[];
  names: NameReservations;
  signal?: AbortSignal;
  /** The HTTP GET for media (an import's UndiciMedia; tests may wrap it). */
  get: MediaGet;
  /** Extra attempts after a 5xx or network error. */
  maxRetries?: number;
  /** The first backoff after a failed try; each later one doubles (jittered). */
  retryBaseDelayMs?: number;
  /** The backoff's jitter source, in [0, 1) (default Math.random). */
  random?: () => number;
  onBytes?: (bytes: number) => void;
  /** Largest file accepted (default DEFAULT_MAX_FILE_BYTES): a host that sends without end is stopped there. */
  maxFileBytes?: number;
  /** Take the file's sha256 while it is written (for the folder index). */
  sha256?: boolean;
  /** Accept only an image/* answer (a smaller copy of a photo, a video's still). */
  imagesOnly?: boolean;
}

export interface DownloadedFile {
  path: string;
  fileName: string;
  bytes: number;
  /** The type the bytes came as (a resized photo is a JPEG whatever it was). */
  mimeType?: string;
  /** When asked for with `sha256`. */
  sha256?: string;
}

export { DownloadError, RateLimitedError };

const TEMP_SUFFIX = '.gpi-part';
const MAX_REDIRECTS = 5;

/**
 * Streams one item into a temporary file inside destDir and, once every byte is there, links it into place under a
 * name that no existing file has. A failure or cancellation removes the temporary file: nothing partial remains.
 */
export async function downloadToFile(plan: Extract<DownloadPlan, { kind: 'download' }>, options: DownloadOptions): Promise<DownloadedFile> {
  // As patient as the API calls (three retries): a short burst of 5xx must not cost the user a new pick on the phone.
  return withRetries(
    () => downloadOnce(plan, options),
    (err) => (err instanceof DownloadError && err.retryable ? 'backoff' : 'give-up'),
    {
      maxRetries: options.maxRetries ?? 3,
      baseDelayMs: options.retryBaseDelayMs ?? 1000,
      random: options.random,
      signal: options.signal,
    },
  );
}

async function downloadOnce(plan: Extract<DownloadPlan, { kind: 'download' }>, options: DownloadOptions): Promise<DownloadedFile> {
  const response = await fetchMedia(plan.url, options);
  const contentType = (response.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!isMediaType(contentType) || (options.imagesOnly && !contentType.startsWith('image/'))) {
    response.discard();
    // A sign-in or error page answered with 200 is not a photo: nothing is written.
    throw new DownloadError(
      `Google's media host answered "${plan.fileName}" with ${contentType || 'no content type'}, ${options.imagesOnly ? 'not an image' : 'not an image or a video'}; nothing was saved`,
    );
  }
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const tooLarge = () =>
    new DownloadError(`"${plan.fileName}" is larger than the ${formatBytes(limit)} limit for one file; nothing was saved`);
  if (Number(response.header('content-length')) > limit) {
    response.discard();
    throw tooLarge();
  }
  const tempPath = path.join(options.destDir, `.${randomBytes(8).toString('hex')}${TEMP_SUFFIX}`);
  // The bytes decide the extension: IMG_1.HEIC asked for at web size arrives as a JPEG and is saved as IMG_1.jpg.
  const fileName = withExtensionFor(plan.fileName, contentType);
  let writer: FileWriter | undefined;
  try {
    const file = (writer = await FileWriter.create(tempPath, { sha256: options.sha256 ?? false }));
    let bytes = 0;
    const counted: BodySink = {
      write: (chunk, start, end) => {
        bytes += end - start;
        options.onBytes?.(end - start);
        if (bytes > limit) throw tooLarge(); // no Content-Length, or one that lied
        return file.write(chunk, start, end);
      },
      drained: () => file.drained(),
    };
    await response.readBody(counted);
    const { sha256 } = await file.finish();
    const expected = Number(response.header('content-length') ?? NaN);
    if (!Number.isNaN(expected) && bytes !== expected)
      throw new DownloadError(`the download of "${plan.fileName}" was cut short (${bytes} of ${expected} bytes)`, true);
    if (bytes === 0) throw new DownloadError(`Google sent no bytes for "${plan.fileName}"`, true);
    const finalPath = await placeWithoutOverwriting(tempPath, fileName, options);
    const mimeType = /^(image|video)\//.test(contentType) ? contentType : plan.mimeType;
    return { path: finalPath, fileName: path.basename(finalPath), bytes, mimeType, sha256 };
  } catch (err) {
    response.discard(); // the body, when the file could not even be made
    await writer?.abort();
    throw describeWriteError(err, plan.fileName, options);
  } finally {
    await fs.rm(tempPath, { force: true }).catch(() => undefined);
  }
}

/** GETs the media URL, following redirects by hand so that the token goes only to allowed hosts. */
async function fetchMedia(url: string, options: DownloadOptions): Promise<MediaResponse> {
  if (!isAllowedMediaUrl(url, options.trustedTestOrigins)) {
    throw new DownloadError(
      `refused to send your Google token to ${hostOf(url)}: media may come only from Google's media host (*.googleusercontent.com)`,
    );
  }
  let current = url;
  let refreshed = false;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const withToken = isAllowedMediaUrl(current, options.trustedTestOrigins);
    const headers: Record<string, string> = {};
    if (withToken) headers.Authorization = `Bearer ${await options.tokens.getAccessToken(options.signal)}`;
    let response: MediaResponse;
    try {
      response = await options.get(current, headers, options.signal);
    } catch (err) {
      if (isAbortError(err) || options.signal?.aborted) throw new CancelledError();
      const { code, message } = err as NodeJS.ErrnoException;
      // A certificate refused is refused again: not worth another try.
      if (isUntrustedCertificate(code)) throw new DownloadError(untrustedCertificateMessage(hostOf(current), message, code));
      // A proxy that refuses (407, 403) refuses again: only its own trouble (5xx) is worth another try.
      const proxyStatus = (err as { proxyStatus?: number }).proxyStatus;
      throw new DownloadError(`could not reach ${hostOf(current)} (${message})`, !proxyStatus || proxyStatus >= 500);
    }
    const location = response.header('location');
    if (response.status >= 300 && response.status < 400 && location) {
      response.discard();
      const next = new URL(location, current);
      // Plain http (or any other scheme) could be read or changed on the way: only https, or the configured test origin.
      if (next.protocol !== 'https:' && !options.trustedTestOrigins.includes(next.origin)) {
        throw new DownloadError(
          `refused to follow a redirect from ${hostOf(current)} to ${next.protocol.replace(':', '')}://${next.host}: media is fetched over https only`,
        );
      }
      current = next.toString();
      continue;
    }
    if (response.status === 401 && withToken && !refreshed) {
      response.discard();
      refreshed = true;
      await options.tokens.refreshAccessToken(options.signal);
      hop--;
      continue;
    }
    if (response.status < 200 || response.status >= 300) {
      response.discard();
      if (response.status === 429) throw new RateLimitedError(hostOf(current), parseRetryAfter(response.header('retry-after')));
      throw new DownloadError(
        `${hostOf(current)} answered ${response.status} ${response.statusText}`.trim(),
        response.status >= 500,
        response.status,
      );
    }
    return response;
  }
  throw new DownloadError(`too many redirects while downloading from ${hostOf(url)}`);
}

/**
 * Moves the finished temp file to a free name. A hard link fails with EEXIST instead of replacing a file that
 * appeared meanwhile (rename would silently overwrite it); where links are not supported, an exclusive copy.
 */
async function placeWithoutOverwriting(tempPath: string, fileName: string, options: DownloadOptions): Promise<string> {
  const destDir = path.resolve(options.destDir);
  for (;;) {
    const name = await options.names.reserve(fileName, async (candidate) => !(await exists(path.join(destDir, candidate))));
    const finalPath = path.join(destDir, name);
    if (path.dirname(finalPath) !== destDir) throw new DownloadError(`refused to write "${name}" outside ${destDir}`);
    try {
      await fs.link(tempPath, finalPath);
      return finalPath;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue; // taken by someone else since the check: the reservation stays, try the next
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS' && code !== 'EMLINK') throw err;
    }
    try {
      await fs.copyFile(tempPath, finalPath, fsConstants.COPYFILE_EXCL);
      return finalPath;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

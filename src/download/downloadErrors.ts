/** How a download fails, in words the user reads: the errors, and the small formatting they share. */
import { CancelledError, isAbortError } from '../util/abort';
import { ERROR_CODES, type ErrorCode } from '../util/errorCodes';

export class DownloadError extends Error {
  readonly code: ErrorCode = ERROR_CODES.download;
  /** `httpStatus`: the media host's answer, when the download failed on one. */
  constructor(
    message: string,
    readonly retryable = false,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** The media host answered 429. Not retried here: the batch waits as long as asked, with fewer requests at once. */
export class RateLimitedError extends DownloadError {
  override readonly code: ErrorCode = ERROR_CODES.rateLimited;
  constructor(
    host: string,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(
      `${host} answered 429 Too Many Requests: Google's download quota is used up for now; import again in a few minutes (files already here are reused)`,
    );
    this.name = 'RateLimitedError';
  }
}

/** A failure while writing the file, in words: a cancel, a full disk, no permission, or a body cut short (retryable). */
export function describeWriteError(err: unknown, fileName: string, options: { destDir: string; signal?: AbortSignal }): Error {
  if (options.signal?.aborted || isAbortError(err)) return new CancelledError();
  if (err instanceof DownloadError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new DownloadError(`the disk is full: "${fileName}" could not be written to ${options.destDir}`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new DownloadError(`no permission to write "${fileName}" in ${options.destDir}`);
  // A body cut mid-stream ("aborted", a reset connection) is worth another try, like other network errors.
  const message = (err as Error)?.message ?? String(err);
  const transient = !code || ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE'].includes(code);
  return new DownloadError(`the download of "${fileName}" failed (${message})`, transient);
}

/** image/* and video/*, or a generic binary type (some hosts send that for any file). */
export function isMediaType(contentType: string): boolean {
  return (
    /^(image|video)\/[\w.+-]+$/.test(contentType) || contentType === 'application/octet-stream' || contentType === 'binary/octet-stream'
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GB`;
  return n >= 1024 ** 2 ? `${+(n / 1024 ** 2).toFixed(1)} MB` : `${n} bytes`;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid address';
  }
}

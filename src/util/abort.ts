/** Small helpers for cancellation with AbortSignal, shared by polling, retries and downloads. */
import { type ErrorCode, ERROR_CODES, hasErrorCode } from './errorCodes';

export class CancelledError extends Error {
  readonly code: ErrorCode = ERROR_CODES.cancelled;
  constructor(message = 'The import was cancelled.') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** setTimeout's largest delay: a longer one (2^31 ms or more) fires after 1 ms instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Resolves after `ms`, or rejects with CancelledError as soon as the signal fires. A delay from a server can be
 * anything: NaN counts as 0 and anything beyond setTimeout's range waits the longest it can, never 1 ms.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  const delay = Number.isNaN(ms) ? 0 : Math.min(Math.max(0, ms), MAX_TIMER_MS);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delay);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Any kind of cancellation: ours by its code (the extension and its lazily loaded engine each have this class), the platform's AbortError. */
export function isAbortError(err: unknown): boolean {
  return (
    hasErrorCode(err, ERROR_CODES.cancelled, ERROR_CODES.importCancelled) ||
    (err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR'))
  );
}

/** The promise's outcome, or CancelledError as soon as the signal fires (the work itself may still finish unseen). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

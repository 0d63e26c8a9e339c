/** Retry-After in seconds (delta form) or as an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  // An HTTP date names its month ("Wed, 21 Oct 2026 07:28:00 GMT"); Date.parse would also take "1.5" as a date.
  if (!/[A-Za-z]{3}/.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Google's documented wait after a 429 (quota) answer that names none. */
export const GOOGLE_QUOTA_WAIT_MS = 30_000;
/** A Retry-After longer than this is read as this: the import waits, but not for days. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** How long to wait after a 429: what the server asked for (at most 5 minutes), else `fallbackMs`. */
export function quotaWaitMs(retryAfterSeconds: number | undefined, fallbackMs: number): number {
  return retryAfterSeconds === undefined ? fallbackMs : Math.min(retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS);
}

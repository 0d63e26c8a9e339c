/**
 * The one retry loop: the API client, the downloads and the workers' 429 waits each say which failures are worth
 * another try and how long to wait; this counts the tries and waits. Backoffs double and are jittered (each wait
 * between 1 and 1.5 times its step), so that many downloads failing together do not all come back at the same moment.
 */
import { sleep, throwIfAborted } from './abort';

/** After a failed try: 'give-up' rethrows its error, 'backoff' waits the jittered step, a number waits that long (a server's Retry-After). */
export type RetryWait = 'give-up' | 'backoff' | number;

export interface RetryOptions {
  /** Tries after the first. */
  maxRetries: number;
  /** The first backoff step; each later one doubles. */
  baseDelayMs: number;
  signal?: AbortSignal;
  /** Where the jitter comes from, in [0, 1) (tests fix it). */
  random?: () => number;
  /** How a wait is waited (tests record it). */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Runs `tryOnce` (1-based try number; `last` when no retry follows) until it succeeds or `onFailure` gives up. */
export async function withRetries<T>(
  tryOnce: (attempt: number, last: boolean) => Promise<T>,
  onFailure: (err: unknown, attempt: number) => RetryWait,
  options: RetryOptions,
): Promise<T> {
  const wait = options.wait ?? sleep;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal);
    const last = attempt > options.maxRetries;
    try {
      return await tryOnce(attempt, last);
    } catch (err) {
      throwIfAborted(options.signal);
      const next = onFailure(err, attempt);
      if (next === 'give-up' || last) throw err;
      await wait(next === 'backoff' ? backoffMs(attempt, options.baseDelayMs, options.random) : next, options.signal);
    }
  }
}

/** The wait after failed try `attempt` (1-based): base × 2^(attempt − 1), times a jitter in [1, 1.5). */
export function backoffMs(attempt: number, baseDelayMs: number, random: () => number = Math.random): number {
  return baseDelayMs * 2 ** (attempt - 1) * (1 + Math.min(Math.max(random(), 0), 1) / 2);
}

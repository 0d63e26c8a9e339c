import { sleep, throwIfAborted } from '../util/abort';
import type { PickerClient } from './client';
import { parseDurationMs } from './duration';
import { PickerApiError } from './errors';
import type { PickingSession } from './types';
import { type ErrorCode, ERROR_CODES } from '../util/errorCodes';

/** Google did not say how long to wait: poll at this pace. */
const DEFAULT_POLL_INTERVAL_MS = 5000;
/** A "0s" interval is legal on the wire; never poll faster than this, so a bad value cannot become a busy loop. */
const MIN_POLL_INTERVAL_MS = 100;
/** However long Google asks to wait, look again at least this often (the deadline and the user's cancel count). */
const MAX_POLL_INTERVAL_MS = 60_000;

export class PickerTimeoutError extends Error {
  readonly code: ErrorCode = ERROR_CODES.pickerTimeout;
  constructor(readonly reason: 'timeoutIn' | 'expireTime') {
    super(
      reason === 'expireTime'
        ? 'The picker session expired before the selection was finished. Start a new import.'
        : 'No photos were picked before the picker session timed out. Start a new import when you are ready to pick.',
    );
    this.name = 'PickerTimeoutError';
  }
}

export interface WaitTick {
  /** Polls made so far (sessions.get calls). */
  polls: number;
  /** Epoch ms when waiting ends (the nearer of timeoutIn and expireTime), if Google said. */
  deadline?: number;
  /** Milliseconds until the next poll. */
  nextPollInMs: number;
}

export interface WaitOptions {
  signal?: AbortSignal;
  onTick?: (tick: WaitTick) => void;
  now?: () => number;
}

/**
 * Waits until the user presses Done: one sessions.get per pollInterval (never faster), until mediaItemsSet, the end
 * of timeoutIn or expireTime, or the signal. Returns the final session.
 */
export async function waitForSelection(client: PickerClient, initial: PickingSession, options: WaitOptions = {}): Promise<PickingSession> {
  const now = options.now ?? Date.now;
  let session = initial;
  let polls = 0;
  let intervalMs = DEFAULT_POLL_INTERVAL_MS;
  const expireAt = session.expireTime ? Date.parse(session.expireTime) : NaN;
  let timeoutAt = NaN; // the last timeoutIn Google gave, as an instant

  for (;;) {
    throwIfAborted(options.signal);
    if (session.mediaItemsSet) return session;

    const config = session.pollingConfig;
    if (config?.pollInterval !== undefined)
      intervalMs = Math.min(MAX_POLL_INTERVAL_MS, Math.max(MIN_POLL_INTERVAL_MS, parseDurationMs(config.pollInterval, 'pollInterval')));
    if (config?.timeoutIn !== undefined) timeoutAt = now() + parseDurationMs(config.timeoutIn, 'timeoutIn');

    const deadlines = [timeoutAt, expireAt].filter((d) => !Number.isNaN(d));
    const deadline = deadlines.length ? Math.min(...deadlines) : undefined;
    if (deadline !== undefined && deadline <= now()) throw new PickerTimeoutError(deadline === expireAt ? 'expireTime' : 'timeoutIn');

    options.onTick?.({ polls, deadline, nextPollInMs: intervalMs });
    // Wait a whole interval, or until the deadline when that comes first: one last poll then tells the outcome.
    const wait = deadline === undefined ? intervalMs : Math.min(intervalMs, deadline - now());
    await sleep(wait, options.signal);
    // Past expireTime the session is gone (Google answers 403 or 404): that is a timeout, not a failure.
    if (deadline === expireAt && expireAt <= now()) throw new PickerTimeoutError('expireTime');
    try {
      session = await client.getSession(session.id, options.signal);
    } catch (err) {
      if (err instanceof PickerApiError && err.status === 'PERMISSION_DENIED') throw new PickerTimeoutError('expireTime');
      throw err;
    }
    polls++;
  }
}

import { sleep, throwIfAborted, untilAborted } from '../util/abort';

/**
 * How many media requests may be in flight. All `max` of them until the host answers 429 (a quota reached); then
 * none until the wait it asked for is over, and half as many as before, growing back by one after each `limit`
 * requests that went through. Google counts its quota per project (every user of one OAuth client together), so
 * an import that keeps 16 requests going into a 429 would only make it last.
 */
export class AdaptiveLimit {
  private limit: number;
  private inFlight = 0;
  private pausedUntil = 0;
  private sinceChange = 0;
  /** Counts the cuts: a request reports back with the epoch it started in. */
  private epoch = 0;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly max: number,
    /** Told when a 429 starts or lengthens a pause, with when it ends (so that the user hears why nothing moves). */
    private readonly onPause: (until: number) => void = () => undefined,
    private readonly now: () => number = Date.now,
    private readonly wait: typeof sleep = sleep,
  ) {
    this.limit = Math.max(1, max);
  }

  get current(): number {
    return this.limit;
  }

  /** Waits for a free place (and for a pause to end); `release`, with the epoch this gives, must follow. */
  async acquire(signal?: AbortSignal): Promise<number> {
    for (;;) {
      throwIfAborted(signal);
      const pause = this.pausedUntil - this.now();
      if (pause > 0) await this.wait(pause, signal);
      else if (this.inFlight < this.limit) {
        this.inFlight++;
        return this.epoch;
      } else await untilAborted(new Promise<void>((wake) => this.waiting.push(wake)), signal);
    }
  }

  /** After a request: `rateLimitedMs` when the host answered 429, with how long it asked to be left alone. */
  release(epoch: number, rateLimitedMs?: number): void {
    this.inFlight--;
    // Requests that started before the last cut answer for the old limit: their 429s do not cut again (a burst of
    // them halves the limit once), and their successes do not count towards growing it back.
    if (rateLimitedMs !== undefined) {
      const now = this.now();
      const until = now + rateLimitedMs;
      if (until > this.pausedUntil) {
        // The same burst's answers come milliseconds apart: told when a pause starts, or grows by a second or more.
        const worthTelling = now >= this.pausedUntil || until - this.pausedUntil >= 1000;
        this.pausedUntil = until;
        if (worthTelling) this.onPause(until);
      }
      if (epoch === this.epoch) {
        this.limit = Math.max(1, Math.floor(this.limit / 2));
        this.epoch++;
        this.sinceChange = 0;
      }
    } else if (epoch === this.epoch && this.limit < this.max && ++this.sinceChange >= this.limit) {
      this.limit++;
      this.sinceChange = 0;
    }
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }
}

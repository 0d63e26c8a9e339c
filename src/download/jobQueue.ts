/**
 * Jobs handed to a few workers in the order they were added, while more may still be coming (the listing of a
 * large pick goes on while its first page downloads). `take` waits for the next job, or says there is none left.
 */
export class JobQueue<T> {
  private readonly jobs: T[] = [];
  private taken = 0;
  private ended = false;
  private waiters: (() => void)[] = [];

  get added(): number {
    return this.jobs.length;
  }

  add(jobs: readonly T[]): void {
    this.jobs.push(...jobs);
    this.wakeAll();
  }

  /** No job will be added after this (also on failure: the workers finish what was taken and stop). */
  end(): void {
    this.ended = true;
    this.wakeAll();
  }

  async take(): Promise<T | undefined> {
    while (this.taken >= this.jobs.length && !this.ended) await new Promise<void>((wake) => this.waiters.push(wake));
    if (this.taken >= this.jobs.length) return undefined;
    return this.jobs[this.taken++];
  }

  private wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

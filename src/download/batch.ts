/**
 * Downloads the picked items with a few workers: each into its folder, under its templated name, unless the
 * folder's index shows the same item (same size) is already there byte for byte; then it is reused instead.
 */
import { setMaxListeners } from 'node:events';
import * as path from 'node:path';
import type { ImportedItem } from '../importReport';
import type { ListedPage } from '../picker/list';
import { CancelledError, isAbortError } from '../util/abort';
import { fileNameFor, namesNeedPickCount } from '../workflow/placement';
import { isVideoItem, planDownload } from './downloadPlan';
import { type BatchOptions, type BatchResult, ItemPlacement, type Planned } from './itemPlacement';
import { JobQueue } from './jobQueue';

export type { BatchOptions, BatchResult };

export interface BatchOutcome {
  result: BatchResult;
  /** Set when the downloads stopped before the end: a listing that failed, or a cancel. `result` is what was whole. */
  stoppedBy?: { error: unknown };
}

/**
 * Downloads start with the listing's first page while later pages are still being listed (a pick of 2000 is 20
 * pages). A listing that fails part-way stops the downloads too: the files already whole are kept, and returned
 * with the error that stopped them.
 */
export async function downloadPicked(pages: AsyncIterable<ListedPage>, options: BatchOptions): Promise<BatchOutcome> {
  const summary: BatchResult = { imported: [], reused: [], skipped: [], failed: [], warnings: [] };
  // The downloads' own signal: the user's cancel (passed on by one listener), or a listing that failed.
  const stop = new AbortController();
  const { signal } = stop;
  setMaxListeners(0, signal); // a few listeners per download in flight: as many as the concurrency asks for, no leak
  const cancel = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) cancel();
  options.signal?.addEventListener('abort', cancel, { once: true });
  // The index hears the user's cancel, not a failed listing: the files already whole are still recorded.
  const place = new ItemPlacement({ ...options, signal }, summary, options.signal);
  const queue = new JobQueue<Planned>();
  const imported: ImportedItem[] = [];
  const reused: ImportedItem[] = [];
  let done = 0;
  let more = true;
  const report = (fileName?: string) =>
    options.emit({
      type: 'downloading',
      done,
      total: queue.added,
      ...(more ? { more } : {}),
      ...(fileName === undefined ? {} : { fileName }),
    });

  let listingError: unknown;
  const listing = planPages(pages, options, summary, queue, report)
    .catch((err) => {
      listingError = err;
      stop.abort();
    })
    .finally(() => {
      more = false;
      queue.end();
      report();
    });
  const worker = async () => {
    for (let job = await queue.take(); job; job = await queue.take()) {
      try {
        const { file, wasReused } = await place.item(job);
        (wasReused ? reused : imported).push(file);
        done++;
        report(path.basename(file.path));
      } catch (err) {
        if (signal.aborted || isAbortError(err)) throw err;
        summary.failed.push({ id: job.item.id, error: (err as Error).message });
        done++;
        report();
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  await listing;
  options.signal?.removeEventListener('abort', cancel);
  // Each ends within moments of a cancel (hashing and the lock wait hear it), so this cannot keep a cancel waiting.
  await Promise.all(place.recorded);
  // Keep the order in which the user picked, whatever order the downloads finished in.
  const byPick = (a: ImportedItem, b: ImportedItem) => a.index - b.index;
  summary.imported.push(...imported.sort(byPick));
  summary.reused.push(...reused.sort(byPick));
  if (listingError !== undefined) return { result: summary, stoppedBy: { error: listingError } };
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) return { result: summary, stoppedBy: { error: failure.reason } };
  // Cancelled while the last index writes were waiting: the files are kept, and the import still counts as cancelled.
  if (options.signal?.aborted) return { result: summary, stoppedBy: { error: new CancelledError() } };
  return { result: summary };
}

/**
 * Plans each listed item as its page arrives: skipped, or queued for a worker. `${index}` is padded to the width of
 * the pick's size, which only the whole listing gives: a template that uses it waits for the listing to end.
 */
async function planPages(
  pages: AsyncIterable<ListedPage>,
  options: BatchOptions,
  summary: BatchResult,
  queue: JobQueue<Planned>,
  report: () => void,
): Promise<void> {
  let first = true;
  let index = 0;
  for await (const page of namesNeedPickCount(options.fileName) ? wholeListing(pages) : pages) {
    for (const entry of page.unusable) {
      if (entry.outcome === 'skipped') summary.skipped.push({ id: entry.id, reason: entry.reason });
      else summary.failed.push({ id: entry.id, error: entry.reason });
    }
    const listedItems = index + page.items.length;
    const planned: Planned[] = [];
    for (const item of page.items) {
      const facts = {
        id: item.id,
        filename: item.mediaFile.filename,
        mimeType: item.mediaFile.mimeType,
        createTime: item.createTime,
        isVideo: isVideoItem(item),
        metadata: item.mediaFile.mediaFileMetadata,
      };
      const plan = planDownload(item, fileNameFor(options.fileName, facts, ++index, listedItems, options.nameValues), options.size);
      if (plan.kind === 'skip') summary.skipped.push({ id: item.id, reason: plan.reason });
      else planned.push({ item, plan, index });
    }
    // Entries, usable or not: what the user picked (so far, while more pages follow).
    if (first) options.emit({ type: 'picked', count: page.items.length + page.unusable.length, ...(page.more ? { more: true } : {}) });
    first = false;
    queue.add(planned);
    report();
  }
}

/** All pages as one. */
async function* wholeListing(pages: AsyncIterable<ListedPage>): AsyncGenerator<ListedPage> {
  const whole: ListedPage = { items: [], unusable: [], more: false };
  for await (const page of pages) {
    whole.items.push(...page.items);
    whole.unusable.push(...page.unusable);
  }
  yield whole;
}

/**
 * Downloads the picked items with a few workers: each into its folder, under its templated name, unless the
 * folder's index shows the same item (same size) is already there byte for byte; then it is reused instead.
 */
import { setMaxListeners } from 'node:events';
import * as path from 'node:path';
import type { AccessTokenSource } from '../util/accessToken';
import type { ImportEvent, ImportedItem, ImportSummary } from '../importReport';
import type { ListedPage } from '../picker/list';
import type { PickedMediaItem } from '../picker/types';
import { CancelledError, isAbortError, untilAborted } from '../util/abort';
import { withRetries } from '../util/retry';
import { GOOGLE_QUOTA_WAIT_MS, quotaWaitMs } from '../util/retryAfter';
import { factsOf } from '../workflow/facts';
import { fileNameFor, folderValues, type ImageSize, namesNeedPickCount, sizeKey } from '../workflow/placement';
import type { DestinationFolders } from './storage/destinationFolder';
import type { FileHasher } from './storage/fileHasher';
import { AdaptiveLimit } from './adaptiveLimit';
import { type DownloadedFile, type DownloadOptions, downloadToFile, RateLimitedError } from './downloader';
import { type DownloadPlan, isVideoItem, planDownload } from './downloadPlan';
import { ImportIndex } from './storage/importIndex';
import { JobQueue } from './jobQueue';
import type { MediaGet } from './transport/mediaTransport';
import { NameReservations } from '../workflow/naming';
import { dimensionsFor } from './pixelSize/pixelSize';
import { type RefreshLink, withFreshLinkOnRefusal } from './refusedLink';
import { type ExtrasRequest, fetchExtras } from './variants';

export interface BatchOptions {
  folders: DestinationFolders;
  /** The file-name template, and values for its variables that are the same for every item (documentBaseName). */
  fileName: string;
  nameValues: Record<string, string>;
  size: ImageSize;
  skipDuplicates: boolean;
  concurrency: number;
  tokens: AccessTokenSource;
  trustedTestOrigins: readonly string[];
  get: MediaGet;
  /** sha256 of files already there (checked before one is reused), off the main thread. */
  hasher: FileHasher;
  /** The item's current baseUrl (they expire: a long import lists again). */
  baseUrlFor: (item: PickedMediaItem) => Promise<string>;
  /** A newer baseUrl after the media host refused one (403); none: a refusal fails the item. */
  refreshedBaseUrlFor?: RefreshLink;
  signal?: AbortSignal;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  /** The wait after a 429 that names none (Google asks for at least 30 s; tests shorten it). */
  rateLimitDelayMs?: number;
  maxFileBytes?: number;
  /** How long to wait for another import's lock on a folder's index before going on without it (default 10 s). */
  indexLockWaitMs?: number;
  /** Smaller copies of each photo and a still of each video, beside the main file. */
  extras?: ExtrasRequest;
  emit: (event: ImportEvent) => void;
}

/** What the downloads did, for the import to add to its summary; imported and reused in the order of the pick. */
export type BatchResult = Pick<ImportSummary, 'imported' | 'reused' | 'skipped' | 'failed' | 'warnings'>;

export interface BatchOutcome {
  result: BatchResult;
  /** Set when the downloads stopped before the end: a listing that failed, or a cancel. `result` is what was whole. */
  stoppedBy?: { error: unknown };
}

type Planned = { item: PickedMediaItem; plan: Extract<DownloadPlan, { kind: 'download' }>; index: number };
type Fetched = Pick<DownloadedFile, 'path' | 'fileName' | 'bytes' | 'mimeType'> & { reused: boolean };

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
  const place = new Placement({ ...options, signal }, summary, options.signal);
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

/** One item into its folder: reused from the folder's index, or downloaded and then recorded there. */
class Placement {
  private readonly names = new Map<string, NameReservations>();
  private readonly indexes = new Map<string, Promise<ImportIndex>>();
  /** Index writes in flight. */
  readonly recorded: Promise<unknown>[] = [];

  private readonly limit: AdaptiveLimit;

  constructor(
    private readonly options: BatchOptions,
    private readonly summary: BatchResult,
    private readonly indexSignal: AbortSignal | undefined,
  ) {
    this.limit = new AdaptiveLimit(options.concurrency, (until) => options.emit({ type: 'rate-limited', until }));
  }

  async item({ item, plan, index }: Planned): Promise<{ file: ImportedItem; wasReused: boolean }> {
    const { options } = this;
    const metadata = item.mediaFile.mediaFileMetadata;
    const folder = await options.folders.folderFor(folderValues({ createTime: item.createTime, metadata }));
    const folderIndex = options.skipDuplicates ? await this.indexFor(folder) : undefined;
    const fetch = (size: string, wanted: Planned['plan'], imagesOnly = false) =>
      this.fetch(item, folder, folderIndex, size, wanted, imagesOnly);
    const main = await fetch(sizeKey(options.size, isVideoItem(item)), plan);
    const file: ImportedItem = {
      id: item.id,
      filename: item.mediaFile.filename ?? main.fileName,
      path: main.path,
      bytes: main.bytes,
      mimeType: main.mimeType ?? 'application/octet-stream',
      index,
      ...(await dimensionsFor(item, options.size, main.path)),
      facts: factsOf(metadata),
    };
    const warn = (message: string) => this.summary.warnings.push(message);
    const extras = options.extras
      ? await fetchExtras(item, file, options.extras, options.size, (size, wanted) => fetch(size, wanted, true), warn)
      : {};
    return { file: { ...file, ...extras }, wasReused: main.reused };
  }

  /** One file of the item under its index key: reused from the folder's index, or downloaded and then recorded there. */
  private async fetch(
    item: PickedMediaItem,
    folder: string,
    folderIndex: ImportIndex | undefined,
    size: string,
    plan: Planned['plan'],
    imagesOnly: boolean,
  ): Promise<Fetched> {
    const { options } = this;
    const existing = await folderIndex?.findReusable(item.id, size, (file) => options.hasher.hash(file));
    if (existing)
      return {
        path: path.join(folder, existing.file),
        fileName: existing.file,
        bytes: existing.bytes,
        mimeType: existing.mimeType ?? plan.mimeType,
        reused: true,
      };

    const downloadFrom = (baseUrl: string) =>
      this.download(baseUrl === item.mediaFile.baseUrl ? plan : { ...plan, url: plan.url.replace(item.mediaFile.baseUrl, baseUrl) }, {
        destDir: folder,
        tokens: options.tokens,
        trustedTestOrigins: options.trustedTestOrigins,
        names: this.namesFor(folder),
        signal: options.signal,
        get: options.get,
        maxRetries: options.maxRetries,
        retryBaseDelayMs: options.retryBaseDelayMs,
        maxFileBytes: options.maxFileBytes,
        sha256: folderIndex !== undefined,
        imagesOnly,
      });
    const file = await withFreshLinkOnRefusal(
      item,
      plan.fileName,
      await options.baseUrlFor(item),
      downloadFrom,
      options.refreshedBaseUrlFor,
    );
    if (folderIndex) {
      // Recorded beside the next downloads (downloadPicked waits for all of it). The file is whole either way: an
      // index that cannot be written costs only the reuse next time.
      const importedAt = new Date().toISOString();
      this.recorded.push(
        (file.sha256 ? Promise.resolve(file.sha256) : untilAborted(options.hasher.hash(file.path), this.indexSignal))
          .then((sha256) =>
            folderIndex.record({ id: item.id, size, file: file.fileName, bytes: file.bytes, sha256, mimeType: file.mimeType, importedAt }),
          )
          .catch((err) => {
            if (!isAbortError(err))
              this.summary.warnings.push(
                `The import index in ${folder} could not be updated (${(err as Error).message}); "${file.fileName}" will be downloaded again next time.`,
              );
          }),
      );
    }
    return { ...file, reused: false };
  }

  /** Within the media limit; after a 429, again once the host's wait is over (as often as other errors are retried). */
  private download(plan: Planned['plan'], options: DownloadOptions): Promise<DownloadedFile> {
    const tryOnce = async () => {
      const epoch = await this.limit.acquire(options.signal);
      try {
        const file = await downloadToFile(plan, options);
        this.limit.release(epoch);
        return file;
      } catch (err) {
        const rateLimited = err instanceof RateLimitedError;
        this.limit.release(
          epoch,
          rateLimited ? quotaWaitMs(err.retryAfterSeconds, this.options.rateLimitDelayMs ?? GOOGLE_QUOTA_WAIT_MS) : undefined,
        );
        throw err;
      }
    };
    // The limit holds every download back until the host's wait is over: the retry itself waits no longer.
    return withRetries(tryOnce, (err) => (err instanceof RateLimitedError ? 0 : 'give-up'), {
      maxRetries: options.maxRetries ?? 3,
      baseDelayMs: 0,
      signal: options.signal,
    });
  }

  private namesFor(folder: string): NameReservations {
    let names = this.names.get(folder);
    if (!names) this.names.set(folder, (names = new NameReservations()));
    return names;
  }

  private indexFor(folder: string): Promise<ImportIndex> {
    let index = this.indexes.get(folder);
    if (!index) {
      const onProblem = (message: string) => this.summary.warnings.push(message);
      index = new ImportIndex(folder, { onProblem, signal: this.indexSignal, lockWaitMs: this.options.indexLockWaitMs }).load();
      this.indexes.set(folder, index);
    }
    return index;
  }
}

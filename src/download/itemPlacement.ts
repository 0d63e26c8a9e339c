/**
 * One picked item into its folder: reused from the folder's index, or downloaded (within the media limit, with a
 * fresh link after a refusal) and then recorded there; with its smaller copies and still when asked.
 */
import * as path from 'node:path';
import type { AccessTokenSource } from '../util/accessToken';
import type { ImportEvent, ImportedItem, ImportSummary } from '../importReport';
import type { PickedMediaItem } from '../picker/types';
import { isAbortError } from '../util/abort';
import { withRetries } from '../util/retry';
import { GOOGLE_QUOTA_WAIT_MS, quotaWaitMs } from '../util/retryAfter';
import { factsOf } from '../workflow/facts';
import { folderValues, type ImageSize, sizeKey } from '../workflow/placement';
import type { DestinationFolders } from './storage/destinationFolder';
import type { FileHasher } from './storage/fileHasher';
import { AdaptiveLimit } from './adaptiveLimit';
import { type DownloadedFile, type DownloadOptions, downloadToFile, RateLimitedError } from './downloader';
import { type DownloadPlan, isVideoItem } from './downloadPlan';
import { ImportIndex } from './storage/importIndex';
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

export type Planned = { item: PickedMediaItem; plan: Extract<DownloadPlan, { kind: 'download' }>; index: number };
type Fetched = Pick<DownloadedFile, 'path' | 'fileName' | 'bytes' | 'mimeType'> & { reused: boolean };

/** One item into its folder: reused from the folder's index, or downloaded and then recorded there. */
export class ItemPlacement {
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
    // The writer hashed the bytes on the way (sha256 was asked for whenever there is an index).
    const { sha256 } = file;
    if (folderIndex && sha256) {
      // Recorded beside the next downloads (downloadPicked waits for all of it). The file is whole either way: an
      // index that cannot be written costs only the reuse next time.
      const importedAt = new Date().toISOString();
      this.recorded.push(
        folderIndex
          .record({ id: item.id, size, file: file.fileName, bytes: file.bytes, sha256, mimeType: file.mimeType, importedAt })
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

import * as path from 'node:path';
import type { AccessTokenSource } from './auth/tokenSource';
import { DownloadPlan, downloadToFile, planDownload } from './download/downloader';
import { prepareDestination, removeEmptyFolders } from './download/destinationFolder';
import { type MediaGet, MediaHttp } from './download/mediaHttp';
import { NameReservations } from './download/naming';
import type { GoogleEndpoints } from './endpoints';
import { PickerClient, type RequestLogger, type RetryPolicy } from './picker/client';
import { listAllMediaItems, type UnusableEntry } from './picker/list';
import { waitForSelection } from './picker/poll';
import type { PickedMediaItem } from './picker/types';
import { isTrustedGooglePage, originOf } from './trustedUrl';
import { CancelledError, isAbortError } from './util/abort';

export interface ImportedItem {
  id: string;
  /** The name Google Photos knows the item by. */
  filename: string;
  /** Where it was written (its name there may differ: made safe, or numbered to avoid a collision). */
  path: string;
  bytes: number;
  mimeType: string;
  type: 'PHOTO' | 'VIDEO';
  /** Pixels, as Google's metadata gives them (absent when it does not). */
  width?: number;
  height?: number;
}

export interface ImportSummary {
  sessionId: string;
  dest: string;
  imported: ImportedItem[];
  skipped: { id: string; reason: string }[];
  failed: { id: string; error: string }[];
}

export type ImportEvent =
  | { type: 'session-created'; sessionId: string; pickerUri: string; expireTime?: string }
  | { type: 'waiting'; polls: number; deadline?: number }
  | { type: 'picked'; count: number }
  | { type: 'downloading'; done: number; total: number; fileName?: string }
  | { type: 'session-deleted'; sessionId: string }
  | { type: 'session-delete-failed'; sessionId: string; error: string };

/** Cancelled by the user: the session is deleted, no partial file remains; `summary` says what was already whole. */
export class ImportCancelledError extends CancelledError {
  constructor(readonly summary: ImportSummary) {
    super(summary.imported.length
      ? `The import was cancelled; ${summary.imported.length} file(s) that had finished downloading were kept.`
      : 'The import was cancelled; nothing was written.');
    this.name = 'ImportCancelledError';
  }
}

/** The server's pickerUri is not on Google's host (nor the configured test endpoint): it is not shown. */
export class UntrustedLinkError extends Error {
  constructor(link: string) {
    super(`The picker link from the server is not Google's (${originOf(link) ?? 'not a URL'}), so it was not shown. Check the endpoint setting.`);
    this.name = 'UntrustedLinkError';
  }
}

export interface ImportOptions {
  /** Where the Picker API is, and which test origin (if any) is trusted like Google's hosts. */
  endpoints: Pick<GoogleEndpoints, 'pickerApi' | 'trustedTestOrigins'>;
  tokens: AccessTokenSource;
  destDir: string;
  /** One line per API request (never a token). */
  requestLog?: RequestLogger;
  /** API retry timings (tests shorten them). */
  retry?: Partial<RetryPolicy>;
  maxItemCount?: number;
  /** Downloads in flight at once. */
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: (event: ImportEvent) => void;
  fetch?: typeof fetch;
  now?: () => number;
  /** baseUrls live about 60 minutes: items not yet started after this long are listed again for fresh URLs. */
  urlLifetimeMs?: number;
  downloadRetries?: number;
  downloadRetryBaseDelayMs?: number;
}

export const DEFAULT_CONCURRENCY = 16;
const DEFAULT_URL_LIFETIME_MS = 50 * 60_000;
const CLEANUP_TIMEOUT_MS = 10_000;

/**
 * The whole import: create a picking session, announce its pickerUri, wait for Done, list the picks, download them
 * into destDir, then delete the session: after the bytes are on disk, and also on every failure and cancellation.
 */
export async function importPhotos(options: ImportOptions): Promise<ImportSummary> {
  const { signal } = options;
  const trusted = options.endpoints.trustedTestOrigins;
  const client = new PickerClient({ endpoint: options.endpoints.pickerApi, tokens: options.tokens, log: options.requestLog, retry: options.retry, fetch: options.fetch });
  const emit = (event: ImportEvent) => options.onEvent?.(event);
  const now = options.now ?? Date.now;
  const summary: ImportSummary = { sessionId: '', dest: path.resolve(options.destDir), imported: [], skipped: [], failed: [] };
  let sessionId: string | undefined;

  // Before any session exists: a destination that cannot take files fails now, not after the user has picked.
  const createdFolder = await prepareDestination(summary.dest);
  try {
    const session = await client.createSession({ maxItemCount: options.maxItemCount }, signal);
    sessionId = summary.sessionId = session.id;
    // Every face shows this link as a QR code for the user to trust: a server that hands out another host's link is
    // refused here, once, for all of them (the session is still deleted below).
    if (!isTrustedGooglePage(session.pickerUri, trusted)) throw new UntrustedLinkError(session.pickerUri);
    emit({ type: 'session-created', sessionId: session.id, pickerUri: session.pickerUri, expireTime: session.expireTime });

    await waitForSelection(client, session, { signal, now, onTick: (t) => emit({ type: 'waiting', polls: t.polls, deadline: t.deadline }) });

    // Entries that cannot be downloaded are reported from the first listing (a later one, for fresh URLs, repeats them).
    const unusable: UnusableEntry[] = [];
    let first = true;
    const list = () => listAllMediaItems(client, session.id, signal, first ? unusable : undefined).finally(() => (first = false));
    const urls = new FreshUrls(list, now, options.urlLifetimeMs ?? DEFAULT_URL_LIFETIME_MS);
    const items = await urls.initial();
    for (const entry of unusable) {
      if (entry.outcome === 'skipped') summary.skipped.push({ id: entry.id, reason: entry.reason });
      else summary.failed.push({ id: entry.id, error: entry.reason });
    }
    emit({ type: 'picked', count: items.length + unusable.length });
    const media = new MediaHttp();
    try {
      await downloadAll(items, urls, summary, options, media.get, emit);
    } finally {
      media.close(); // idle keep-alive connections would keep a CLI process alive
    }
  } catch (err) {
    // Nothing written: the folders this import made go too (a cancel leaves the workspace as it was).
    if (createdFolder && summary.imported.length === 0) await removeEmptyFolders(summary.dest, createdFolder);
    if (signal?.aborted || isAbortError(err)) throw new ImportCancelledError(summary);
    throw err;
  } finally {
    if (sessionId) await deleteSessionQuietly(client, sessionId, emit);
  }
  return summary;
}

async function downloadAll(
  items: PickedMediaItem[],
  urls: FreshUrls,
  summary: ImportSummary,
  options: ImportOptions,
  get: MediaGet,
  emit: (event: ImportEvent) => void,
): Promise<void> {
  const names = new NameReservations();
  const planned: { item: PickedMediaItem; plan: Extract<DownloadPlan, { kind: 'download' }>; order: number }[] = [];
  items.forEach((item, order) => {
    const plan = planDownload(item);
    if (plan.kind === 'skip') summary.skipped.push({ id: item.id, reason: plan.reason });
    else planned.push({ item, plan, order });
  });

  const total = planned.length;
  const imported: (ImportedItem & { order: number })[] = [];
  let done = 0;
  emit({ type: 'downloading', done, total });
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const { item, plan, order } = planned[next++];
      try {
        const baseUrl = await urls.baseUrlFor(item);
        const fresh = baseUrl === item.mediaFile.baseUrl ? plan : { ...plan, url: plan.url.replace(item.mediaFile.baseUrl, baseUrl) };
        const file = await downloadToFile(fresh, {
          destDir: summary.dest,
          tokens: options.tokens,
          trustedTestOrigins: options.endpoints.trustedTestOrigins,
          names,
          signal: options.signal,
          get,
          maxRetries: options.downloadRetries,
          retryBaseDelayMs: options.downloadRetryBaseDelayMs,
        });
        imported.push({ id: item.id, filename: item.mediaFile.filename ?? file.fileName, path: file.path, bytes: file.bytes, mimeType: plan.mimeType ?? 'application/octet-stream', ...dimensionsOf(item), order });
        emit({ type: 'downloading', done: ++done, total, fileName: file.fileName });
      } catch (err) {
        if (options.signal?.aborted || isAbortError(err)) throw err;
        summary.failed.push({ id: item.id, error: (err as Error).message });
        emit({ type: 'downloading', done: ++done, total });
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, total || 1)) }, worker);
  const results = await Promise.allSettled(workers);
  // Keep the order in which the user picked, whatever order the downloads finished in.
  summary.imported.push(...imported.sort((a, b) => a.order - b.order).map(({ order: _order, ...rest }) => rest));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

/** The item's kind and pixel size from Google's metadata (numbers or numeric strings; anything else is left out). */
function dimensionsOf(item: PickedMediaItem): Pick<ImportedItem, 'type' | 'width' | 'height'> {
  const meta = item.mediaFile.mediaFileMetadata;
  const size = (value: unknown) => (Number.isInteger(Number(value)) && Number(value) > 0 ? Number(value) : undefined);
  const type = item.type === 'VIDEO' || item.mediaFile.mimeType?.startsWith('video/') ? 'VIDEO' : 'PHOTO';
  return { type, width: size(meta?.width), height: size(meta?.height) };
}

/** Lists again when the URLs of the last listing are about to expire; concurrent callers share one listing. */
class FreshUrls {
  private listedAt = 0;
  private byId = new Map<string, string>();
  private relisting: Promise<void> | undefined;

  constructor(private readonly list: () => Promise<PickedMediaItem[]>, private readonly now: () => number, private readonly lifetimeMs: number) {}

  async initial(): Promise<PickedMediaItem[]> {
    const items = await this.list();
    this.remember(items);
    return items;
  }

  async baseUrlFor(item: PickedMediaItem): Promise<string> {
    if (this.now() - this.listedAt >= this.lifetimeMs) {
      this.relisting ??= this.list().then((items) => this.remember(items)).finally(() => (this.relisting = undefined));
      await this.relisting;
    }
    return this.byId.get(item.id) ?? item.mediaFile.baseUrl;
  }

  private remember(items: PickedMediaItem[]): void {
    this.listedAt = this.now();
    this.byId = new Map(items.map((i) => [i.id, i.mediaFile.baseUrl]));
  }
}

/** Cleanup must run even after the user cancelled, so it gets its own short deadline instead of their signal. */
async function deleteSessionQuietly(client: PickerClient, sessionId: string, emit: (event: ImportEvent) => void): Promise<void> {
  try {
    await client.deleteSession(sessionId, AbortSignal.timeout(CLEANUP_TIMEOUT_MS));
    emit({ type: 'session-deleted', sessionId });
  } catch (err) {
    emit({ type: 'session-delete-failed', sessionId, error: (err as Error).message });
  }
}

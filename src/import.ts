import * as path from 'node:path';
import type { AccessTokenSource } from './util/accessToken';
import { type BatchResult, downloadPicked } from './download/batch';
import { DestinationFolders } from './download/storage/destinationFolder';
import { FileHasher } from './download/storage/fileHasher';
import { DEFAULT_CONCURRENCY } from './defaults';
import type { MediaTimeouts } from './download/transport/mediaTransport';
import { checkMediaProxy, type MediaProxy } from './util/proxy';
import { UndiciMedia } from './download/transport/undiciMedia';
import type { GoogleEndpoints } from './endpoints';
import { PickerClient, type RequestLogger, type RetryPolicy } from './picker/client';
import { FreshUrls } from './picker/freshUrls';
import { type HeldSession, OpenSessions, type SessionRecords } from './picker/openSessions';
import { listAllMediaItems, listPickedPages } from './picker/list';
import { waitForSelection } from './picker/poll';
import { isTrustedGooglePage, originOf } from './trustedUrl';
import { CancelledError, isAbortError } from './util/abort';
import { checkFileNameTemplate, DEFAULT_FILE_NAME, type ImageSize } from './workflow/placement';
import { parseResponsiveWidths } from './workflow/responsive';
import type { ImportEvent, ImportSummary } from './importReport';
import { type ErrorCode, ERROR_CODES } from './util/errorCodes';

export type { ImportEvent, ImportedItem, ImportSummary } from './importReport';

/** Cancelled by the user: the session is deleted, no partial file remains; `summary` says what was already whole. */
export class ImportCancelledError extends CancelledError {
  override readonly code: ErrorCode = ERROR_CODES.importCancelled;
  constructor(readonly summary: ImportSummary) {
    super(
      summary.imported.length
        ? `The import was cancelled; ${summary.imported.length} file(s) that had finished downloading were kept.`
        : 'The import was cancelled; nothing was written.',
    );
    this.name = 'ImportCancelledError';
  }
}

/**
 * What an import that failed after writing (or reusing) files left in the folder. The error keeps its own kind (a
 * sign-in error still offers Sign In) and carries the summary as a property; a face reads it with this.
 */
export function partialSummaryOf(err: unknown): ImportSummary | undefined {
  return (err as { importSummary?: ImportSummary } | undefined)?.importSummary;
}

/** The server's pickerUri is not on Google's host (nor the configured test endpoint): it is not shown. */
export class UntrustedLinkError extends Error {
  readonly code: ErrorCode = ERROR_CODES.untrustedLink;
  constructor(link: string) {
    super(
      `The picker link from the server is not Google's (${originOf(link) ?? 'not a URL'}), so it was not shown. Check the endpoint setting.`,
    );
    this.name = 'UntrustedLinkError';
  }
}

export interface ImportOptions {
  /** Where the Picker API is, and which test origin (if any) is trusted like Google's hosts. */
  endpoints: Pick<GoogleEndpoints, 'pickerApi' | 'trustedTestOrigins'>;
  tokens: AccessTokenSource;
  /** The destination folder; it may use the per-item variables ${createYear}, ${createMonth}, ${createDay}. */
  destDir: string;
  /** What every destination folder must stay inside, after resolving symlinks (default: destDir up to its first variable). */
  destRoot?: string;
  /** The file-name template (default `${fileName}`); `nameValues` adds variables of its own, such as documentBaseName. */
  fileName?: string;
  nameValues?: Record<string, string>;
  /** Photos as they are, or resized by Google to fit a box (videos are always the original). */
  imageSize?: ImageSize;
  /** Smaller copies of each photo at these widths, beside it as `<stem>-<N>w.<ext>` (none at or above its own width). */
  responsiveWidths?: readonly number[];
  /** A still of each video beside it, as `<stem>.poster.jpg`. */
  videoPosters?: boolean;
  /** Reuse files the folder's index shows are already there (default true). */
  skipDuplicates?: boolean;
  /**
   * Where open sessions are recorded so that a crash cannot leave one behind for good, and who this run is, so that
   * only sessions of runs that are gone are deleted (none: not recorded).
   */
  openSessions?: SessionRecords;
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
  /** Largest file accepted (default 10 GB, Google Photos' own limit for a video). */
  maxFileBytes?: number;
  /** How long a media host may take to answer, and to go silent mid-body (tests shorten them). */
  mediaTimeouts?: MediaTimeouts;
  /** Which media requests go through a proxy (the faces read it from their settings); none: all go directly. */
  mediaProxy?: MediaProxy;
  /** Certificate authorities the media connections trust in place of Node's own (VS Code adds the system's). */
  mediaCertificates?: string[];
  downloadRetryBaseDelayMs?: number;
  /** How long to wait for another import's lock on a folder's index before going on without it (default 10 s). */
  indexLockWaitMs?: number;
}

export { DEFAULT_CONCURRENCY } from './defaults';
const DEFAULT_URL_LIFETIME_MS = 50 * 60_000;
const CLEANUP_TIMEOUT_MS = 10_000;

/**
 * The whole import: create a picking session, announce its pickerUri, wait for Done, list the picks, download them
 * into destDir, then delete the session: after the bytes are on disk, and also on every failure and cancellation.
 */
export async function importPhotos(options: ImportOptions): Promise<ImportSummary> {
  const { signal } = options;
  const trusted = options.endpoints.trustedTestOrigins;
  const client = new PickerClient({
    endpoint: options.endpoints.pickerApi,
    tokens: options.tokens,
    log: options.requestLog,
    retry: options.retry,
    fetch: options.fetch,
  });
  const emit = (event: ImportEvent) => options.onEvent?.(event);
  const now = options.now ?? Date.now;
  const folders = new DestinationFolders(path.resolve(options.destDir), options.destRoot);
  const summary: ImportSummary = { sessionId: '', dest: folders.base, imported: [], reused: [], skipped: [], failed: [], warnings: [] };
  let sessionId: string | undefined;
  let held: HeldSession | undefined;

  // Before any session exists: a typo in a template, or a destination that cannot take files, fails now, not
  // after the user has picked.
  const fileName = options.fileName ?? DEFAULT_FILE_NAME;
  checkFileNameTemplate(fileName, Object.keys(options.nameValues ?? {}));
  const widths = parseResponsiveWidths(options.responsiveWidths, 'responsive widths');
  checkMediaProxy(options.mediaProxy);
  await folders.prepare();
  const open = options.openSessions ? new OpenSessions(options.openSessions, options.endpoints.pickerApi) : undefined;
  try {
    if (open) await deleteLeftovers(open, client, signal, emit);
    const session = await client.createSession({ maxItemCount: options.maxItemCount }, signal);
    sessionId = summary.sessionId = session.id;
    // Recorded before anything else can go wrong; a record that cannot be written costs only this safety net.
    held = open?.hold(session.id, session.expireTime);
    await held?.written.catch(() => undefined);
    // Every face shows this link as a QR code for the user to trust: a server that hands out another host's link is
    // refused here, once, for all of them (the session is still deleted below).
    if (!isTrustedGooglePage(session.pickerUri, trusted)) throw new UntrustedLinkError(session.pickerUri);
    emit({ type: 'session-created', sessionId: session.id, pickerUri: session.pickerUri, expireTime: session.expireTime });

    await waitForSelection(client, session, {
      signal,
      now,
      onTick: (t) => emit({ type: 'waiting', polls: t.polls, deadline: t.deadline }),
    });

    // The first listing is streamed into the downloads; a later one (for fresh URLs) is read whole.
    const urls = new FreshUrls(() => listAllMediaItems(client, session.id, signal), now, options.urlLifetimeMs ?? DEFAULT_URL_LIFETIME_MS);
    const pages = listPickedPages(client, session.id, signal);
    const media = new UndiciMedia({ timeouts: options.mediaTimeouts, proxy: options.mediaProxy, ca: options.mediaCertificates });
    const hasher = new FileHasher();
    try {
      const outcome = await downloadPicked(pages, {
        folders,
        fileName,
        nameValues: options.nameValues ?? {},
        size: options.imageSize ?? { kind: 'original' },
        skipDuplicates: options.skipDuplicates ?? true,
        concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
        tokens: options.tokens,
        trustedTestOrigins: trusted,
        get: media.get,
        hasher,
        baseUrlFor: (item) => urls.baseUrlFor(item),
        refreshedBaseUrlFor: (item, refused) => urls.refreshedBaseUrlFor(item, refused),
        signal,
        maxRetries: options.downloadRetries,
        retryBaseDelayMs: options.downloadRetryBaseDelayMs,
        rateLimitDelayMs: options.retry?.quotaDelayMs,
        maxFileBytes: options.maxFileBytes,
        indexLockWaitMs: options.indexLockWaitMs,
        extras: { widths, posters: options.videoPosters ?? false },
        emit,
      });
      addTo(summary, outcome.result);
      if (outcome.stoppedBy) throw outcome.stoppedBy.error;
    } finally {
      media.close(); // idle keep-alive connections would keep a CLI process alive
      hasher.close();
    }
  } catch (err) {
    // Nothing written: the folders this import made go too (a cancel leaves the workspace as it was).
    if (summary.imported.length === 0) await folders.removeCreatedIfEmpty();
    if (signal?.aborted || isAbortError(err)) throw new ImportCancelledError(summary);
    if (err instanceof Error && summary.imported.length && !isAbortError(err)) {
      // The same error, so that its kind still counts (a sign-in error still offers Sign In), saying what is kept.
      err.message += ` The ${summary.imported.length} file(s) that had finished downloading were kept.`;
    }
    if ((summary.imported.length || summary.reused.length) && typeof err === 'object' && err !== null && Object.isExtensible(err)) {
      Object.defineProperty(err, 'importSummary', { value: summary, configurable: true });
    }
    throw err;
  } finally {
    const deleted = sessionId ? await deleteSessionQuietly(client, sessionId, emit) : false;
    // On every end: the heartbeat stops here; a record whose session could not be deleted stays for a later run.
    await held?.release(deleted).catch(() => undefined);
  }
  return summary;
}

function addTo(summary: ImportSummary, result: BatchResult): void {
  summary.imported.push(...result.imported);
  summary.reused.push(...result.reused);
  summary.skipped.push(...result.skipped);
  summary.failed.push(...result.failed);
  summary.warnings.push(...result.warnings);
}

/** Cleanup must run even after the user cancelled, so it gets its own short deadline instead of their signal. */
async function deleteSessionQuietly(client: PickerClient, sessionId: string, emit: (event: ImportEvent) => void): Promise<boolean> {
  try {
    await client.deleteSession(sessionId, AbortSignal.timeout(CLEANUP_TIMEOUT_MS));
    emit({ type: 'session-deleted', sessionId });
    return true;
  } catch (err) {
    emit({ type: 'session-delete-failed', sessionId, error: (err as Error).message });
    return false;
  }
}

/** Quietly, and briefly: a leftover that cannot be deleted now is tried again next time, never in the user's way. */
async function deleteLeftovers(
  open: OpenSessions,
  client: PickerClient,
  signal: AbortSignal | undefined,
  emit: (event: ImportEvent) => void,
): Promise<void> {
  const deadline = AbortSignal.timeout(CLEANUP_TIMEOUT_MS);
  const sessionIds = await open.deleteLeftovers(client, signal ? AbortSignal.any([signal, deadline]) : deadline).catch(() => []);
  if (sessionIds.length) emit({ type: 'leftover-sessions-deleted', sessionIds });
}

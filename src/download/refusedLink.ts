/**
 * A 403 from the media host before a baseUrl's hour is up (access withdrawn, an early expiry) is a reason to list
 * again for a fresh link, once per item, not a final failure; a second refusal fails the item with a reason that
 * says so.
 */
import type { RefusedLinkOutcome } from '../picker/freshUrls';
import type { PickedMediaItem } from '../picker/types';
import { DownloadError } from './downloader';

export type RefreshLink = (item: PickedMediaItem, refused: string) => Promise<RefusedLinkOutcome>;

export async function withFreshLinkOnRefusal<T>(
  item: PickedMediaItem,
  fileName: string,
  baseUrl: string,
  download: (baseUrl: string) => Promise<T>,
  refresh: RefreshLink | undefined,
): Promise<T> {
  try {
    return await download(baseUrl);
  } catch (err) {
    if (!refused(err) || !refresh) throw err;
  }
  const outcome = await refresh(item, baseUrl);
  if (outcome.kind === 'unlisted') {
    throw new DownloadError(
      `Google refused the download of "${fileName}" (403) and no longer lists it in this selection: access to this item may have been revoked; ${WHAT_TO_DO}`,
    );
  }
  if (outcome.kind === 'retry') {
    try {
      return await download(outcome.baseUrl);
    } catch (err) {
      if (!refused(err)) throw err;
    }
  }
  throw new DownloadError(
    `Google refused the download of "${fileName}" (403) even with a fresh link: access to this item may have been revoked; ${WHAT_TO_DO}`,
  );
}

const WHAT_TO_DO = 'check that you can still open it in Google Photos, then import it again (files already here are reused)';

function refused(err: unknown): boolean {
  return err instanceof DownloadError && err.httpStatus === 403;
}

import type { PickerClient } from './client';
import type { PickedMediaItem } from './types';

const PAGE_SIZE = 100;
/** Google lets a user pick at most 2000 items; a listing that goes on far past that is a broken or hostile server. */
const MAX_LISTED_ENTRIES = 2000 + 100;

/** A listed entry that cannot be downloaded, with why: it still ends up in the summary, never silently dropped. */
export interface UnusableEntry {
  id: string;
  outcome: 'skipped' | 'failed';
  reason: string;
}

/**
 * Every picked item, page by page (100 a page). A server that hands back a page token it already gave would make
 * this loop forever, so a repeated token ends the listing. Items are de-duplicated by id. Entries that cannot be
 * downloaded are left out of the result and, when `unusable` is given, added to it.
 */
export async function listAllMediaItems(client: PickerClient, sessionId: string, signal?: AbortSignal, unusable?: UnusableEntry[]): Promise<PickedMediaItem[]> {
  const items = new Map<string, PickedMediaItem>();
  const seenTokens = new Set<string>();
  let pageToken: string | undefined;
  let listed = 0; // entries on all pages, repeats included: a server that repeats items forever must end too
  do {
    const page = await client.listMediaItems(sessionId, pageToken, PAGE_SIZE, signal);
    for (const item of page.mediaItems ?? []) {
      if (item && typeof item.id === 'string' && item.mediaFile && typeof item.mediaFile.baseUrl === 'string') items.set(item.id, item);
      else if (item && typeof item.id === 'string' && item.id) unusable?.push({ id: item.id, outcome: 'skipped', reason: 'Google gave no file to download for this item' });
      else unusable?.push({ id: `(entry ${items.size + (unusable?.length ?? 0) + 1})`, outcome: 'failed', reason: 'Google listed a malformed entry (no item id)' });
    }
    listed += page.mediaItems?.length ?? 0;
    if (listed > MAX_LISTED_ENTRIES) {
      throw new Error(`mediaItems.list failed: the server listed more than ${MAX_LISTED_ENTRIES} items, and Google allows at most 2000 a session. Nothing was downloaded.`);
    }
    pageToken = page.nextPageToken || undefined;
    if (pageToken !== undefined) {
      if (seenTokens.has(pageToken)) break;
      seenTokens.add(pageToken);
    }
  } while (pageToken !== undefined);
  return [...items.values()];
}

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

/** One page of the listing: its items not seen on an earlier page, the entries that cannot be downloaded, and whether more pages follow. */
export interface ListedPage {
  items: PickedMediaItem[];
  unusable: UnusableEntry[];
  more: boolean;
}

/**
 * The picked items, page by page (100 a page) as Google hands them out, so that downloads can start with the first.
 * A server that hands back a page token it already gave would make this loop forever, so a repeated token ends the
 * listing. Items are de-duplicated by id: a repeat on a later page is left out.
 */
export async function* listPickedPages(client: PickerClient, sessionId: string, signal?: AbortSignal): AsyncGenerator<ListedPage> {
  const seenIds = new Set<string>();
  const seenTokens = new Set<string>();
  let pageToken: string | undefined;
  let listed = 0; // entries on all pages, repeats included: a server that repeats items forever must end too
  let malformed = 0;
  do {
    const page = await client.listMediaItems(sessionId, pageToken, PAGE_SIZE, signal);
    const entries = page.mediaItems ?? [];
    listed += entries.length;
    if (listed > MAX_LISTED_ENTRIES) {
      throw new Error(
        `mediaItems.list failed: the server listed more than ${MAX_LISTED_ENTRIES} items, and Google allows at most 2000 a session.`,
      );
    }
    const items: PickedMediaItem[] = [];
    const unusable: UnusableEntry[] = [];
    for (const item of entries) {
      const id = item && typeof item.id === 'string' ? item.id : '';
      if (id && seenIds.has(id)) continue;
      if (id) seenIds.add(id);
      if (id && item.mediaFile && typeof item.mediaFile.baseUrl === 'string') items.push(item);
      else if (id) unusable.push({ id, outcome: 'skipped', reason: 'Google gave no file to download for this item' });
      else
        unusable.push({
          id: `(entry ${seenIds.size + ++malformed})`,
          outcome: 'failed',
          reason: 'Google listed a malformed entry (no item id)',
        });
    }
    pageToken = page.nextPageToken || undefined;
    if (pageToken !== undefined && seenTokens.has(pageToken)) pageToken = undefined;
    if (pageToken !== undefined) seenTokens.add(pageToken);
    yield { items, unusable, more: pageToken !== undefined };
  } while (pageToken !== undefined);
}

/** Every picked item, in one array (a listing again, for fresh URLs). Entries that cannot be downloaded are left out. */
export async function listAllMediaItems(client: PickerClient, sessionId: string, signal?: AbortSignal): Promise<PickedMediaItem[]> {
  const items: PickedMediaItem[] = [];
  for await (const page of listPickedPages(client, sessionId, signal)) items.push(...page.items);
  return items;
}

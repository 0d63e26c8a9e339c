import type { PickerClient } from './client';
import type { PickedMediaItem } from './types';

const PAGE_SIZE = 100;

/**
 * Every picked item, page by page (100 a page). A server that hands back a page token it already gave would make
 * this loop forever, so a repeated token ends the listing. Items are de-duplicated by id.
 */
export async function listAllMediaItems(client: PickerClient, sessionId: string, signal?: AbortSignal): Promise<PickedMediaItem[]> {
  const items = new Map<string, PickedMediaItem>();
  const seenTokens = new Set<string>();
  let pageToken: string | undefined;
  do {
    const page = await client.listMediaItems(sessionId, pageToken, PAGE_SIZE, signal);
    for (const item of page.mediaItems ?? []) {
      if (item && typeof item.id === 'string' && item.mediaFile && typeof item.mediaFile.baseUrl === 'string') items.set(item.id, item);
    }
    pageToken = page.nextPageToken || undefined;
    if (pageToken !== undefined) {
      if (seenTokens.has(pageToken)) break;
      seenTokens.add(pageToken);
    }
  } while (pageToken !== undefined);
  return [...items.values()];
}

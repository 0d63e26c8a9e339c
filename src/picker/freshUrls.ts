import type { PickedMediaItem } from './types';

/** What to do after the media host refused an item's link (403): retry with a newer link, or give up and why. */
export type RefusedLinkOutcome = { kind: 'retry'; baseUrl: string } | { kind: 'unlisted' } | { kind: 'fresh-already' };

/**
 * After one refused link, links from a listing made less than this long ago for a refusal are as fresh as they come:
 * a pick whose access was withdrawn is not listed again for every one of its items.
 */
export const REFUSAL_RELIST_GAP_MS = 60_000;

/**
 * Lists again when the URLs of the last listing are about to expire, or when the media host refused one early;
 * concurrent callers share one listing. Made just before the first listing begins: the URLs it hands out count from
 * then (the first page's are the oldest).
 */
export class FreshUrls {
  private listedAt: number;
  private listings = 0;
  private byId = new Map<string, string>();
  private relisting: Promise<void> | undefined;
  /** When the newest listing was made because a link was refused (undefined: it was not). */
  private refusalListedAt: number | undefined;

  constructor(
    private readonly list: () => Promise<PickedMediaItem[]>,
    private readonly now: () => number,
    private readonly lifetimeMs: number,
  ) {
    this.listedAt = now();
  }

  /** The item's URL from the newest listing (the first listing's is the item's own). */
  async baseUrlFor(item: PickedMediaItem): Promise<string> {
    if (this.now() - this.listedAt >= this.lifetimeMs) await this.relist(false);
    return this.byId.get(item.id) ?? item.mediaFile.baseUrl;
  }

  /**
   * `refused` was the item's URL and the media host answered 403 before its hour was up (access withdrawn, an early
   * expiry): a newer listing's URL for it, from a new listing when needed. A listing that no longer has the item says
   * so; a link from a listing made for a refusal moments ago is not listed again.
   */
  async refreshedBaseUrlFor(item: PickedMediaItem, refused: string): Promise<RefusedLinkOutcome> {
    if (this.relisting) await this.relisting;
    if (this.current(item) === refused) {
      const listedForRefusal = this.refusalListedAt !== undefined && this.now() - this.refusalListedAt < REFUSAL_RELIST_GAP_MS;
      if (listedForRefusal) return { kind: 'fresh-already' };
      await this.relist(true);
    }
    const baseUrl = this.current(item);
    return baseUrl === undefined ? { kind: 'unlisted' } : { kind: 'retry', baseUrl };
  }

  /** The item's URL in the newest listing: undefined when a listing again no longer has it. */
  private current(item: PickedMediaItem): string | undefined {
    return this.listings === 0 ? item.mediaFile.baseUrl : this.byId.get(item.id);
  }

  private async relist(forRefusal: boolean): Promise<void> {
    this.relisting ??= this.list()
      .then((items) => {
        this.listedAt = this.now();
        this.listings++;
        this.refusalListedAt = forRefusal ? this.listedAt : undefined;
        this.byId = new Map(items.map((i) => [i.id, i.mediaFile.baseUrl]));
      })
      .finally(() => (this.relisting = undefined));
    await this.relisting;
  }
}

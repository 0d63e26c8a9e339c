import type { PickedMediaItem } from './types';

/**
 * Lists again when the URLs of the last listing are about to expire; concurrent callers share one listing. Made just
 * before the first listing begins: the URLs it hands out count from then (the first page's are the oldest).
 */
export class FreshUrls {
  private listedAt: number;
  private byId = new Map<string, string>();
  private relisting: Promise<void> | undefined;

  constructor(private readonly list: () => Promise<PickedMediaItem[]>, private readonly now: () => number, private readonly lifetimeMs: number) {
    this.listedAt = now();
  }

  /** The item's URL from the newest listing (the first listing's is the item's own). */
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

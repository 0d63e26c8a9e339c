/** What to fetch for a picked item, under which name, and what it is: pure, from Google's metadata. */
import type { ImportedItem } from '../importReport';
import type { PickedMediaItem } from '../picker/types';
import { type ImageSize, sizeSuffix } from '../workflow/placement';

export type DownloadPlan = { kind: 'download'; url: string; fileName: string; mimeType?: string } | { kind: 'skip'; reason: string };

export function isVideoItem(item: PickedMediaItem): boolean {
  return item.type === 'VIDEO' || (item.mediaFile.mimeType ?? '').toLowerCase().startsWith('video/');
}

/**
 * What to fetch for an item, saved as `fileName`: `=d` for an original photo (bytes with Exif, minus location),
 * `=wW-hH` for one Google resizes, `=dv` for a processed video (a video still processing is skipped).
 */
export function planDownload(item: PickedMediaItem, fileName: string, size: ImageSize = { kind: 'original' }): DownloadPlan {
  const file = item.mediaFile;
  const isVideo = isVideoItem(item);
  if (isVideo) {
    const status = file.mediaFileMetadata?.videoMetadata?.processingStatus;
    if (status !== 'READY') {
      return {
        kind: 'skip',
        reason: `video "${fileName}" is not ready in Google Photos (processing status: ${status ?? 'unknown'}); try again later`,
      };
    }
  }
  return { kind: 'download', url: `${file.baseUrl}${sizeSuffix(size, isVideo)}`, fileName, mimeType: file.mimeType };
}

/**
 * The item's kind and pixel size from Google's metadata, fitted into the asked-for box when Google resizes it: for
 * videos, and for photos whose file header cannot be read (pixelSize.ts reads it).
 */
export function dimensionsOf(item: PickedMediaItem, size: ImageSize): Pick<ImportedItem, 'type' | 'width' | 'height'> {
  const meta = item.mediaFile.mediaFileMetadata;
  const positive = (value: unknown) => (Number.isInteger(Number(value)) && Number(value) > 0 ? Number(value) : undefined);
  const type = isVideoItem(item) ? 'VIDEO' : 'PHOTO';
  let width = positive(meta?.width);
  let height = positive(meta?.height);
  if (type === 'PHOTO' && size.kind === 'fit' && width && height) {
    const scale = Math.min(size.width / width, size.height / height, 1);
    [width, height] = [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
  }
  return { type, width, height };
}

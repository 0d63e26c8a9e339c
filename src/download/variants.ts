/**
 * The page-ready extras of one item, fetched after its main file: smaller copies of a photo (responsive sizes, for
 * srcset) and a still of a video (its poster), each written beside the main file the way the main file is (whole or
 * not at all, never over another file, recorded in the folder's index so that a re-import reuses it). An extra that
 * cannot be had costs a warning, never the item: its main file is already whole.
 */
import * as path from 'node:path';
import type { ImportedItem } from '../importReport';
import type { PickedMediaItem } from '../picker/types';
import { isAbortError } from '../util/abort';
import type { ImageSize } from '../workflow/placement';
import {
  posterFileName,
  posterSizeKey,
  posterSuffix,
  variantFileName,
  variantSizeKey,
  variantSuffix,
  widthsBelow,
} from '../workflow/responsive';
import type { DownloadPlan } from './downloadPlan';
import { pixelSizeOfFile } from './pixelSize/pixelSize';

export interface ExtrasRequest {
  /** Widths to ask Google for each photo at (`=wN`), narrowest first; none: no copies. */
  widths: readonly number[];
  /** A still of each video, from a sized request on its baseUrl. */
  posters: boolean;
}

/** Reuses or downloads one image of the item under its index key (the batch's downloader: limits, fresh links). */
export type FetchImage = (sizeKey: string, plan: Extract<DownloadPlan, { kind: 'download' }>) => Promise<{ path: string }>;

export async function fetchExtras(
  item: PickedMediaItem,
  main: ImportedItem,
  request: ExtrasRequest,
  size: ImageSize,
  fetchImage: FetchImage,
  warn: (message: string) => void,
): Promise<Pick<ImportedItem, 'variants' | 'poster'>> {
  const name = path.basename(main.path);
  const { baseUrl } = item.mediaFile;
  if (main.type === 'VIDEO') {
    if (!request.posters) return {};
    const plan = {
      kind: 'download' as const,
      url: `${baseUrl}${posterSuffix(item.mediaFile.mediaFileMetadata, size)}`,
      fileName: posterFileName(name),
      mimeType: 'image/jpeg',
    };
    const still = await fetchImage(posterSizeKey(size), plan).catch((err) => missing(err, `The still of "${name}" (its poster)`, warn));
    return still ? { poster: still.path } : {};
  }
  if (request.widths.length === 0) return {};
  const variants: { width: number; path: string }[] = [];
  // The main file's own width (its header, else Google's metadata): nothing at or above it is asked for.
  for (const width of widthsBelow(request.widths, main.width)) {
    const plan = {
      kind: 'download' as const,
      url: `${baseUrl}${variantSuffix(width)}`,
      fileName: variantFileName(name, width),
      mimeType: 'image/jpeg',
    };
    let copy: { path: string } | undefined;
    try {
      copy = await fetchImage(variantSizeKey(width), plan);
    } catch (err) {
      // Cancelled: the main file is whole and counts; the copies not yet fetched are simply not there.
      if (isAbortError(err)) break;
      missing(err, `The ${width} px wide copy of "${name}"`, warn);
      continue;
    }
    // What arrived, for srcset's "480w": the header's width, else the width asked for.
    variants.push({ width: (await pixelSizeOfFile(copy.path))?.width ?? width, path: copy.path });
  }
  return { variants: variants.sort((a, b) => a.width - b.width) };
}

function missing(err: unknown, what: string, warn: (message: string) => void): undefined {
  if (!isAbortError(err))
    warn(`${what} could not be downloaded (${(err as Error).message}); import again to fetch it (the files already there are reused).`);
  return undefined;
}

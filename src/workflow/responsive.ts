/**
 * Page-ready extras of an item, as pure rules: the smaller widths of a photo asked of Google (`=wN`, for srcset) and
 * a video's still (a sized request on a video answers with an image, for `poster`): which to ask for, under which
 * name, and how the folder's index tells them apart from the main file.
 */
import { splitExtension } from './naming';
import type { MediaFileMetadata } from '../picker/types';
import type { ImageSize } from './placement';
import { TemplateError } from './template';

/** More widths than this is no longer a srcset but a download of the same photo over and over. */
export const MAX_RESPONSIVE_WIDTHS = 8;
/** The largest side Google's size parameters take (as for the image size). */
export const MAX_RESPONSIVE_WIDTH = 16383;
/** A video's still when Google gives no size for the video (it never enlarges, so this is only a ceiling). */
const POSTER_BOX = 1920;

/**
 * The widths the user asked for (the CLI's "480,1024", or the setting's array), without repeats, narrowest first.
 * Anything but up to MAX_RESPONSIVE_WIDTHS whole numbers from 1 to MAX_RESPONSIVE_WIDTH is an error that says so.
 */
export function parseResponsiveWidths(value: string | readonly unknown[] | undefined, label: string): number[] {
  if (value === undefined) return [];
  const parts: unknown[] = typeof value === 'string' ? (value.trim() === '' ? [] : value.split(',').map((p) => p.trim())) : [...value];
  const widths = parts.map((part) =>
    typeof part === 'number' ? part : typeof part === 'string' && /^\d+$/.test(part) ? Number(part) : NaN,
  );
  const bad = widths.some((w) => !Number.isInteger(w) || w < 1 || w > MAX_RESPONSIVE_WIDTH);
  const unique = [...new Set(widths)].sort((a, b) => a - b);
  if (bad || unique.length > MAX_RESPONSIVE_WIDTHS) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    throw new TemplateError(
      `${label}: "${shown}" is not a list of up to ${MAX_RESPONSIVE_WIDTHS} widths in pixels, each a whole number from 1 to ${MAX_RESPONSIVE_WIDTH} (such as 480,1024).`,
    );
  }
  return unique;
}

/** Only widths below the photo's own: a copy at or above it would be the same photo, or an enlarged one. */
export function widthsBelow(widths: readonly number[], ownWidth: number | undefined): number[] {
  return ownWidth === undefined ? [] : widths.filter((w) => w < ownWidth);
}

/** `IMG_1.jpg` at 480 -> `IMG_1-480w.jpg` (the downloader then fits the extension to the answer's content type). */
export function variantFileName(mainFileName: string, width: number): string {
  const { stem, ext } = stemAndExtension(mainFileName);
  return `${stem}-${width}w${ext}`;
}

/** `clip.mp4` -> `clip.poster.jpg`. */
export function posterFileName(videoFileName: string): string {
  return `${stemAndExtension(videoFileName).stem}.poster.jpg`;
}

/** Text after the last dot is an extension only when it looks like one ("v1.2 final" has none), as in safe names. */
function stemAndExtension(name: string): { stem: string; ext: string } {
  const split = splitExtension(name);
  return /^\.[A-Za-z0-9]{1,10}$/.test(split.ext) ? split : { stem: name, ext: '' };
}

/** How the folder's index records them, beside `original` or `WxH` of the main file. */
export function variantSizeKey(width: number): string {
  return `w${width}`;
}
/** A still fitted into an image-size box is another file than the full-size one: each has its own key. */
export function posterSizeKey(size: ImageSize): string {
  return size.kind === 'fit' ? `poster-${size.width}x${size.height}` : 'poster';
}

/** `=wN`: Google keeps the aspect ratio. */
export function variantSuffix(width: number): string {
  return `=w${width}`;
}

/**
 * The video's still at the video's own size (Google's metadata), or fitted into the image-size box when one is set;
 * a box of POSTER_BOX when Google gives no size.
 */
export function posterSuffix(metadata: MediaFileMetadata | undefined, size: ImageSize): string {
  const side = (value: unknown) =>
    Number.isInteger(Number(value)) && Number(value) > 0 ? Math.min(Number(value), MAX_RESPONSIVE_WIDTH) : undefined;
  let width = side(metadata?.width) ?? POSTER_BOX;
  let height = side(metadata?.height) ?? POSTER_BOX;
  if (size.kind === 'fit') [width, height] = [Math.min(width, size.width), Math.min(height, size.height)];
  return `=w${width}-h${height}`;
}

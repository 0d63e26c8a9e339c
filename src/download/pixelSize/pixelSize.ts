/**
 * The width and height written into links: read from the header of the file as it is on disk (what Google sent, which
 * need not be the size asked for), with Google's metadata when the header cannot be read, and for videos.
 */
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import type { ImportedItem } from '../../importReport';
import type { PickedMediaItem } from '../../picker/types';
import type { ImageSize } from '../../workflow/placement';
import { dimensionsOf } from '../downloadPlan';
import { imageSizeOf, type PixelSize } from './imageSize';

/** Enough for nearly every header; a JPEG's frame header can follow an Exif block and colour profiles, hence a second, longer look. */
const FIRST_LOOK_BYTES = 64 * 1024;
const LONGEST_LOOK_BYTES = 256 * 1024;

export async function dimensionsFor(
  item: PickedMediaItem,
  size: ImageSize,
  filePath: string,
): Promise<Pick<ImportedItem, 'type' | 'width' | 'height'>> {
  const fromGoogle = dimensionsOf(item, size);
  if (fromGoogle.type === 'VIDEO') return fromGoogle;
  const fromFile = await pixelSizeOfFile(filePath);
  return fromFile ? { type: 'PHOTO', ...fromFile } : fromGoogle;
}

/** The image's size from its file's first bytes; undefined when it cannot be read or is not an image this knows. */
export async function pixelSizeOfFile(filePath: string): Promise<PixelSize | undefined> {
  let file: fs.FileHandle | undefined;
  try {
    file = await fs.open(filePath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const head = await readHead(file, FIRST_LOOK_BYTES);
    const found = imageSizeOf(head);
    if (found || head.length < FIRST_LOOK_BYTES) return found;
    return imageSizeOf(await readHead(file, LONGEST_LOOK_BYTES));
  } catch {
    return undefined;
  } finally {
    await file?.close().catch(() => undefined);
  }
}

async function readHead(file: fs.FileHandle, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  const { bytesRead } = await file.read(buffer, 0, length, 0);
  return buffer.subarray(0, bytesRead);
}

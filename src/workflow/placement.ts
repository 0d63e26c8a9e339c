/**
 * Where each picked item lands and under which name, as pure functions of its metadata: the per-item variables of
 * destination and file-name patterns, and the size asked of Google. Dates are the item's createTime in UTC.
 */
import type { MediaFileMetadata } from '../picker/types';
import { FACT_VARIABLES, factsOf, type MediaFacts } from './facts';
import { safeFileName, safeNamePart, splitExtension } from './naming';
import { checkTemplate, expandTemplate, TemplateError, variablesOf } from './template';

/** Variables a destination folder may use per item: its date, and its facts from Google (camera, exposure). */
export const FOLDER_VARIABLES = ['createYear', 'createMonth', 'createDay', ...FACT_VARIABLES] as const;
/** Variables a file-name template may use (besides any the caller adds, such as documentBaseName). */
export const FILE_NAME_VARIABLES = ['fileName', 'fileStem', 'fileExt', 'createDate', 'createDateTime', 'index', ...FACT_VARIABLES] as const;
export const DEFAULT_FILE_NAME = '${fileName}';

export interface ItemFacts {
  id: string;
  filename?: string;
  mimeType?: string;
  createTime?: string;
  isVideo: boolean;
  /** Google's mediaFileMetadata: the source of the fact variables (${cameraModel}, ${exposureTime}, ...). */
  metadata?: MediaFileMetadata;
}

/** What to ask Google for: the original (`=d`), or a version that fits a box (Google resizes; no upscaling). */
export type ImageSize = { kind: 'original' } | { kind: 'fit'; width: number; height: number };

export const WEB_SIZE = 2048;
const MAX_SIDE = 16383;

/** `original`, `web` (fits 2048x2048) or `WIDTHxHEIGHT`; anything else is an error that says what is accepted. */
export function parseImageSize(text: string | undefined): ImageSize {
  const value = (text ?? '').trim().toLowerCase();
  if (value === '' || value === 'original') return { kind: 'original' };
  if (value === 'web') return { kind: 'fit', width: WEB_SIZE, height: WEB_SIZE };
  const match = /^(\d{1,5})\s*x\s*(\d{1,5})$/.exec(value);
  const [width, height] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
    throw new TemplateError(
      `image size: "${text}" is not "original", "web" or WIDTHxHEIGHT (such as 1600x1200, each side 1 to ${MAX_SIDE}).`,
    );
  }
  return { kind: 'fit', width, height };
}

/** The baseUrl suffix: `=dv` for any video, `=d` for an original photo, `=wW-hH` for a resized one. */
export function sizeSuffix(size: ImageSize, isVideo: boolean): string {
  if (isVideo) return '=dv';
  return size.kind === 'original' ? '=d' : `=w${size.width}-h${size.height}`;
}

/** How the size is recorded in the folder's index: the same item in another size is another file. */
export function sizeKey(size: ImageSize, isVideo: boolean): string {
  return isVideo || size.kind === 'original' ? 'original' : `${size.width}x${size.height}`;
}

/** createTime's parts in UTC; an item without a usable createTime is "undated" rather than dated today. */
function dateParts(createTime: string | undefined): { y: string; m: string; d: string; time: string } | undefined {
  const ms = createTime ? Date.parse(createTime) : NaN;
  if (Number.isNaN(ms)) return undefined;
  const iso = new Date(ms).toISOString(); // 2026-06-01T09:30:00.000Z
  return { y: iso.slice(0, 4), m: iso.slice(5, 7), d: iso.slice(8, 10), time: iso.slice(11, 19).replace(/:/g, '') };
}

export function folderValues(item: Pick<ItemFacts, 'createTime' | 'metadata'>): Record<(typeof FOLDER_VARIABLES)[number], string> {
  const date = dateParts(item.createTime);
  return {
    createYear: date?.y ?? 'undated',
    createMonth: date?.m ?? 'undated',
    createDay: date?.d ?? 'undated',
    ...factsInNames(item.metadata),
  };
}

/** The item's facts, each safe inside a name or one folder: "1/125" is "1_125", never a subfolder; empty when unknown. */
export function factsInNames(metadata: MediaFileMetadata | undefined): MediaFacts {
  const facts = factsOf(metadata);
  return Object.fromEntries(FACT_VARIABLES.map((name) => [name, safeNamePart(facts[name])])) as MediaFacts;
}

/** Google's name made safe, split; `index` is 1-based in pick order, zero-padded to the width of `count`. */
export function fileNameValues(item: ItemFacts, index: number, count: number): Record<(typeof FILE_NAME_VARIABLES)[number], string> {
  const fileName = safeFileName(item.filename, item.mimeType, `${item.isVideo ? 'video' : 'photo'}-${item.id.slice(0, 12)}`);
  const { stem, ext } = splitExtension(fileName);
  const date = dateParts(item.createTime);
  return {
    fileName,
    fileStem: stem,
    fileExt: ext.slice(1),
    createDate: date ? `${date.y}-${date.m}-${date.d}` : 'undated',
    createDateTime: date ? `${date.y}${date.m}${date.d}-${date.time}` : 'undated',
    index: String(index).padStart(String(count).length, '0'),
    ...factsInNames(item.metadata),
  };
}

/** The file name for an item: the template expanded, then the same safe-name rules as Google's own names. */
export function fileNameFor(template: string, item: ItemFacts, index: number, count: number, extra: Record<string, string> = {}): string {
  const values = { ...extra, ...fileNameValues(item, index, count) };
  const expanded = expandTemplate(template, values, 'file name');
  return safeFileName(expanded, item.mimeType, values.fileStem);
}

/** Whether names depend on how many items were picked (`${index}` is padded to that width). */
export function namesNeedPickCount(template: string): boolean {
  return variablesOf(template).includes('index');
}

/** Checks a file-name template before any session exists (an unknown variable is a typo the user should see now). */
export function checkFileNameTemplate(template: string, extraNames: readonly string[] = []): void {
  checkTemplate(template, [...FILE_NAME_VARIABLES, ...extraNames], 'file name');
  if (!template.trim()) throw new TemplateError('file name: the template is empty.');
}

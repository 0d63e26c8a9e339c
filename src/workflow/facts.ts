/**
 * The photo's own facts, as Google lists them in mediaFileMetadata, turned into template values: camera, pixel size
 * and exposure. Each is text, empty when Google gives none (clients disagree on which fields come). Pure.
 */
import type { MediaFileMetadata } from '../picker/types';

/** Variables that file-name, folder, alt-text, caption and link templates may use. */
export const FACT_VARIABLES = ['cameraMake', 'cameraModel', 'width', 'height', 'focalLength', 'aperture', 'iso', 'exposureTime'] as const;
export type FactName = (typeof FACT_VARIABLES)[number];
export type MediaFacts = Record<FactName, string>;

/** Facts as people write them: "4.4" (mm), "1.8" (f-number), "100", "1/125" (seconds, or "2" for two seconds). */
export function factsOf(metadata: MediaFileMetadata | undefined): MediaFacts {
  const photo = metadata?.photoMetadata ?? {};
  return {
    cameraMake: text(metadata?.cameraMake),
    cameraModel: text(metadata?.cameraModel),
    width: positiveNumber(metadata?.width),
    height: positiveNumber(metadata?.height),
    focalLength: positiveNumber(photo.focalLength),
    aperture: positiveNumber(photo.apertureFNumber),
    iso: positiveNumber(photo.isoEquivalent),
    exposureTime: exposureText(photo.exposureTime),
  };
}

function text(value: unknown): string {
  // Control and bidirectional characters (a photo's Exif may come from anyone) never reach a page or a terminal.
  return typeof value === 'string'
    ? value
        .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    : '';
}

/** A positive finite number, without trailing zeros ("4.4", not "4.40000001"); anything else is empty. */
function positiveNumber(value: unknown): string {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? String(Math.round(n * 100) / 100) : '';
}

/** Google gives a Duration ("0.008s"): under a second it reads as a fraction (1/125), else in seconds ("2.5"). */
function exposureText(value: unknown): string {
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(value.trim()) : null;
  const seconds = match ? Number(match[1]) : NaN;
  if (!(seconds > 0) || !Number.isFinite(seconds)) return '';
  return seconds < 1 ? `1/${Math.round(1 / seconds)}` : String(Math.round(seconds * 10) / 10);
}

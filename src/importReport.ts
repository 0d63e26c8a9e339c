/**
 * What an import reports: its events while it runs, its summary at the end, and each file in that summary. The
 * faces read these; the downloads fill them in.
 */
import type { MediaFacts } from './workflow/facts';

export interface ImportedItem {
  id: string;
  /** The name Google Photos knows the item by. */
  filename: string;
  /** Where it was written (its name there may differ: made safe, or numbered to avoid a collision). */
  path: string;
  bytes: number;
  mimeType: string;
  type: 'PHOTO' | 'VIDEO';
  /**
   * Pixels as a browser shows the file: from its header (turned by its Exif orientation); for a video, or a header
   * that cannot be read, Google's metadata (fitted into the box asked for); absent when unknown.
   */
  width?: number;
  height?: number;
  /** 1-based position in the user's pick. */
  index: number;
  /** The same photo at smaller widths, asked of Google (responsive sizes), narrowest first. */
  variants?: { width: number; path: string }[];
  /** For a video: the still written beside it, shown before it plays. */
  poster?: string;
  /** The photo's facts from Google's metadata (camera, exposure), for alt texts, captions and links. */
  facts?: MediaFacts;
}

export interface ImportSummary {
  sessionId: string;
  /** The destination folder (with per-item folders: the folder they are all in). */
  dest: string;
  /** Downloaded this time. */
  imported: ImportedItem[];
  /** Already in the folder, byte for byte (the folder's index said so): not downloaded again. */
  reused: ImportedItem[];
  skipped: { id: string; reason: string }[];
  failed: { id: string; error: string }[];
  /** Things the user should hear about that cost no file (an unreadable index set aside, say). */
  warnings: string[];
}

export type ImportEvent =
  | { type: 'session-created'; sessionId: string; pickerUri: string; expireTime?: string }
  | { type: 'waiting'; polls: number; deadline?: number }
  /** The listing's first page: `more` when later pages are still being listed (downloads start anyway). */
  | { type: 'picked'; count: number; more?: true }
  /** `total` is what is listed so far while `more` is set; it only grows. */
  | { type: 'downloading'; done: number; total: number; more?: true; fileName?: string }
  /** Google's media host answered 429: no download starts before `until` (ms since the epoch). */
  | { type: 'rate-limited'; until: number }
  | { type: 'session-deleted'; sessionId: string }
  /** Sessions an earlier run (a crash, a killed window) left open, deleted before this one starts. */
  | { type: 'leftover-sessions-deleted'; sessionIds: string[] }
  | { type: 'session-delete-failed'; sessionId: string; error: string };

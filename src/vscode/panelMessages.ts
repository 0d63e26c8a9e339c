/**
 * The messages between the panel's webview and the extension: shared, for real, by src/webview/ (bundled for the
 * browser) and src/vscode/. No vscode or DOM import.
 */
import type { ImportView } from './importView';

export type ToPanel =
  /** The view to show; `seq` grows with every post, so the webview can drop one that arrives late. */
  | { type: 'view'; seq: number; view: ImportView; thumbnails?: PanelThumbnail[] }
  /** The QR image of `link`, drawn after the view that names it: shown only while the view still names it. */
  | { type: 'qr'; link: string; dataUri: string };

/** A picture of an imported file for the result grid: a webview URI of the file (photos), or none (videos). */
export interface PanelThumbnail {
  path: string;
  src?: string;
}

export type FromPanel =
  | { type: 'ready' }
  | { type: 'openInBrowser' }
  | { type: 'copyLink' }
  | { type: 'copyCode' }
  | { type: 'reveal'; path?: string }
  /** Insert the links of one imported file (by path), or of all (no path), at the editor's cursor. */
  | { type: 'insert'; path?: string }
  | { type: 'copyLinks' }
  | { type: 'retry' }
  | { type: 'cancel' };

const FROM_PANEL_TYPES = new Set<string>([
  'ready',
  'openInBrowser',
  'copyLink',
  'copyCode',
  'reveal',
  'insert',
  'copyLinks',
  'retry',
  'cancel',
]);

/** Messages from a webview are untrusted input: accept only the known shapes. */
export function parseFromPanel(message: unknown): FromPanel | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, path } = message as { type?: unknown; path?: unknown };
  if (typeof type !== 'string' || !FROM_PANEL_TYPES.has(type)) return undefined;
  if (type === 'reveal' || type === 'insert') return { type, path: typeof path === 'string' ? path : undefined };
  return { type } as FromPanel;
}

/** The strings the webview shows, translated by the extension and handed to the page as JSON. */
export interface PanelStrings {
  starting: string;
  waiting: string;
  leftToPick: string;
  downloading: string;
  /** While the pick is still being listed. */
  downloadingListing: string;
  /** A 429's pause, with its countdown. */
  quotaWait: string;
  picked: string;
  importedOne: string;
  importedMany: string;
  reveal: string;
  insert: string;
  video: string;
  failed: string;
  cancelled: string;
  signIn: string;
  signedIn: string;
  codeLeft: string;
}

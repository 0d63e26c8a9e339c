/** What the QR panel shows, and the messages between it and the extension. Shared by both sides' code. */
export interface PanelFile {
  name: string;
  path: string;
}

export interface PanelState {
  phase: 'sign-in' | 'signed-in' | 'starting' | 'waiting' | 'downloading' | 'done' | 'error' | 'cancelled';
  /** Device-code sign-in: the page to open and the code to type there. */
  verificationUrl?: string;
  userCode?: string;
  pickerUri?: string;
  /** data: URI of an SVG QR code for pickerUri (dark on light whatever the theme). */
  qrDataUri?: string;
  deadline?: number;
  done?: number;
  total?: number;
  folderLabel?: string;
  files?: PanelFile[];
  skipped?: string[];
  failed?: string[];
  message?: string;
}

export type ToPanel = { type: 'state'; state: PanelState };

export type FromPanel =
  | { type: 'ready' }
  | { type: 'openInBrowser' }
  | { type: 'copyLink' }
  | { type: 'copyCode' }
  | { type: 'reveal'; path?: string }
  | { type: 'retry' }
  | { type: 'cancel' };

const FROM_PANEL_TYPES = new Set(['ready', 'openInBrowser', 'copyLink', 'copyCode', 'reveal', 'retry', 'cancel']);

/** Messages from a webview are untrusted input: accept only the known shapes. */
export function parseFromPanel(message: unknown): FromPanel | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, path } = message as { type?: unknown; path?: unknown };
  if (typeof type !== 'string' || !FROM_PANEL_TYPES.has(type)) return undefined;
  if (type === 'reveal') return { type, path: typeof path === 'string' ? path : undefined };
  return { type } as FromPanel;
}

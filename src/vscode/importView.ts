/**
 * The one view-model of an import: every face of it (status bar, panel, menus) is rendered from an ImportView, and
 * an ImportView changes only through `reduceView`. Pure, no vscode import: table-tested with plain mocha.
 */
import type { DeviceCodePrompt } from '../auth/deviceCodeFlow';
import type { ImportedItem, ImportEvent } from '../importReport';

export interface ImportedFile {
  name: string;
  path: string;
  kind: 'photo' | 'video';
  width?: number;
  height?: number;
  /** What the links show besides the file: responsive sizes, a video's poster, the photo's facts (import.ts). */
  variants?: ImportedItem['variants'];
  poster?: string;
  facts?: ImportedItem['facts'];
}

export type ImportView =
  | { kind: 'idle' }
  /** A sign-in is under way; with a device code when that flow asks the user to type one. */
  | { kind: 'signing-in'; deviceCode?: DeviceCodePrompt }
  | { kind: 'signed-in' }
  | { kind: 'starting' }
  | { kind: 'waiting'; pickerUri: string; deadline?: number }
  /**
   * `more` while the pick is still being listed: `total` is what is known so far. `pausedUntil`: Google's media host
   * asked to wait (a 429), and no download starts before then.
   */
  | { kind: 'downloading'; done: number; total: number; more?: true; pausedUntil?: number }
  | { kind: 'done'; folderLabel: string; folderPath: string; files: ImportedFile[]; problems: string[] }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled'; message: string };

export type ViewEvent =
  | ImportEvent
  | { type: 'signing-in' }
  | { type: 'device-code'; prompt: DeviceCodePrompt }
  /** The sign-in finished (or was abandoned) before any import step began. */
  | { type: 'signed-in' }
  | { type: 'sign-in-abandoned' }
  | { type: 'starting' }
  | { type: 'finished'; folderLabel: string; folderPath: string; files: ImportedFile[]; problems: string[] }
  | { type: 'failed'; message: string }
  | { type: 'cancelled'; message: string };

/** Kinds during which an import (or its sign-in) is running and can be cancelled. */
export function isBusy(view: ImportView): boolean {
  return view.kind === 'signing-in' || view.kind === 'starting' || view.kind === 'waiting' || view.kind === 'downloading';
}

/**
 * The next view. Events arrive in the order they happened, but ticks and progress from an earlier step may still
 * trail behind a later one: those never move the view backwards (an unchanged view is returned as the same object).
 */
export function reduceView(view: ImportView, event: ViewEvent): ImportView {
  switch (event.type) {
    case 'signing-in':
      return { kind: 'signing-in' };
    case 'device-code':
      return view.kind === 'signing-in' ? { kind: 'signing-in', deviceCode: event.prompt } : view;
    case 'signed-in':
      return view.kind === 'signing-in' ? { kind: 'signed-in' } : view;
    case 'sign-in-abandoned':
      return view.kind === 'signing-in' ? { kind: 'idle' } : view;
    case 'starting':
      return { kind: 'starting' };
    case 'session-created':
      return view.kind === 'starting' ? { kind: 'waiting', pickerUri: event.pickerUri } : view;
    case 'waiting':
      return view.kind === 'waiting' && view.deadline !== event.deadline ? { ...view, deadline: event.deadline } : view;
    case 'picked':
      return view.kind === 'waiting' || view.kind === 'starting' ? downloadingView(0, event.count, event.more) : view;
    case 'downloading':
      return view.kind === 'downloading' && (event.done !== view.done || event.total !== view.total || event.more !== view.more)
        ? downloadingView(event.done, event.total, event.more, view.pausedUntil)
        : view;
    case 'rate-limited':
      return view.kind === 'downloading' ? { ...view, pausedUntil: event.until } : view;
    case 'finished':
      return { kind: 'done', folderLabel: event.folderLabel, folderPath: event.folderPath, files: event.files, problems: event.problems };
    case 'failed':
      return { kind: 'failed', message: event.message };
    case 'cancelled':
      return { kind: 'cancelled', message: event.message };
    case 'session-deleted':
    case 'session-delete-failed':
    case 'leftover-sessions-deleted':
      return view;
  }
}

function downloadingView(done: number, total: number, more: true | undefined, pausedUntil?: number): ImportView {
  return { kind: 'downloading', done, total, ...(more ? { more } : {}), ...(pausedUntil === undefined ? {} : { pausedUntil }) };
}

/** The page the panel offers to open and copy: the picker link, or the device sign-in page. */
export function linkOf(view: ImportView): string | undefined {
  if (view.kind === 'waiting') return view.pickerUri;
  if (view.kind === 'signing-in') return view.deviceCode?.verificationUrl;
  return undefined;
}

/** What Open in Browser opens: the picker link with `/autoclose`, so its tab closes after Done; else the same page. */
export function browserLinkOf(view: ImportView): string | undefined {
  return view.kind === 'waiting' ? withAutoclose(view.pickerUri) : linkOf(view);
}

/**
 * Google's picker closes its own tab after Done when `/autoclose` follows the pickerUri's path: for a browser on this
 * device only. The QR code and Copy Link keep the bare pickerUri, which a phone opens in the Google Photos app.
 */
export function withAutoclose(pickerUri: string): string {
  const url = new URL(pickerUri);
  if (!url.pathname.endsWith('/autoclose')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/autoclose`;
  return url.toString();
}

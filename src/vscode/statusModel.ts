/**
 * The status-bar item as one small state machine: `reduce` moves between states on import events, `render` says
 * what the item shows. No vscode import, so both are tested with plain mocha.
 */
import type { ImportEvent } from '../import';
import { clock } from '../util/clock';

export type StatusState =
  | { kind: 'hidden' }
  | { kind: 'signing-in' }
  | { kind: 'starting' }
  | { kind: 'waiting'; deadline?: number }
  | { kind: 'importing'; done: number; total: number }
  | { kind: 'imported'; count: number; folderLabel: string }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' };

export type StatusEvent =
  | ImportEvent
  | { type: 'signing-in' }
  | { type: 'starting' }
  | { type: 'finished'; count: number; folderLabel: string }
  | { type: 'failed'; message: string }
  | { type: 'cancelled' }
  /** The "briefly after" period is over. */
  | { type: 'dismiss' }
  /** Nothing to show any more (sign-in abandoned before a session existed). */
  | { type: 'reset' };

export function reduce(state: StatusState, event: StatusEvent): StatusState {
  switch (event.type) {
    case 'signing-in':
      return { kind: 'signing-in' };
    case 'starting':
      return { kind: 'starting' };
    case 'session-created':
      return { kind: 'waiting' };
    case 'waiting':
      return state.kind === 'waiting' || state.kind === 'starting' ? { kind: 'waiting', deadline: event.deadline } : state;
    case 'picked':
      return { kind: 'importing', done: 0, total: event.count };
    case 'downloading':
      return { kind: 'importing', done: event.done, total: event.total };
    case 'finished':
      return { kind: 'imported', count: event.count, folderLabel: event.folderLabel };
    case 'failed':
      return { kind: 'failed', message: event.message };
    case 'cancelled':
      return { kind: 'cancelled' };
    case 'reset':
      return { kind: 'hidden' };
    case 'dismiss':
      return state.kind === 'imported' || state.kind === 'failed' || state.kind === 'cancelled' ? { kind: 'hidden' } : state;
    case 'session-deleted':
    case 'session-delete-failed':
      return state;
  }
}

/** States that end an import; the item stays this long, then `dismiss` hides it. */
export function lingerMs(state: StatusState): number | undefined {
  switch (state.kind) {
    case 'imported':
      return 15_000;
    case 'failed':
      return 60_000;
    case 'cancelled':
      return 5_000;
    default:
      return undefined;
  }
}

export interface StatusView {
  visible: boolean;
  text: string;
  tooltip: string;
  /** Whether the item needs re-rendering every second (a countdown). */
  ticking: boolean;
  error: boolean;
}

/** vscode.l10n.t's shape: "{0}" placeholders. The default formats the English source text. */
export type Translate = (message: string, ...args: (string | number)[]) => string;
export const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

export function render(state: StatusState, now: number, t: Translate = english): StatusView {
  const base = { visible: true, ticking: false, error: false };
  switch (state.kind) {
    case 'hidden':
      return { ...base, visible: false, text: '', tooltip: '' };
    case 'signing-in':
      return { ...base, text: `$(sync~spin) ${t('Google Photos: signing in')}`, tooltip: t('Finish signing in to Google in your browser.') };
    case 'starting':
      return { ...base, text: `$(sync~spin) ${t('Google Photos')}`, tooltip: t('Starting a picker session...') };
    case 'waiting': {
      const text = state.deadline === undefined ? t('Google Photos: waiting') : t('Google Photos: waiting {0}', clock(state.deadline - now));
      return { ...base, ticking: state.deadline !== undefined, text: `$(sync~spin) ${text}`, tooltip: t('Waiting for you to pick photos and press Done. Click to show the QR code.') };
    }
    case 'importing':
      return { ...base, text: `$(cloud-download) ${t('Google Photos: importing {0}/{1}', state.done, state.total)}`, tooltip: t('Downloading {0} item(s).', state.total) };
    case 'imported':
      return { ...base, text: `$(check) ${t('Google Photos: imported {0}', state.count)}`, tooltip: t('Imported {0} item(s) to {1}.', state.count, state.folderLabel) };
    case 'failed':
      return { ...base, error: true, text: `$(error) ${t('Google Photos: failed')}`, tooltip: state.message };
    case 'cancelled':
      return { ...base, text: `$(circle-slash) ${t('Google Photos: cancelled')}`, tooltip: t('The import was cancelled.') };
  }
}

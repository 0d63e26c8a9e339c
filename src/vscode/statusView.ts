/**
 * What the status-bar item shows for an ImportView, including what a click does (the command travels with the view,
 * as rust-analyzer's status item carries its own). Pure: no vscode import.
 */
import type * as vscode from 'vscode';
import { clock } from '../util/clock';
import { COMMANDS } from './commands';
import { type ImportView, isBusy } from './importView';

/**
 * The part of vscode.l10n this module uses ("{0}" placeholders). Calls read `l10n.t('...')`, so the official string
 * extractor (@vscode/l10n-dev) finds them; `vscode` is imported as a type only, so nothing loads it at run time.
 */
export interface Localizer {
  t(message: string, ...args: (string | number)[]): string;
}
export const english: Localizer = { t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) };
export const asLocalizer = (l10n: typeof vscode.l10n): Localizer => l10n;

/** What the status-bar menu offers; each is one of the extension's commands. */
export type StatusAction = 'showPicker' | 'cancel' | 'reveal' | 'retry';

export interface StatusView {
  visible: boolean;
  text: string;
  tooltip: string;
  /** Whether the item needs re-rendering every second (a countdown). */
  ticking: boolean;
  error: boolean;
  /** What a click runs: the QR panel directly while waiting, otherwise a menu of these actions. */
  click: { command: string; arguments?: StatusAction[][] };
  /** How long a final state stays before the item hides (undefined: while it lasts). */
  lingerMs?: number;
}

export function statusActions(view: ImportView): StatusAction[] {
  const actions: StatusAction[] = view.kind === 'idle' || view.kind === 'signed-in' ? [] : ['showPicker'];
  if (isBusy(view)) actions.push('cancel');
  if (view.kind === 'done') actions.push('reveal');
  if (view.kind === 'failed') actions.push('retry');
  return actions;
}

export function renderStatus(view: ImportView, now: number, l10n: Localizer = english): StatusView {
  const base = { visible: true, ticking: false, error: false, click: { command: COMMANDS.statusMenu, arguments: [statusActions(view)] } };
  switch (view.kind) {
    case 'idle':
    case 'signed-in':
      return { ...base, visible: false, text: '', tooltip: '' };
    case 'signing-in':
      return {
        ...base,
        text: `$(sync~spin) ${l10n.t('Google Photos: signing in')}`,
        tooltip: l10n.t('Finish signing in to Google in your browser.'),
      };
    case 'starting':
      return { ...base, text: `$(sync~spin) ${l10n.t('Google Photos')}`, tooltip: l10n.t('Starting a picker session...') };
    case 'waiting': {
      const text =
        view.deadline === undefined ? l10n.t('Google Photos: waiting') : l10n.t('Google Photos: waiting {0}', clock(view.deadline - now));
      return {
        ...base,
        ticking: view.deadline !== undefined,
        text: `$(sync~spin) ${text}`,
        tooltip: l10n.t('Waiting for you to pick photos and press Done. Click to show the QR code.'),
        click: { command: COMMANDS.showPicker },
      };
    }
    case 'downloading':
      if (view.pausedUntil !== undefined && view.pausedUntil > now) {
        return {
          ...base,
          ticking: true,
          text: `$(watch) ${l10n.t('Google Photos: importing {0}/{1}, waiting {2}', view.done, view.total, clock(view.pausedUntil - now))}`,
          tooltip: l10n.t('Google asked to wait (download quota). The import goes on by itself.'),
        };
      }
      return view.more
        ? {
            ...base,
            text: `$(cloud-download) ${l10n.t('Google Photos: importing {0}/{1}+', view.done, view.total)}`,
            tooltip: l10n.t('Downloading {0} item(s) so far; the rest of the pick is still being listed.', view.total),
          }
        : {
            ...base,
            text: `$(cloud-download) ${l10n.t('Google Photos: importing {0}/{1}', view.done, view.total)}`,
            tooltip: l10n.t('Downloading {0} item(s).', view.total),
          };
    case 'done':
      return {
        ...base,
        lingerMs: 15_000,
        text: `$(check) ${l10n.t('Google Photos: imported {0}', view.files.length)}`,
        tooltip: l10n.t('Imported {0} item(s) to {1}.', view.files.length, view.folderLabel),
      };
    case 'failed':
      return { ...base, lingerMs: 60_000, error: true, text: `$(error) ${l10n.t('Google Photos: failed')}`, tooltip: view.message };
    case 'cancelled':
      return {
        ...base,
        lingerMs: 5_000,
        text: `$(circle-slash) ${l10n.t('Google Photos: cancelled')}`,
        tooltip: l10n.t('The import was cancelled.'),
      };
  }
}

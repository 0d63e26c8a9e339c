/** What the progress notification says for each engine event, and how far its bar is: pure, table-tested. */
import type * as vscode from 'vscode';
import type { ImportEvent } from '../importReport';
import { secondsUntil } from '../util/clock';

export interface ProgressUpdate {
  message: string;
  /** Where the bar is, 0-100; absent while it cannot be known (the pick is still being listed). */
  percent?: number;
}

export function progressFor(event: ImportEvent, l10n: Pick<typeof vscode.l10n, 't'>, now = Date.now()): ProgressUpdate | undefined {
  switch (event.type) {
    case 'waiting':
      return { message: l10n.t('waiting for your selection (scan the QR code or open the link)') };
    case 'picked':
      return { message: event.more ? l10n.t('{0} picked so far', event.count) : l10n.t('{0} picked', event.count) };
    case 'downloading':
      // While the pick is still being listed its total grows, so the bar moves only once the total is known.
      if (event.more) return { message: l10n.t('downloading {0} of at least {1}', event.done, event.total) };
      return event.total > 0
        ? { message: l10n.t('downloading {0} of {1}', event.done, event.total), percent: (event.done / event.total) * 100 }
        : undefined;
    case 'rate-limited':
      return { message: l10n.t('Google asked to wait {0} s (download quota)', secondsUntil(event.until, now)) };
    default:
      return undefined;
  }
}

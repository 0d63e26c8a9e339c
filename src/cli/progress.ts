/** What the CLI prints: progress and the QR code on stderr, the result on stdout. */
import type { ImportedItem, ImportEvent, ImportSummary } from '../importReport';
import { qrcodeLibrary } from '../vendor/libraries';
import { clock, secondsUntil } from '../util/clock';

export const err = (line: string) => process.stderr.write(`${line}\n`);

/** Prints progress in event order (the QR code is rendered asynchronously, so events queue behind it). */
export function progressPrinter(): { onEvent: (event: ImportEvent) => void; flushed: () => Promise<void> } {
  const tty = process.stderr.isTTY;
  let lastWaitLine = '';
  let queue: Promise<void> = Promise.resolve();
  const print = async (event: ImportEvent): Promise<void> => {
    switch (event.type) {
      case 'session-created':
        await showPickerUri(event.pickerUri);
        break;
      case 'waiting': {
        if (event.deadline === undefined) break;
        const line = `Waiting for your selection... ${clock(event.deadline - Date.now())} left`;
        if (tty) process.stderr.write(`\r${line}`);
        else if (!lastWaitLine) err(line);
        lastWaitLine = line;
        break;
      }
      case 'picked':
        if (tty && lastWaitLine) process.stderr.write('\n');
        err(
          event.more
            ? `${event.count} item(s) picked so far; downloading them while the rest are listed.`
            : `${event.count} item(s) picked.`,
        );
        break;
      case 'downloading': {
        if (event.total === 0 && !event.more) break;
        const finished = event.done === event.total && !event.more;
        if (tty)
          process.stderr.write(
            `\r\x1b[KDownloading ${event.done} of ${event.more ? 'at least ' : ''}${event.total}${finished ? '\n' : ''}`,
          );
        else if (finished) err(`Downloaded ${event.done} of ${event.total}.`);
        break;
      }
      case 'rate-limited':
        if (tty) process.stderr.write('\n');
        err(`Google's media host asked to wait (download quota): going on in ${secondsUntil(event.until, Date.now())} s.`);
        break;
      case 'session-delete-failed':
        err(`Warning: the picker session could not be deleted (${event.error}). It expires by itself.`);
        break;
      case 'leftover-sessions-deleted':
        err(`Deleted ${event.sessionIds.length} picker session(s) an earlier run left open.`);
        break;
      case 'session-deleted':
        break;
    }
  };
  return {
    onEvent: (event) => void (queue = queue.then(() => print(event))),
    flushed: () => queue,
  };
}

async function showPickerUri(uri: string): Promise<void> {
  try {
    err(await qrcodeLibrary().toString(uri, { type: 'terminal', small: true, errorCorrectionLevel: 'M' }));
  } catch {
    // A QR code is a convenience; the link below is enough.
  }
  err('Scan the QR code with your phone, or open this link to pick photos in Google Photos:');
  err(uri);
}

/**
 * `error`: why a run that wrote files failed (in the JSON only; the human form says it on stderr). `links` (from
 * --links-for): the JSON's "links"; else stdout carries them alone, and the human summary goes to stderr.
 */
export function printSummary(summary: ImportSummary, json: boolean, error?: string, links?: string): void {
  if (json) {
    const extra = { ...(links === undefined ? {} : { links }), ...(error === undefined ? {} : { error }) };
    process.stdout.write(`${JSON.stringify({ ...summary, ...extra })}\n`);
    return;
  }
  const reused = summary.reused.length ? `; ${summary.reused.length} already there (not downloaded again)` : '';
  const lines = [`Imported ${summary.imported.length} file(s) into ${summary.dest}${reused}`];
  const extras = (item: ImportedItem) => [
    ...(item.variants ?? []).map((v) => `    ${v.width}w: ${v.path}`),
    ...(item.poster ? [`    poster: ${item.poster}`] : []),
  ];
  for (const item of summary.imported) lines.push(`  ${item.path} (${item.bytes} bytes)`, ...extras(item));
  for (const item of summary.reused) lines.push(`  ${item.path} (already there)`, ...extras(item));
  for (const item of summary.skipped) lines.push(`  skipped ${item.id}: ${item.reason}`);
  for (const item of summary.failed) lines.push(`  FAILED ${item.id}: ${item.error}`);
  for (const warning of summary.warnings) lines.push(`  note: ${warning}`);
  if (links === undefined) {
    process.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  err(lines.join('\n'));
  if (links) process.stdout.write(`${links}\n`);
}

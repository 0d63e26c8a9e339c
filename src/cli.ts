/**
 * The terminal face: `google-photos-import import --dest DIR [--max-items N] [--json] [--emulator]`.
 * Progress and the QR code go to stderr; stdout carries only the result (one JSON object with --json).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { GoogleAuth } from './auth/googleAuth';
import { signInWithLoopback } from './auth/loopbackFlow';
import { requireOAuthClient } from './auth/oauthClientConfig';
import { type AccessTokenSource, StaticTokenSource } from './auth/tokenSource';
import { FileTokenStore } from './auth/tokenStore';
import { customPickerEndpoints, type GoogleEndpoints, googleEndpoints } from './endpoints';
import { DEFAULT_CONCURRENCY, type ImportEvent, ImportCancelledError, importPhotos, type ImportSummary } from './import';
import { loadEmulator, qrcodeLibrary } from './lazyModules';
import { isAbortError } from './util/abort';
import { clock } from './util/clock';

const USAGE = `Usage: google-photos-import import --dest DIR [options]

Pick photos in Google Photos (on your phone or in a browser) and download them into DIR.

Options:
  --dest DIR          where the files go (default: ./assets)
  --max-items N       at most N items may be picked (1-2000)
  --concurrency N     downloads at once (default ${DEFAULT_CONCURRENCY})
  --json              print one JSON summary on stdout (progress stays on stderr)
  --emulator          use the built-in Google emulator (no Google account needed)
  --verbose           log every API request (method, path, status) to stderr
  -h, --help          show this help

Environment:
  GOOGLE_PHOTOS_PICKER_API     Picker API base URL (default https://photospicker.googleapis.com)
  GOOGLE_PHOTOS_ACCESS_TOKEN   use this access token instead of signing in
  GOOGLE_PHOTOS_CLIENT_ID      OAuth "Desktop app" client ID, for signing in
  GOOGLE_PHOTOS_CLIENT_SECRET  that client's secret`;

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_CANCELLED = 130;

interface CliOptions {
  dest: string;
  maxItems?: number;
  concurrency: number;
  json: boolean;
  emulator: boolean;
  verbose: boolean;
}

class UsageError extends Error {}

function parseCli(argv: string[]): { command?: string; options: CliOptions; help: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dest: { type: 'string' },
      'max-items': { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean', default: false },
      emulator: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    command: positionals[0],
    help: Boolean(values.help),
    options: {
      dest: values.dest ?? 'assets',
      maxItems: values['max-items'] === undefined ? undefined : wholeNumber('--max-items', values['max-items'], 1, 2000),
      concurrency: values.concurrency === undefined ? DEFAULT_CONCURRENCY : wholeNumber('--concurrency', values.concurrency, 1, 16),
      json: Boolean(values.json),
      emulator: Boolean(values.emulator),
      verbose: Boolean(values.verbose),
    },
  };
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not "${text}".`);
  return n;
}

const err = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (e) {
    err(`google-photos-import: ${(e as Error).message}`);
    err('Run with --help for usage.');
    return EXIT_FAILED;
  }
  if (parsed.help || !parsed.command) {
    (parsed.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return parsed.help ? EXIT_OK : EXIT_FAILED;
  }
  if (parsed.command !== 'import') {
    err(`google-photos-import: unknown command "${parsed.command}". Run with --help for usage.`);
    return EXIT_FAILED;
  }
  return runImport(parsed.options);
}

async function runImport(options: CliOptions): Promise<number> {
  const controller = new AbortController();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(EXIT_CANCELLED); // a second Ctrl+C: stop waiting for cleanup
    interrupted = true;
    err(`\n${signal}: cancelling (deleting the session, removing partial files)...`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let stopEmulator: (() => Promise<void>) | undefined;
  const progress = progressPrinter();
  try {
    let endpoints: GoogleEndpoints;
    let tokens: AccessTokenSource;
    if (options.emulator) {
      // dist/emulator.js, a file of its own: loaded (with its JPEG encoder) only for --emulator.
      const { GoogleEmulator } = loadEmulator();
      const emulator = await GoogleEmulator.start({ pollInterval: '1s' });
      stopEmulator = () => emulator.close();
      endpoints = emulator.endpoints;
      tokens = new StaticTokenSource(emulator.issueAccessToken(24 * 3600));
      err(`Using the built-in Google emulator at ${emulator.origin} (signed in as a test user).`);
    } else {
      const api = process.env.GOOGLE_PHOTOS_PICKER_API?.trim();
      endpoints = api ? customPickerEndpoints(api, false) : googleEndpoints;
      tokens = await tokenSourceFromEnvironment(endpoints, controller.signal);
    }

    const summary = await importPhotos({
      endpoints,
      tokens,
      requestLog: options.verbose ? (e) => err(`[api] ${e.method} ${e.path} ${e.status} ${e.ms}ms`) : undefined,
      destDir: options.dest,
      maxItemCount: options.maxItems,
      concurrency: options.concurrency,
      signal: controller.signal,
      onEvent: progress.onEvent,
    });
    await progress.flushed();
    printSummary(summary, options.json);
    if (summary.failed.length) {
      err(`google-photos-import: ${summary.failed.length} of ${summary.failed.length + summary.imported.length} item(s) failed; first: ${summary.failed[0].error}`);
      return EXIT_FAILED;
    }
    return EXIT_OK;
  } catch (e) {
    await progress.flushed();
    if (e instanceof ImportCancelledError || isAbortError(e) || controller.signal.aborted) {
      err(`google-photos-import: ${e instanceof ImportCancelledError ? e.message : 'cancelled.'}`);
      if (options.json && e instanceof ImportCancelledError) printSummary(e.summary, true);
      return EXIT_CANCELLED;
    }
    err(`google-photos-import: ${oneLine((e as Error).message ?? String(e))}`);
    return EXIT_FAILED;
  } finally {
    await stopEmulator?.();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** GOOGLE_PHOTOS_ACCESS_TOKEN, else the stored sign-in, else a browser sign-in with the configured OAuth client. */
async function tokenSourceFromEnvironment(endpoints: GoogleEndpoints, signal: AbortSignal): Promise<AccessTokenSource> {
  const fixed = process.env.GOOGLE_PHOTOS_ACCESS_TOKEN?.trim();
  if (fixed) return new StaticTokenSource(fixed);
  const client = requireOAuthClient(process.env.GOOGLE_PHOTOS_CLIENT_ID, process.env.GOOGLE_PHOTOS_CLIENT_SECRET, 'GOOGLE_PHOTOS_CLIENT_ID (and GOOGLE_PHOTOS_CLIENT_SECRET), or GOOGLE_PHOTOS_ACCESS_TOKEN');
  const auth = new GoogleAuth(client, endpoints, new FileTokenStore());
  if (!(await auth.isSignedIn())) {
    await auth.signIn((oauth) => signInWithLoopback(oauth, {
      signal,
      openBrowser: (url) => {
        err('Sign in to Google in your browser. If it does not open, visit:');
        err(url);
        openInBrowser(url);
      },
    }));
    err('Signed in.');
  }
  return auth;
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  try {
    spawn(command, [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  } catch {
    // No browser here (SSH): the URL printed above is the way.
  }
}

/** Prints progress in event order (the QR code is rendered asynchronously, so events queue behind it). */
function progressPrinter(): { onEvent: (event: ImportEvent) => void; flushed: () => Promise<void> } {
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
        err(`${event.count} item(s) picked.`);
        break;
      case 'downloading':
        if (event.total === 0) break;
        if (tty) process.stderr.write(`\rDownloading ${event.done} of ${event.total}${event.done === event.total ? '\n' : ''}`);
        else if (event.done === event.total) err(`Downloaded ${event.done} of ${event.total}.`);
        break;
      case 'session-delete-failed':
        err(`Warning: the picker session could not be deleted (${event.error}). It expires by itself.`);
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

function printSummary(summary: ImportSummary, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const lines = [`Imported ${summary.imported.length} file(s) into ${summary.dest}`];
  for (const item of summary.imported) lines.push(`  ${item.path} (${item.bytes} bytes)`);
  for (const item of summary.skipped) lines.push(`  skipped ${item.id}: ${item.reason}`);
  for (const item of summary.failed) lines.push(`  FAILED ${item.id}: ${item.error}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

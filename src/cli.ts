/**
 * The terminal face: `google-photos-import import --dest DIR [--max-items N] [--json] [--emulator]`.
 * Progress and the QR code go to stderr; stdout carries only the result (one JSON object with --json).
 */
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { type AccessTokenSource, StaticTokenSource } from './auth/tokenSource';
import { customPickerEndpoints, type GoogleEndpoints, googleEndpoints } from './endpoints';
import { type CliOptions, destinationOf, parseCli, USAGE } from './cli/args';
import { prepareDocumentLinks } from './cli/linkOutput';
import { err, printSummary, progressPrinter } from './cli/progress';
import { cliSignInFlows, tokenSourceFromEnvironment } from './cli/signIn';
import { OutsideRootError } from './download/storage/destinationFolder';
import { checkMediaProxy, proxyFromEnvironment } from './util/proxy';
import { fetchThroughProxy } from './download/transport/proxiedFetch';
import { ImportCancelledError, importPhotos, partialSummaryOf } from './import';
import { loadEmulator } from './lazyModules';
import type { SessionRecords } from './picker/openSessions';
import { processOwnership } from './picker/processOwner';
import { FolderSessionStore } from './picker/sessionFolder';
import { configFolder } from './util/privateFile';
import { isAbortError } from './util/abort';
import { describeError } from './util/networkError';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_CANCELLED = 130;

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (e) {
    err(`google-photos-import: ${describeError(e)}`);
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
    // HTTPS_PROXY, HTTP_PROXY and NO_PROXY: for the sign-in, the Picker API calls and the media alike. One that
    // cannot be used (SOCKS) is said before the sign-in.
    const proxy = proxyFromEnvironment(process.env);
    checkMediaProxy(proxy);
    const apiFetch = fetchThroughProxy(proxy);
    // Before any session: a missing document or link root is said now, not after the photos are picked.
    const documentLinks = options.links && prepareDocumentLinks(options.links);
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
      // GOOGLE_PHOTOS_TEST_OAUTH=1: the test endpoint also serves OAuth (an emulator), as the extension's endpoint setting does.
      endpoints = api ? customPickerEndpoints(api, process.env.GOOGLE_PHOTOS_TEST_OAUTH === '1') : googleEndpoints;
      // The device code's own requests through the proxy too (google-auth-library's read HTTPS_PROXY themselves).
      tokens = await tokenSourceFromEnvironment(endpoints, controller.signal, cliSignInFlows(options.signIn), apiFetch);
    }

    const summary = await importPhotos({
      endpoints,
      tokens,
      requestLog: options.verbose ? (e) => err(`[api] ${e.method} ${e.path} ${e.status} ${e.ms}ms`) : undefined,
      ...destinationOf(options.dest, process.cwd()),
      fileName: options.fileName,
      imageSize: options.imageSize,
      responsiveWidths: options.responsiveWidths,
      videoPosters: options.videoPosters,
      skipDuplicates: options.skipDuplicates,
      // The built-in emulator's sessions end with this process; Google's are recorded until deleted.
      openSessions: options.emulator ? undefined : await cliSessionRecords(),
      maxItemCount: options.maxItems,
      maxFileBytes: options.maxFileBytes,
      concurrency: options.concurrency,
      mediaProxy: proxy,
      fetch: apiFetch,
      signal: controller.signal,
      onEvent: progress.onEvent,
    });
    await progress.flushed();
    const linked = documentLinks?.finish(summary);
    printSummary(summary, options.json, undefined, linked?.links);
    if (linked && !linked.ok) return EXIT_FAILED;
    if (summary.failed.length) {
      err(
        `google-photos-import: ${summary.failed.length} of ${summary.failed.length + summary.imported.length} item(s) failed; first: ${summary.failed[0].error}`,
      );
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
    const message = oneLine(describeError(e));
    err(`google-photos-import: ${message}`);
    // Files are on disk although the run failed: a script learns which, with the reason.
    const partial = partialSummaryOf(e);
    if (options.json && partial) printSummary(partial, true, message);
    if (e instanceof OutsideRootError && !path.isAbsolute(options.dest))
      err('A relative --dest stays inside the working folder. To import there anyway, give --dest as an absolute path.');
    return EXIT_FAILED;
  } finally {
    await stopEmulator?.();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** One file per open session under sessions/, shared by every CLI run; each run is named by its process. */
async function cliSessionRecords(): Promise<SessionRecords> {
  const folder = configFolder();
  return {
    store: new FolderSessionStore(path.join(folder, 'sessions'), path.join(folder, 'sessions.json')),
    owner: await processOwnership(),
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

if (require.main === module) {
  // fetch (the API calls) parses HTTP with a WebAssembly build of llhttp; V8's optimising tier-up of that module costs
  // tens of MB of resident memory for no gain in a short run (npm run bench shows the CLI's peak RSS).
  setFlagsFromString('--liftoff-only');
  // V8 doubles its young generation as objects survive collections, up to 32 MB, and keeps it. Downloads make little
  // garbage but live long, so it grew anyway; at its first size it costs no time and less memory.
  setFlagsFromString('--semi-space-growth-factor=1');
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

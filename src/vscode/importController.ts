import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { ImportEvent, ImportSummary } from '../importReport';
import { importEngine } from '../lazyModules';
import type { SessionRecords } from '../picker/openSessions';
import { DisposableBase } from '../util/lifecycle';
import type { Account, AuthService } from './authService';
import { COMMANDS } from './commands';
import { askDestination, type Destination } from './destinationPrompt';
import { askFileOptions, type FileOptions } from './fileOptions';
import type { ErrorReporter } from './errorReporter';
import { progressFor } from './importProgress';
import { type ImportedFile, isBusy } from './importView';
import { type LinkTarget, type LinkWriter, toLinkedFiles } from './linkWriter';
import type { ImportPanel } from './importPanel';
import { mediaProxyFromSettings } from './proxySettings';
import { mediaCertificatesFromSettings } from './systemCertificates';
import type { Settings } from './settings';
import type { ViewStore } from './viewStore';
import { ERROR_CODES, hasErrorCode } from '../util/errorCodes';

type Vs = Pick<typeof vscode, 'window' | 'workspace' | 'commands' | 'l10n' | 'Uri' | 'ProgressLocation'>;

/** The one import at a time: claim it, ask where, sign in, run the engine, and tell the view what happened. */
export class ImportController extends DisposableBase {
  /** The running import's cancellation; set from the first question on, so only one import runs. */
  private running: AbortController | undefined;

  constructor(
    private readonly vs: Vs,
    private readonly settings: Settings,
    private readonly accounts: AuthService,
    private readonly store: ViewStore,
    private readonly panel: ImportPanel,
    private readonly errors: ErrorReporter,
    private readonly links: LinkWriter,
    private readonly log: vscode.LogOutputChannel,
    private readonly openSessions?: SessionRecords,
  ) {
    super();
    this.register({ dispose: () => this.running?.abort() });
  }

  /** The main command. A second call while one runs brings its panel back instead. */
  async start(): Promise<ImportSummary | undefined> {
    if (this.running) {
      if (isBusy(this.store.view)) this.panel.show();
      return undefined;
    }
    const running = new AbortController();
    this.running = running;
    // The editor the command ran from gets the links, even if the user clicks elsewhere while picking on the phone.
    const target = this.links.capture();
    try {
      const destination = await askDestination(this.vs, this.settings);
      if (!destination || running.signal.aborted) return undefined;
      const files = askFileOptions(this.vs, this.settings, destination);
      // A link template's typo is said now, before a session, not after the photos are picked.
      if (!files || !this.links.checkSettings(target?.document)) return undefined;
      const account = await this.signedInAccount(running.signal);
      if (!account || running.signal.aborted) return undefined;
      return await this.runImport(running, account, destination, files, target);
    } finally {
      this.running = undefined;
    }
  }

  cancel(): void {
    if (!this.running) {
      const { window, l10n } = this.vs;
      void window.showInformationMessage(l10n.t('No Google Photos import is running.'));
      return;
    }
    this.log.info('Import cancelled by the user.');
    this.running.abort();
  }

  showPicker(): void {
    const { window, l10n } = this.vs;
    if (this.store.view.kind !== 'idle') this.panel.show();
    else void window.showInformationMessage(l10n.t('No Google Photos import is running. Run "Import from Google Photos" to start one.'));
  }

  private async signedInAccount(signal: AbortSignal): Promise<Account | undefined> {
    try {
      const account = await this.accounts.account();
      if (await account.auth.isSignedIn()) return account;
      this.store.dispatch({ type: 'signing-in' });
      await this.accounts.signIn(account, signal);
      return account;
    } catch (err) {
      this.store.dispatch({ type: 'sign-in-abandoned' });
      this.errors.report(err, 'Sign-in');
      return undefined;
    }
  }

  private async runImport(
    running: AbortController,
    account: Account,
    destination: Destination,
    files: FileOptions,
    target: LinkTarget | undefined,
  ): Promise<ImportSummary | undefined> {
    const { window, l10n, ProgressLocation } = this.vs;
    this.store.dispatch({ type: 'starting' });
    this.panel.show();
    return window.withProgress(
      { location: ProgressLocation.Notification, title: l10n.t('Google Photos'), cancellable: true },
      async (progress, token) => {
        const cancelSubscription = token.onCancellationRequested(() => running.abort());
        let reported = 0;
        const onEvent = (event: ImportEvent) => {
          this.store.dispatch(event);
          this.logEvent(event);
          const update = progressFor(event, l10n);
          if (update?.percent === undefined) {
            if (update) progress.report({ message: update.message });
          } else {
            progress.report({ message: update.message, increment: update.percent - reported });
            reported = update.percent;
          }
        };
        try {
          const { importPhotos } = importEngine();
          const summary = await importPhotos({
            endpoints: account.endpoints,
            tokens: account.auth,
            requestLog: (e) =>
              this.log.info(`${e.method} ${e.path} -> ${e.status} (${e.ms} ms${e.attempt > 1 ? `, attempt ${e.attempt}` : ''})`),
            destDir: destination.fsPath,
            destRoot: destination.folder.uri.fsPath,
            ...files,
            openSessions: this.openSessions,
            maxItemCount: this.settings.maxItems(),
            maxFileBytes: this.settings.maxFileBytes(),
            concurrency: this.settings.concurrency(),
            mediaProxy: mediaProxyFromSettings(this.vs),
            mediaCertificates: mediaCertificatesFromSettings(this.vs),
            signal: running.signal,
            onEvent,
          });
          await this.finish(summary, destination, target);
          return summary;
        } catch (err) {
          // By its code: the error comes from dist/engine.js, whose classes are not this bundle's.
          if (isImportCancelled(err)) {
            this.store.dispatch({ type: 'cancelled', message: err.message });
            this.log.info(err.message);
            return err.summary;
          }
          this.store.dispatch({ type: 'failed', message: (err as Error).message });
          this.errors.report(err, 'Import', COMMANDS.import);
          return undefined;
        } finally {
          cancelSubscription.dispose();
        }
      },
    );
  }

  private logEvent(event: ImportEvent): void {
    if (event.type === 'session-created') this.log.info(`Picker session ${event.sessionId} created.`);
    if (event.type === 'picked')
      this.log.info(
        event.more ? `${event.count} item(s) picked so far; downloading them while the rest are listed.` : `${event.count} item(s) picked.`,
      );
    if (event.type === 'rate-limited')
      this.log.warn(`Google's media host answered 429 (download quota): no new download before ${new Date(event.until).toISOString()}.`);
    if (event.type === 'session-deleted') this.log.info(`Picker session ${event.sessionId} deleted.`);
    if (event.type === 'session-delete-failed') this.log.warn(`Picker session ${event.sessionId} could not be deleted: ${event.error}`);
    if (event.type === 'leftover-sessions-deleted')
      this.log.info(
        `Deleted ${event.sessionIds.length} picker session(s) left open by an earlier window or crash: ${event.sessionIds.join(', ')}.`,
      );
  }

  /** The view's result, the links (in the starting editor, and remembered), and a notification that says both. */
  private async finish(summary: ImportSummary, destination: Destination, target: LinkTarget | undefined): Promise<void> {
    const { window, l10n, commands, Uri } = this.vs;
    // Files already there count like new ones: the page links them the same way.
    const landed = [...summary.imported, ...summary.reused].sort((a, b) => a.index - b.index);
    const files: ImportedFile[] = landed.map((i) => ({
      name: path.basename(i.path),
      path: i.path,
      kind: i.type === 'VIDEO' ? 'video' : 'photo',
      width: i.width,
      height: i.height,
      variants: i.variants,
      poster: i.poster,
      facts: i.facts,
    }));
    const linked = toLinkedFiles(files);
    this.store.dispatch({
      type: 'finished',
      folderLabel: destination.label,
      folderPath: destination.fsPath,
      files,
      problems: [
        ...summary.skipped.map((s) => l10n.t('Skipped: {0}', s.reason)),
        ...summary.failed.map((f) => l10n.t('Failed: {0}', f.error)),
        ...summary.warnings,
      ],
    });
    const count = files.length;
    this.log.info(
      `Imported ${count} item(s) to ${destination.fsPath} (${summary.reused.length} already there); ${summary.skipped.length} skipped, ${summary.failed.length} failed.`,
    );
    for (const warning of summary.warnings) this.log.warn(warning);
    if (count > 0) await this.links.remember(linked);
    const outcome = count > 0 && target ? await this.links.insert(target, linked, true) : undefined;
    if (outcome)
      this.log.info(
        outcome.kind === 'inserted' ? `Links inserted into ${outcome.documentName}.` : `Links not inserted: ${outcome.reason}.`,
      );

    let message =
      count === 1 ? l10n.t('Imported 1 photo to {0}', destination.label) : l10n.t('Imported {0} photos to {1}', count, destination.label);
    if (summary.reused.length) message = l10n.t('{0} ({1} already there, not downloaded again)', message, summary.reused.length);
    if (outcome?.kind === 'inserted') message = l10n.t('{0} and linked in {1}', message, outcome.documentName);
    if (summary.failed.length) message = l10n.t('{0}; {1} failed (see the Google Photos log).', message, summary.failed.length);
    const reveal = l10n.t('Reveal in Explorer');
    const copy = l10n.t('Copy Links');
    const buttons = outcome?.kind === 'not-inserted' && outcome.copy ? [reveal, copy] : [reveal];
    const show = summary.failed.length ? window.showWarningMessage : window.showInformationMessage;
    void show(message, ...buttons).then(async (b) => {
      if (b === reveal) void commands.executeCommand('revealInExplorer', Uri.file(landed[0]?.path ?? destination.fsPath));
      if (b === copy && (await this.links.copy(linked, destination.fsPath))) void window.setStatusBarMessage(l10n.t('Links copied'), 3000);
    });
  }
}

/** The engine's ImportCancelledError, from whichever bundle made it. */
export function isImportCancelled(err: unknown): err is Error & { summary: ImportSummary } {
  return hasErrorCode(err, ERROR_CODES.importCancelled) && err instanceof Error && 'summary' in err;
}

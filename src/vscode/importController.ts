import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeviceCodePrompt } from '../auth/deviceCodeFlow';
import { MissingOAuthClientError } from '../auth/oauthClientConfig';
import { SignInRequiredError } from '../auth/tokenSource';
import { type ImportEvent, ImportCancelledError, importPhotos, type ImportSummary } from '../import';
import { PickerClient } from '../picker/client';
import type { Account, AuthService } from './authService';
import { chooseDestination, type DestinationChoice, type FolderLike, resolveIn } from './destination';
import type { FromPanel } from './panelState';
import { PickerPanel, qrDataUri } from './pickerPanel';
import type { Settings } from './settings';
import type { ImportStatusBar } from './statusBar';

/** The one import at a time: destination, sign-in, the engine's flow, and what the user sees of it. */
export class ImportController implements vscode.Disposable {
  /** The running import's cancellation; set while one runs (one at a time). */
  private running: AbortController | undefined;
  private lastFolder: string | undefined;
  readonly panel: PickerPanel;

  constructor(
    extensionUri: vscode.Uri,
    private readonly settings: Settings,
    private readonly auth: AuthService,
    private readonly status: ImportStatusBar,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.panel = new PickerPanel(extensionUri, (message) => void this.onPanelMessage(message));
    this.subscriptions.push(auth.onDeviceCode((prompt) => void this.showDeviceCode(prompt)));
  }

  private readonly subscriptions: vscode.Disposable[] = [];

  /** Device-code sign-in: the page and the code go into the same panel as the picker's QR code. */
  private async showDeviceCode(prompt: DeviceCodePrompt | undefined): Promise<void> {
    if (prompt) {
      this.panel.update({ phase: 'sign-in', verificationUrl: prompt.verificationUrl, userCode: prompt.userCode, deadline: prompt.expiresAt, qrDataUri: await qrDataUri(prompt.verificationUrl) });
      this.panel.show();
    } else if (this.panel.currentState?.phase === 'sign-in') {
      this.panel.update(this.running ? { phase: 'starting' } : { phase: 'signed-in' });
    }
  }

  /** The main command. A second call while a session lives brings its panel back instead. */
  async start(): Promise<ImportSummary | undefined> {
    if (this.running) {
      this.panel.show();
      return undefined;
    }
    // Claimed before the first question, so a second command while a dialog is open cannot start another import.
    const running = new AbortController();
    this.running = running;
    try {
      const destination = await this.askDestination();
      if (!destination) return undefined;
      const account = await this.signedInAccount();
      if (!account) return undefined;
      return await this.runImport(running, account, destination);
    } finally {
      this.running = undefined;
    }
  }

  cancel(): void {
    if (!this.running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No Google Photos import is running.'));
      return;
    }
    this.log.info('Import cancelled by the user.');
    this.running.abort();
  }

  showPicker(): void {
    if (this.panel.currentState) this.panel.show();
    else void vscode.window.showInformationMessage(vscode.l10n.t('No Google Photos import is running. Run "Import from Google Photos" to start one.'));
  }

  /** Status-bar click: the QR panel while waiting, otherwise a small menu of what makes sense now. */
  async statusBarClicked(): Promise<void> {
    const kind = this.status.current.kind;
    if (kind === 'waiting') return this.panel.show();
    const items: (vscode.QuickPickItem & { run: () => unknown })[] = [];
    if (this.panel.currentState) items.push({ label: `$(device-mobile) ${vscode.l10n.t('Show Picker')}`, run: () => this.panel.show() });
    if (this.running) items.push({ label: `$(circle-slash) ${vscode.l10n.t('Cancel Import')}`, run: () => this.cancel() });
    if (this.lastFolder) items.push({ label: `$(folder-opened) ${vscode.l10n.t('Reveal Folder')}`, run: () => this.reveal(this.lastFolder as string) });
    if (items.length === 0) return;
    const choice = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Google Photos import') });
    await choice?.run();
  }

  private async askDestination(): Promise<Extract<DestinationChoice, { kind: 'folder' }> | undefined> {
    const folders = vscode.workspace.workspaceFolders;
    const editorUri = vscode.window.activeTextEditor?.document.uri;
    const active = editorUri ? vscode.workspace.getWorkspaceFolder(editorUri) : undefined;
    let choice = chooseDestination(folders, active, this.settings.destination(active ?? folders?.[0]));
    if (choice.kind === 'no-workspace') {
      const open = await vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first: photos are imported into a folder of your workspace.'), vscode.l10n.t('Open Folder...'));
      if (open) await vscode.commands.executeCommand('workbench.action.files.openFolder');
      return undefined;
    }
    if (choice.kind === 'ask') {
      const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Import Google Photos into which folder?') });
      if (!picked) return undefined;
      choice = resolveIn(picked as FolderLike, this.settings.destination(picked), true);
    }
    if (choice.kind === 'invalid') {
      const message = choice.reason === 'not-on-disk'
        ? vscode.l10n.t('"{0}" is not on a disk this extension can write to. Open a local or remote folder.', choice.detail)
        : vscode.l10n.t('The destination setting "{0}" must be a folder inside the workspace folder.', choice.detail);
      const openSettings = vscode.l10n.t('Open Settings');
      void vscode.window.showErrorMessage(message, openSettings).then((b) => b && vscode.commands.executeCommand('workbench.action.openSettings', 'googlePhotosImport.destination'));
      return undefined;
    }
    return choice.kind === 'folder' ? choice : undefined;
  }

  private async signedInAccount(): Promise<Account | undefined> {
    try {
      const account = await this.auth.account();
      if (await account.auth.isSignedIn()) return account;
      this.status.dispatch({ type: 'signing-in' });
      await this.auth.signIn(account);
      return account;
    } catch (err) {
      this.status.dispatch({ type: 'reset' });
      this.reportError(err);
      return undefined;
    }
  }

  private async runImport(running: AbortController, account: Account, destination: Extract<DestinationChoice, { kind: 'folder' }>): Promise<ImportSummary | undefined> {
    const { endpoints, auth } = account;
    const client = new PickerClient({
      endpoint: endpoints.pickerApi,
      tokens: auth,
      log: (e) => this.log.info(`${e.method} ${e.path} -> ${e.status} (${e.ms} ms${e.attempt > 1 ? `, attempt ${e.attempt}` : ''})`),
    });
    this.status.dispatch({ type: 'starting' });
    this.panel.update({ phase: 'starting' });
    this.panel.show();

    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Google Photos'), cancellable: true },
      async (progress, token) => {
        const cancelSubscription = token.onCancellationRequested(() => running.abort());
        let reported = 0;
        const onEvent = (event: ImportEvent) => {
          this.status.dispatch(event);
          void this.showEvent(event);
          if (event.type === 'waiting') progress.report({ message: vscode.l10n.t('waiting for your selection (scan the QR code or open the link)') });
          if (event.type === 'picked') progress.report({ message: vscode.l10n.t('{0} picked', event.count) });
          if (event.type === 'downloading' && event.total > 0) {
            const percent = (event.done / event.total) * 100;
            progress.report({ message: vscode.l10n.t('downloading {0} of {1}', event.done, event.total), increment: percent - reported });
            reported = percent;
          }
        };
        try {
          const summary = await importPhotos({
            client,
            tokens: auth,
            destDir: destination.fsPath,
            trustedTestOrigins: endpoints.trustedTestOrigins,
            maxItemCount: this.settings.maxItems(),
            concurrency: this.settings.concurrency(),
            signal: running.signal,
            onEvent,
          });
          this.finish(summary, destination);
          return summary;
        } catch (err) {
          if (err instanceof ImportCancelledError) {
            this.status.dispatch({ type: 'cancelled' });
            this.panel.update({ phase: 'cancelled', message: err.message });
            this.log.info(err.message);
            return err.summary;
          }
          this.status.dispatch({ type: 'failed', message: (err as Error).message });
          this.panel.update({ phase: 'error', message: (err as Error).message });
          this.reportError(err);
          return undefined;
        } finally {
          cancelSubscription.dispose();
        }
      },
    );
  }

  private async showEvent(event: ImportEvent): Promise<void> {
    switch (event.type) {
      case 'session-created': {
        this.log.info(`Picker session ${event.sessionId} created.`);
        this.panel.update({ phase: 'waiting', pickerUri: event.pickerUri, qrDataUri: await qrDataUri(event.pickerUri) });
        break;
      }
      case 'waiting': {
        const state = this.panel.currentState;
        if (state?.phase === 'waiting' && state.deadline !== event.deadline) this.panel.update({ ...state, deadline: event.deadline });
        break;
      }
      case 'picked':
        this.log.info(`${event.count} item(s) picked.`);
        this.panel.update({ phase: 'downloading', done: 0, total: event.count });
        break;
      case 'downloading':
        this.panel.update({ phase: 'downloading', done: event.done, total: event.total });
        break;
      case 'session-deleted':
        this.log.info(`Picker session ${event.sessionId} deleted.`);
        break;
      case 'session-delete-failed':
        this.log.warn(`Picker session ${event.sessionId} could not be deleted: ${event.error}`);
        break;
    }
  }

  private finish(summary: ImportSummary, destination: Extract<DestinationChoice, { kind: 'folder' }>): void {
    this.lastFolder = destination.fsPath;
    const count = summary.imported.length;
    this.status.dispatch({ type: 'finished', count, folderLabel: destination.label });
    this.panel.update({
      phase: 'done',
      folderLabel: destination.label,
      files: summary.imported.map((i) => ({ name: path.basename(i.path), path: i.path })),
      skipped: summary.skipped.map((s) => vscode.l10n.t('Skipped: {0}', s.reason)),
      failed: summary.failed.map((f) => vscode.l10n.t('Failed: {0}', f.error)),
    });
    this.log.info(`Imported ${count} item(s) to ${destination.fsPath}; ${summary.skipped.length} skipped, ${summary.failed.length} failed.`);
    const imported = count === 1 ? vscode.l10n.t('Imported 1 photo to {0}', destination.label) : vscode.l10n.t('Imported {0} photos to {1}', count, destination.label);
    const message = summary.failed.length ? vscode.l10n.t('{0}; {1} failed (see the Google Photos log).', imported, summary.failed.length) : imported;
    const show = summary.failed.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(message, vscode.l10n.t('Reveal in Explorer')).then((b) => {
      if (b) void this.reveal(summary.imported[0]?.path ?? destination.fsPath);
    });
  }

  private reportError(err: unknown): void {
    const message = (err as Error)?.message ?? String(err);
    this.log.error(message);
    if ((err as Error)?.stack) this.log.debug((err as Error).stack as string);
    if (err instanceof MissingOAuthClientError) {
      const openSettings = vscode.l10n.t('Open Settings');
      const howTo = vscode.l10n.t('How to Create a Client');
      void vscode.window.showErrorMessage(message, openSettings, howTo).then((b) => {
        if (b === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', 'googlePhotosImport.oauth');
        if (b === howTo) void vscode.commands.executeCommand('googlePhotosImport.showSetupHelp');
      });
    } else if (err instanceof SignInRequiredError) {
      void vscode.window.showErrorMessage(message, vscode.l10n.t('Sign In')).then((b) => b && vscode.commands.executeCommand('googlePhotosImport.signIn'));
    } else if ((err as Error)?.name !== 'CancelledError') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Google Photos: {0}', message), vscode.l10n.t('Retry')).then((b) => b && vscode.commands.executeCommand('googlePhotosImport.import'));
    }
  }

  private async onPanelMessage(message: FromPanel): Promise<void> {
    const state = this.panel.currentState;
    const uri = state?.phase === 'sign-in' ? state.verificationUrl : state?.pickerUri;
    switch (message.type) {
      case 'openInBrowser':
        if (uri) await vscode.env.openExternal(vscode.Uri.parse(uri));
        break;
      case 'copyCode':
        if (state?.userCode) {
          await vscode.env.clipboard.writeText(state.userCode);
          void vscode.window.setStatusBarMessage(vscode.l10n.t('Sign-in code copied'), 3000);
        }
        break;
      case 'copyLink':
        if (uri) {
          await vscode.env.clipboard.writeText(uri);
          void vscode.window.setStatusBarMessage(vscode.l10n.t('Picker link copied'), 3000);
        }
        break;
      case 'cancel':
        this.cancel();
        break;
      case 'retry':
        await vscode.commands.executeCommand('googlePhotosImport.import');
        break;
      case 'reveal': {
        // Only paths this import wrote may be revealed: the webview's message is untrusted input.
        const files = this.panel.currentState?.files ?? [];
        const target = message.path && files.some((f) => f.path === message.path) ? message.path : this.lastFolder;
        if (target) await this.reveal(target);
        break;
      }
    }
  }

  private async reveal(fsPath: string): Promise<void> {
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(fsPath));
  }

  dispose(): void {
    this.running?.abort();
    this.panel.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

import type * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { browserLinkOf, linkOf } from './importView';
import { type LinkWriter, toLinkedFiles } from './linkWriter';
import type { FromPanel } from './panelMessages';
import type { StatusAction } from './statusView';
import type { ViewStore } from './viewStore';

type Vs = Pick<typeof vscode, 'window' | 'commands' | 'env' | 'Uri' | 'l10n'>;

/** What the panel's buttons and the status-bar menu do, decided from the current view (never from the message). */
export class PanelActions {
  constructor(
    private readonly vs: Vs,
    private readonly store: ViewStore,
    private readonly links: LinkWriter,
  ) {}

  async onMessage(message: FromPanel): Promise<void> {
    const { env, window, commands, l10n, Uri } = this.vs;
    const view = this.store.view;
    const link = linkOf(view);
    switch (message.type) {
      case 'openInBrowser': {
        const page = browserLinkOf(view);
        if (page) await env.openExternal(Uri.parse(page, true));
        break;
      }
      case 'copyLink':
        if (link) {
          await env.clipboard.writeText(link);
          void window.setStatusBarMessage(l10n.t('Picker link copied'), 3000);
        }
        break;
      case 'copyCode':
        if (view.kind === 'signing-in' && view.deviceCode) {
          await env.clipboard.writeText(view.deviceCode.userCode);
          void window.setStatusBarMessage(l10n.t('Sign-in code copied'), 3000);
        }
        break;
      case 'cancel':
        await commands.executeCommand(COMMANDS.cancelImport);
        break;
      case 'retry':
        await commands.executeCommand(COMMANDS.import);
        break;
      case 'reveal':
        if (view.kind === 'done') {
          // The webview's message is untrusted input: only a file this import wrote may be named, else its folder.
          const target = view.files.find((f) => f.path === message.path)?.path ?? view.folderPath;
          await commands.executeCommand('revealInExplorer', Uri.file(target));
        }
        break;
      case 'insert':
      case 'copyLinks': {
        if (view.kind !== 'done') break;
        // As with reveal: only files of this import; a path from the page that is not one of them inserts nothing.
        const files = view.files.filter((f) => message.type === 'copyLinks' || message.path === undefined || f.path === message.path);
        const linked = toLinkedFiles(files);
        if (linked.length === 0) break;
        if (message.type === 'copyLinks') {
          if (await this.links.copy(linked, view.folderPath)) void window.setStatusBarMessage(l10n.t('Links copied'), 3000);
        } else {
          this.links.explain(await this.links.insert(this.links.currentTarget(), linked));
        }
        break;
      }
      case 'ready':
        break;
    }
  }

  /** Insert Links from Last Import: the remembered files that still exist, at the current cursor. */
  async insertLastImport(): Promise<void> {
    const files = this.links.lastImport();
    if (files.length === 0) {
      const { window, l10n } = this.vs;
      void window.showInformationMessage(l10n.t('No imported files to link: import photos first (files deleted since are left out).'));
      return;
    }
    this.links.explain(await this.links.insert(this.links.currentTarget(), files));
  }

  /** The status-bar click's menu: the actions the rendered view offered. */
  async statusMenu(actions: StatusAction[] = []): Promise<void> {
    const { window, l10n } = this.vs;
    const labels: Record<StatusAction, string> = {
      showPicker: `$(device-mobile) ${l10n.t('Show Picker')}`,
      cancel: `$(circle-slash) ${l10n.t('Cancel Import')}`,
      reveal: `$(folder-opened) ${l10n.t('Reveal Folder')}`,
      retry: `$(refresh) ${l10n.t('Retry')}`,
    };
    if (actions.length === 0) return;
    const choice = await window.showQuickPick(
      actions.map((action) => ({ label: labels[action], action })),
      { placeHolder: l10n.t('Google Photos import') },
    );
    if (choice) await this.run(choice.action);
  }

  private async run(action: StatusAction): Promise<void> {
    const { commands } = this.vs;
    if (action === 'showPicker') await commands.executeCommand(COMMANDS.showPicker);
    if (action === 'cancel') await commands.executeCommand(COMMANDS.cancelImport);
    if (action === 'retry') await commands.executeCommand(COMMANDS.import);
    if (action === 'reveal') await this.onMessage({ type: 'reveal' });
  }
}

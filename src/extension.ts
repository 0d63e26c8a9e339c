/**
 * Composition root: builds the services, passes them through constructors, registers every command and disposable.
 * Nothing heavy happens here: google-auth-library and qrcode load on first use.
 */
import * as vscode from 'vscode';
import { AuthService, type BrowserOpener } from './vscode/authService';
import { AccountCommands } from './vscode/accountCommands';
import { AUTH_PROVIDER_ID, GooglePhotosAuthProvider } from './vscode/authProvider';
import { ImportController } from './vscode/importController';
import { Settings } from './vscode/settings';
import { ImportStatusBar, STATUS_BAR_COMMAND } from './vscode/statusBar';
import type { PanelState } from './vscode/panelState';
import type { StatusState } from './vscode/statusModel';
import type { StoredGrant } from './auth/tokenStore';

/** Handed to the extension's own tests (ExtensionMode.Test only), so they can play the browser and look inside. */
export interface TestHooks {
  setBrowserOpener(opener: BrowserOpener): void;
  panelState(): PanelState | undefined;
  panelOpen(): boolean;
  statusHistory(): StatusState['kind'][];
  statusText(): string;
  storedGrant(): Promise<StoredGrant | undefined>;
  setClient(clientId: string, clientSecret: string | undefined): Promise<void>;
  /** The client secret the account uses (from secret storage, else the setting). */
  clientSecret(): Promise<string | undefined>;
  /** Accounts the authentication provider reports (what the Accounts menu lists). */
  accountLabels(): Promise<string[]>;
}

export function activate(context: vscode.ExtensionContext): TestHooks | undefined {
  const log = vscode.window.createOutputChannel(vscode.l10n.t('Google Photos'), { log: true });
  const settings = new Settings();
  const openExternal: BrowserOpener = (url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url, true)));
  const auth = new AuthService(settings, context.secrets, openExternal, log);
  const authProvider = new GooglePhotosAuthProvider(auth);
  const status = new ImportStatusBar();
  const imports = new ImportController(context.extensionUri, settings, auth, status, log);
  const accountCommands = new AccountCommands(auth, settings, log);

  const command = (id: string, run: () => unknown) => vscode.commands.registerCommand(id, run);
  context.subscriptions.push(
    log,
    auth,
    authProvider,
    status,
    imports,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, vscode.l10n.t('Google Photos'), authProvider, { supportsMultipleAccounts: false }),
    command('googlePhotosImport.import', () => imports.start()),
    command('googlePhotosImport.cancelImport', () => imports.cancel()),
    command('googlePhotosImport.showPicker', () => imports.showPicker()),
    command(STATUS_BAR_COMMAND, () => imports.statusBarClicked()),
    command('googlePhotosImport.signIn', () => accountCommands.signIn()),
    command('googlePhotosImport.signOut', () => accountCommands.signOut()),
    command('googlePhotosImport.setOAuthClient', () => accountCommands.setOAuthClient()),
    command('googlePhotosImport.showSetupHelp', () => vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'README.md'))),
  );

  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    setBrowserOpener: (opener) => (auth.openBrowser = opener),
    panelState: () => imports.panel.currentState,
    panelOpen: () => imports.panel.isOpen,
    statusHistory: () => [...status.history],
    statusText: () => status.view.text,
    storedGrant: async () => (await auth.account()).store.get(),
    clientSecret: async () => (await auth.account()).client.clientSecret,
    setClient: (clientId, clientSecret) => auth.setClient(clientId, clientSecret),
    accountLabels: async () => (await authProvider.getSessions()).map((s) => s.account.label),
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; a running import is cancelled by ImportController.dispose.
}

/**
 * Composition root: builds the services, passes them through constructors, registers every command and disposable.
 * Nothing heavy happens here: google-auth-library and qrcode load on first use.
 */
import * as vscode from 'vscode';
import { AuthService, type BrowserOpener } from './vscode/authService';
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
    command('googlePhotosImport.signIn', () => signIn(auth, log)),
    command('googlePhotosImport.signOut', () => signOut(auth, log)),
    command('googlePhotosImport.setOAuthClient', () => setOAuthClient(auth)),
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

async function signIn(auth: AuthService, log: vscode.LogOutputChannel): Promise<boolean> {
  try {
    await auth.signIn();
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to Google Photos.'));
    return true;
  } catch (err) {
    const message = (err as Error).message;
    log.error(`Sign-in failed: ${message}`);
    if ((err as Error).name !== 'CancelledError') {
      const openSettings = vscode.l10n.t('Open Settings');
      void vscode.window.showErrorMessage(message, openSettings).then((b) => b && vscode.commands.executeCommand('workbench.action.openSettings', 'googlePhotosImport.oauth'));
    }
    return false;
  }
}

/** Asks for the OAuth client's id and secret; the id goes to settings, the secret to secret storage. */
async function setOAuthClient(auth: AuthService): Promise<boolean> {
  const clientId = await vscode.window.showInputBox({
    title: vscode.l10n.t('Google OAuth client (1/2)'),
    prompt: vscode.l10n.t('Client ID of your "Desktop app" OAuth client'),
    placeHolder: '1234567890-abc.apps.googleusercontent.com',
    value: vscode.workspace.getConfiguration('googlePhotosImport').get<string>('oauth.clientId', ''),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the client ID.')),
  });
  if (!clientId) return false;
  const clientSecret = await vscode.window.showInputBox({
    title: vscode.l10n.t('Google OAuth client (2/2)'),
    prompt: vscode.l10n.t('Client secret (kept in VS Code\'s secret storage, not in settings)'),
    password: true,
    ignoreFocusOut: true,
  });
  if (clientSecret === undefined) return false;
  await auth.setClient(clientId.trim(), clientSecret.trim() || undefined);
  void vscode.window.showInformationMessage(vscode.l10n.t('OAuth client saved. Next: sign in.'), vscode.l10n.t('Sign In')).then((b) => b && vscode.commands.executeCommand('googlePhotosImport.signIn'));
  return true;
}

async function signOut(auth: AuthService, log: vscode.LogOutputChannel): Promise<void> {
  try {
    await auth.signOut();
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of Google Photos.'));
  } catch (err) {
    log.error(`Sign-out failed: ${(err as Error).message}`);
    void vscode.window.showErrorMessage((err as Error).message);
  }
}

export function deactivate(): void {
  // Everything is in context.subscriptions; a running import is cancelled by ImportController.dispose.
}

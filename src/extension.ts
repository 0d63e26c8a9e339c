/**
 * Composition root: builds the services, passes them (and the vscode API) through constructors, registers every
 * command and disposable. Nothing heavy happens here: google-auth-library and qrcode load on first use.
 */
import { listSessionStore, type SessionRecords } from './picker/openSessions';
import { windowOwnership } from './picker/windowOwner';
import type { AddressPrompt } from './vscode/signInFlows';
import * as vscode from 'vscode';
import { BUILT_IN_OAUTH_CLIENT } from './auth/builtInClient';
import type { StoredGrant } from './auth/tokenStore';
import type { Event } from './util/lifecycle';
import { AccountCommands } from './vscode/accountCommands';
import { AUTH_PROVIDER_ID, GooglePhotosAuthProvider } from './vscode/authProvider';
import { AuthService, type BrowserOpener } from './vscode/authService';
import { COMMANDS, CONTEXT_KEYS } from './vscode/commands';
import { ErrorReporter } from './vscode/errorReporter';
import { ImportController } from './vscode/importController';
import type { ImportView } from './vscode/importView';
import { PanelActions } from './vscode/panelActions';
import { ImportPanel } from './vscode/importPanel';
import { Settings } from './vscode/settings';
import { showSignInProgress } from './vscode/signInView';
import { LinkWriter } from './vscode/linkWriter';
import { ImportStatusBar } from './vscode/statusBar';
import { ViewStore } from './vscode/viewStore';

/** Handed to the extension's own tests (ExtensionMode.Test only): events and read-only views, plus the browser. */
export interface TestHooks {
  setBrowserOpener(opener: BrowserOpener): void;
  /** Who answers the paste flow's prompt (the tests play the user). */
  setAddressPrompt(prompt: AddressPrompt): void;
  onDidChangeView: Event<ImportView>;
  view(): ImportView;
  panelOpen(): boolean;
  qrImage(link: string): Promise<string>;
  statusText(): string;
  statusCommand(): vscode.Command | undefined;
  storedGrant(): Promise<StoredGrant | undefined>;
  setClient(clientId: string, clientSecret: string | undefined): Promise<void>;
  /** The client secret the account uses (from secret storage, else the setting). */
  clientSecret(): Promise<string | undefined>;
  /** Accounts the authentication provider reports (what the Accounts menu lists). */
  accountLabels(): Promise<string[]>;
}

const OPEN_SESSIONS_KEY = 'openPickerSessions';

export function activate(context: vscode.ExtensionContext): TestHooks | undefined {
  const testing = context.extensionMode === vscode.ExtensionMode.Test;
  const log = vscode.window.createOutputChannel(vscode.l10n.t('Google Photos'), { log: true });
  const settings = new Settings(vscode);
  let browser: BrowserOpener = (url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url, true)));
  const auth = new AuthService(vscode, settings, context.secrets, (url) => browser(url), log);
  const authProvider = new GooglePhotosAuthProvider(vscode, auth);
  const errors = new ErrorReporter(vscode, log);
  const store = new ViewStore();
  const panel = new ImportPanel(vscode, context.extensionUri, store);
  const status = new ImportStatusBar(vscode, store);
  const links = new LinkWriter(vscode, settings, context.workspaceState, log);
  const panelActions = new PanelActions(vscode, store, links);
  // globalState survives a crash or a killed window: the next import deletes what one left open. Every window shares
  // it, so each names itself (a random id per activation) and keeps a heartbeat while its import runs.
  const openSessions: SessionRecords = {
    store: listSessionStore({
      get: () => context.globalState.get<unknown>(OPEN_SESSIONS_KEY, []),
      set: (records) => context.globalState.update(OPEN_SESSIONS_KEY, records),
    }),
    owner: windowOwnership(),
  };
  const imports = new ImportController(vscode, settings, auth, store, panel, errors, links, log, openSessions);
  const accountCommands = new AccountCommands(vscode, auth, settings, errors);

  // Opening the walkthrough activates the extension (onWalkthrough), which hides its client steps when this is set.
  void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasBuiltInClient, BUILT_IN_OAUTH_CLIENT !== undefined);
  const command = (id: string, run: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, run);
  context.subscriptions.push(
    log,
    auth,
    authProvider,
    store,
    panel,
    status,
    imports,
    panel.onDidReceiveMessage((message) => void panelActions.onMessage(message)),
    showSignInProgress(auth, store, panel),
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, vscode.l10n.t('Google Photos'), authProvider, {
      supportsMultipleAccounts: false,
    }),
    command(COMMANDS.import, () => imports.start()),
    command(COMMANDS.cancelImport, () => imports.cancel()),
    command(COMMANDS.showPicker, () => imports.showPicker()),
    command(COMMANDS.insertLastImport, () => panelActions.insertLastImport()),
    command(COMMANDS.statusMenu, (actions) => panelActions.statusMenu(actions)),
    command(COMMANDS.signIn, () => accountCommands.signIn()),
    command(COMMANDS.signOut, () => accountCommands.signOut()),
    command(COMMANDS.setOAuthClient, () => accountCommands.setOAuthClient()),
    command(COMMANDS.showSetupHelp, () => showReadme(context.extensionUri)),
  );

  if (!testing) return undefined;
  return {
    setBrowserOpener: (opener) => (browser = opener),
    setAddressPrompt: (prompt) => auth.setAddressPrompt(prompt),
    onDidChangeView: store.onDidChangeView,
    view: () => store.view,
    panelOpen: () => panel.isOpen,
    qrImage: (link) => panel.qrImage(link),
    statusText: () => status.text,
    statusCommand: () => status.command,
    storedGrant: async () => (await auth.account()).store.get(),
    clientSecret: async () => (await auth.account()).client.clientSecret,
    setClient: (clientId, clientSecret) => auth.setClient(clientId, clientSecret),
    accountLabels: async () => (await authProvider.getSessions()).map((s) => s.account.label),
  };
}

/** The README (its "Creating an OAuth client"), as a preview. vsce packs it as readme.md; a checkout has README.md. */
async function showReadme(extensionUri: vscode.Uri): Promise<void> {
  const names = (await vscode.workspace.fs.readDirectory(extensionUri)).map(([name]) => name);
  const readme = names.find((name) => name.toLowerCase() === 'readme.md') ?? 'README.md';
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(extensionUri, readme));
}

export function deactivate(): void {
  // Everything is in context.subscriptions; a running import is cancelled by ImportController.dispose.
}

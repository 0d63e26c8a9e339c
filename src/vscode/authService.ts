import * as vscode from 'vscode';
import { GoogleAuth } from '../auth/googleAuth';
import type { GoogleEndpoints } from '../endpoints';
import { signInWithLoopback } from '../auth/loopbackFlow';
import { requireOAuthClient } from '../auth/oauthClientConfig';
import { SecretTokenStore } from './secretTokenStore';
import type { Settings } from './settings';

export type BrowserOpener = (url: string) => Promise<boolean>;

/** The account for one set of settings: its endpoints, its token source and where its grant is kept. */
export interface Account {
  endpoints: GoogleEndpoints;
  auth: GoogleAuth;
  store: SecretTokenStore;
}

/**
 * Sign-in state for the current settings. The grant is stored per (endpoint, client id), so a token issued by one
 * server is never offered to another when the endpoint setting changes.
 */
export class AuthService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private cached: (Account & { key: string }) | undefined;

  constructor(
    private readonly settings: Settings,
    private readonly secrets: vscode.SecretStorage,
    /** Replaceable so extension tests can play the browser; normally vscode.env.openExternal. */
    public openBrowser: BrowserOpener,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * The account for the current settings; throws MissingOAuthClientError naming the setting when unset. An import
   * takes this once and keeps it, so a settings change cannot switch servers in the middle of a flow.
   */
  current(): Account {
    const endpoints = this.settings.endpoints();
    const client = requireOAuthClient(this.settings.clientId(), this.settings.clientSecret(), 'googlePhotosImport.oauth.clientId (and googlePhotosImport.oauth.clientSecret)');
    const key = `grant:${new URL(endpoints.oauthToken).origin}:${client.clientId}`;
    if (this.cached?.key !== key) {
      const store = new SecretTokenStore(this.secrets, key);
      this.cached = { key, endpoints, store, auth: new GoogleAuth(client, endpoints, store) };
    }
    return this.cached;
  }

  async isSignedIn(): Promise<boolean> {
    try {
      return await this.current().auth.isSignedIn();
    } catch {
      return false;
    }
  }

  /** Opens the browser for Google's consent page and waits, as a cancellable notification. */
  async signIn(account: Account = this.current()): Promise<void> {
    const { auth } = account;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to Google Photos: finish in your browser...'), cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          await auth.signIn((oauth) => signInWithLoopback(oauth, {
            signal: controller.signal,
            openBrowser: async (url) => {
              if (!(await this.openBrowser(url))) throw new Error(vscode.l10n.t('the browser could not be opened'));
            },
            // In a remote window the callback port must be forwarded for the user's browser to reach it.
            externalRedirectUri: async (local) => (await vscode.env.asExternalUri(vscode.Uri.parse(local))).toString(true),
          }));
        } finally {
          subscription.dispose();
        }
      },
    );
    this.log.info('Signed in to Google Photos.');
    this.changed.fire();
  }

  async signOut(): Promise<void> {
    const { auth } = this.current();
    await auth.signOut();
    this.log.info('Signed out of Google Photos.');
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

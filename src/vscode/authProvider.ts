import type * as vscode from 'vscode';
import { PICKER_SCOPE } from '../endpoints';
import { Emitter } from '../util/lifecycle';
import type { AuthService } from './authService';

export const AUTH_PROVIDER_ID = 'google-photos';
const SESSION_ID = 'google-photos';

/** Shows the sign-in in VS Code's Accounts menu, where it can also be signed out. */
export class GooglePhotosAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly sessionsChanged = new Emitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.sessionsChanged.event;
  private readonly subscription: vscode.Disposable;
  private last: vscode.AuthenticationSession | undefined;

  constructor(
    private readonly vs: Pick<typeof vscode, 'l10n'>,
    private readonly auth: AuthService,
  ) {
    this.subscription = auth.onDidChange(async () => {
      const before = this.last;
      const [after] = await this.getSessions();
      if (before && !after) this.sessionsChanged.fire({ added: [], removed: [before], changed: [] });
      else if (!before && after) this.sessionsChanged.fire({ added: [after], removed: [], changed: [] });
      else if (after) this.sessionsChanged.fire({ added: [], removed: [], changed: [after] });
    });
  }

  /**
   * Asked whenever the Accounts menu is drawn: answered from the stored grant, without loading google-auth-library
   * or refreshing over the network. The session exists to show the sign-in and to end it: it carries no token
   * (another extension the user lets in gets nothing to call Google with), and it is only for the Picker scope.
   */
  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    if (scopes?.some((scope) => scope !== PICKER_SCOPE)) return [];
    const grant = await this.auth.account().then(
      (a) => a.store.get(),
      () => undefined,
    );
    if (!grant?.refresh_token) return ((this.last = undefined), []);
    const { l10n } = this.vs;
    this.last = { id: SESSION_ID, accessToken: '', account: { id: SESSION_ID, label: l10n.t('Google Photos') }, scopes: [PICKER_SCOPE] };
    return [this.last];
  }

  async createSession(scopes: readonly string[] = []): Promise<vscode.AuthenticationSession> {
    const { l10n } = this.vs;
    if (scopes.some((scope) => scope !== PICKER_SCOPE))
      throw new Error(l10n.t('Google Photos sign-in is only for picking photos ({0}).', PICKER_SCOPE));
    await this.auth.signIn();
    const [session] = await this.getSessions();
    if (!session) throw new Error(l10n.t('Sign-in did not complete.'));
    return session;
  }

  async removeSession(): Promise<void> {
    await this.auth.signOut();
  }

  dispose(): void {
    this.subscription.dispose();
    this.sessionsChanged.dispose();
  }
}

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

  constructor(private readonly vs: Pick<typeof vscode, 'l10n'>, private readonly auth: AuthService) {
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
   * or refreshing over the network. The imports fetch fresh tokens themselves; nothing else consumes this one.
   */
  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const grant = await this.auth.account().then((a) => a.store.get(), () => undefined);
    if (!grant?.refresh_token) return (this.last = undefined), [];
    const { l10n } = this.vs;
    this.last = { id: SESSION_ID, accessToken: grant.access_token ?? '', account: { id: SESSION_ID, label: l10n.t('Google Photos') }, scopes: [PICKER_SCOPE] };
    return [this.last];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    await this.auth.signIn();
    const [session] = await this.getSessions();
    const { l10n } = this.vs;
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

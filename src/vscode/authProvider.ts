import * as vscode from 'vscode';
import { PICKER_SCOPE } from '../endpoints';
import type { AuthService } from './authService';

export const AUTH_PROVIDER_ID = 'google-photos';
const SESSION_ID = 'google-photos';

/** Shows the sign-in in VS Code's Accounts menu, where it can also be signed out. */
export class GooglePhotosAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly sessionsChanged = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.sessionsChanged.event;
  private readonly subscription: vscode.Disposable;
  private last: vscode.AuthenticationSession | undefined;

  constructor(private readonly auth: AuthService) {
    this.subscription = auth.onDidChange(async () => {
      const before = this.last;
      const [after] = await this.getSessions();
      if (before && !after) this.sessionsChanged.fire({ added: [], removed: [before], changed: [] });
      else if (!before && after) this.sessionsChanged.fire({ added: [after], removed: [], changed: [] });
      else if (after) this.sessionsChanged.fire({ added: [], removed: [], changed: [after] });
    });
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    if (!(await this.auth.isSignedIn())) return (this.last = undefined), [];
    try {
      const accessToken = await (await this.auth.account()).auth.getAccessToken();
      this.last = { id: SESSION_ID, accessToken, account: { id: SESSION_ID, label: vscode.l10n.t('Google Photos') }, scopes: [PICKER_SCOPE] };
      return [this.last];
    } catch {
      return (this.last = undefined), [];
    }
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    await this.auth.signIn();
    const [session] = await this.getSessions();
    if (!session) throw new Error(vscode.l10n.t('Sign-in did not complete.'));
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

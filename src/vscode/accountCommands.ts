import * as vscode from 'vscode';
import type { AuthService } from './authService';
import type { Settings } from './settings';

/** Sign In, Sign Out and Set OAuth Client: what the user sees of the account, over AuthService. */
export class AccountCommands {
  constructor(
    private readonly auth: AuthService,
    private readonly settings: Settings,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async signIn(): Promise<boolean> {
    try {
      await this.auth.signIn();
      void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to Google Photos.'));
      return true;
    } catch (err) {
      const message = (err as Error).message;
      this.log.error(`Sign-in failed: ${message}`);
      if ((err as Error).name !== 'CancelledError') {
        const openSettings = vscode.l10n.t('Open Settings');
        void vscode.window.showErrorMessage(message, openSettings).then((b) => b && vscode.commands.executeCommand('workbench.action.openSettings', 'googlePhotosImport.oauth'));
      }
      return false;
    }
  }

  /** Asks for the OAuth client's id and secret; the id goes to settings, the secret to secret storage. */
  async setOAuthClient(): Promise<boolean> {
    const clientId = await vscode.window.showInputBox({
      title: vscode.l10n.t('Google OAuth client (1/2)'),
      prompt: vscode.l10n.t('Client ID of your "Desktop app" OAuth client'),
      placeHolder: '1234567890-abc.apps.googleusercontent.com',
      value: this.settings.clientId() ?? '',
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
    await this.auth.setClient(clientId.trim(), clientSecret.trim() || undefined);
    void vscode.window.showInformationMessage(vscode.l10n.t('OAuth client saved. Next: sign in.'), vscode.l10n.t('Sign In')).then((b) => b && vscode.commands.executeCommand('googlePhotosImport.signIn'));
    return true;
  }

  async signOut(): Promise<void> {
    try {
      await this.auth.signOut();
      void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of Google Photos.'));
    } catch (err) {
      this.log.error(`Sign-out failed: ${(err as Error).message}`);
      void vscode.window.showErrorMessage((err as Error).message);
    }
  }
}

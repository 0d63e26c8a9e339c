import type * as vscode from 'vscode';
import type { AuthService } from './authService';
import { COMMANDS } from './commands';
import type { ErrorReporter } from './errorReporter';
import type { Settings } from './settings';

type Vs = Pick<typeof vscode, 'window' | 'commands' | 'l10n'>;

/** Sign In, Sign Out and Set OAuth Client: what the user sees of the account, over AuthService. */
export class AccountCommands {
  constructor(
    private readonly vs: Vs,
    private readonly auth: AuthService,
    private readonly settings: Settings,
    private readonly errors: ErrorReporter,
  ) {}

  async signIn(): Promise<boolean> {
    const { window, l10n } = this.vs;
    try {
      await this.auth.signIn();
      void window.showInformationMessage(l10n.t('Signed in to Google Photos.'));
      return true;
    } catch (err) {
      this.errors.report(err, 'Sign-in', COMMANDS.signIn);
      return false;
    }
  }

  /** Asks for the OAuth client's id and secret; the id goes to settings, the secret to secret storage. */
  async setOAuthClient(): Promise<boolean> {
    const { window, commands, l10n } = this.vs;
    const clientId = await window.showInputBox({
      title: l10n.t('Google OAuth client (1/2)'),
      prompt: l10n.t('Client ID of your "Desktop app" OAuth client'),
      placeHolder: '1234567890-abc.apps.googleusercontent.com',
      value: this.settings.clientId() ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : l10n.t('Enter the client ID.')),
    });
    if (!clientId) return false;
    const clientSecret = await window.showInputBox({
      title: l10n.t('Google OAuth client (2/2)'),
      prompt: l10n.t("Client secret (kept in VS Code's secret storage, not in settings)"),
      password: true,
      ignoreFocusOut: true,
    });
    if (clientSecret === undefined) return false;
    await this.auth.setClient(clientId.trim(), clientSecret.trim() || undefined);
    void window
      .showInformationMessage(l10n.t('OAuth client saved. Next: sign in.'), l10n.t('Sign In'))
      .then((b) => b && commands.executeCommand(COMMANDS.signIn));
    return true;
  }

  async signOut(): Promise<void> {
    const { window, l10n } = this.vs;
    try {
      await this.auth.signOut();
      void window.showInformationMessage(l10n.t('Signed out of Google Photos.'));
    } catch (err) {
      this.errors.report(err, 'Sign-out');
    }
  }
}

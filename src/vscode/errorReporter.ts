import type * as vscode from 'vscode';
import { isAbortError } from '../util/abort';
import { ERROR_CODES, hasErrorCode } from '../util/errorCodes';
import { describeError } from '../util/networkError';
import { COMMANDS } from './commands';

type Vs = Pick<typeof vscode, 'window' | 'commands' | 'l10n'>;

/**
 * The one way an error reaches the user, for the import and the account commands alike: logged, then shown with
 * the button that fixes it. A cancellation (the user's own doing, whatever layer noticed it) is logged only. Errors
 * are told apart by their code: the engine's come from another bundle (dist/engine.js), with classes of its own.
 */
export class ErrorReporter {
  constructor(
    private readonly vs: Vs,
    private readonly log: Pick<vscode.LogOutputChannel, 'info' | 'error' | 'debug'>,
  ) {}

  /** `retry` names the command a Retry button runs (none: no such button). */
  report(err: unknown, what: string, retry?: string): void {
    const message = describeError(err);
    if (isAbortError(err)) {
      this.log.info(`${what}: cancelled.`);
      return;
    }
    this.log.error(`${what}: ${message}`);
    if ((err as Error)?.stack) this.log.debug((err as Error).stack as string);
    const { window, commands, l10n } = this.vs;
    const run = (command: string, ...args: unknown[]) => void commands.executeCommand(command, ...args);
    if (hasErrorCode(err, ERROR_CODES.missingOAuthClient)) {
      const openSettings = l10n.t('Open Settings');
      const howTo = l10n.t('How to Create a Client');
      void window.showErrorMessage(message, openSettings, howTo).then((b) => {
        if (b === openSettings) run('workbench.action.openSettings', 'googlePhotosImport.oauth');
        if (b === howTo) run(COMMANDS.showSetupHelp);
      });
    } else if (hasErrorCode(err, ERROR_CODES.signInRequired)) {
      void window.showErrorMessage(message, l10n.t('Sign In')).then((b) => b && run(COMMANDS.signIn));
    } else if (retry) {
      void window.showErrorMessage(l10n.t('Google Photos: {0}', message), l10n.t('Retry')).then((b) => b && run(retry));
    } else {
      void window.showErrorMessage(l10n.t('Google Photos: {0}', message));
    }
  }
}

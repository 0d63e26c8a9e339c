/** The sign-in flows as the VS Code face runs them: each one's UI (browser, device code in the panel, a prompt). */
import type * as vscode from 'vscode';
import { type DeviceCodePrompt, signInWithDeviceCode } from '../auth/deviceCodeFlow';
import type { SignInFlow } from '../auth/flowChoice';
import { type LoopbackCallback, signInWithLoopback } from '../auth/loopbackFlow';
import { signInByPastedAddress } from '../auth/pasteFlow';
import type { Account } from './account';

export type BrowserOpener = (url: string) => Promise<boolean>;
/** Asks for the address the browser ended on; `problem` is what was wrong with the last one (undefined: gave up). */
export type AddressPrompt = (authUrl: string, problem: string | undefined, token: vscode.CancellationToken) => Promise<string | undefined>;

export interface FlowContext {
  account: Account;
  signal: AbortSignal;
  token: vscode.CancellationToken;
  /** The loopback flow's server, and where the user's browser reaches it. */
  callback: LoopbackCallback;
  seenByBrowser: string;
  openBrowser: BrowserOpener;
  askForAddress: AddressPrompt;
  presentDeviceCode: (prompt: DeviceCodePrompt) => void;
}

export function runSignInFlow(flow: SignInFlow, ctx: FlowContext, l10n: Pick<typeof vscode.l10n, 't'>): Promise<void> {
  const { account, signal } = ctx;
  const open = async (url: string) => {
    if (!(await ctx.openBrowser(url))) throw new Error(l10n.t('the browser could not be opened'));
  };
  if (flow !== 'loopback') ctx.callback.close();
  switch (flow) {
    case 'loopback':
      return account.auth.signIn((oauth) =>
        signInWithLoopback(oauth, { signal, callback: ctx.callback, redirectUri: ctx.seenByBrowser, openBrowser: open }),
      );
    case 'device-code':
      return account.auth.signIn(() => signInWithDeviceCode(account.client, account.endpoints, { signal, present: ctx.presentDeviceCode }));
    case 'paste':
      return account.auth.signIn((oauth) =>
        signInByPastedAddress(oauth, {
          signal,
          openBrowser: (url) => ctx.openBrowser(url),
          askForAddress: (authUrl, problem) => ctx.askForAddress(authUrl, problem, ctx.token),
        }),
      );
  }
}

/** The paste flow's prompt in VS Code: an input box that stays open while the user is in the browser. */
export function addressInputBox(vs: Pick<typeof vscode, 'window' | 'l10n'>): AddressPrompt {
  return async (authUrl, problem, token) =>
    vs.window.showInputBox(
      {
        title: vs.l10n.t('Sign in to Google Photos'),
        prompt:
          problem ??
          vs.l10n.t(
            'Sign in in the browser tab that opened ({0}). When the tab says 127.0.0.1 cannot be reached, copy the address from its address bar and paste it here.',
            authUrl,
          ),
        placeHolder: 'http://127.0.0.1:1/?state=...&code=...',
        ignoreFocusOut: true,
      },
      token,
    );
}

/**
 * Which sign-in flow can work here, as a pure function of the environment (tested as a table, the way VS Code's
 * github-authentication chooses its flows).
 *
 * The loopback flow needs the user's browser to reach the callback server on the extension's host. VS Code's
 * asExternalUri tells where the browser reaches it: the same http://127.0.0.1 address in a local window, a forwarded
 * local port for SSH, WSL and containers in desktop VS Code, a /proxy/PORT path of code-server, or a public tunnel
 * (Codespaces in a browser). Google accepts only loopback redirect addresses for installed apps, so anything else
 * needs the device-code flow (a URL and a code, no callback at all).
 */
import { isLoopbackHttpUrl, originOf } from '../trustedUrl';

export type SignInFlow = 'loopback' | 'device-code';
export type SignInPreference = 'auto' | SignInFlow;

export interface SignInEnvironment {
  preference: SignInPreference;
  /** VS Code's uiKind: the browser-based workbench (code-server, Codespaces, vscode.dev) or the desktop app. */
  uiKind: 'desktop' | 'web';
  /** vscode.env.remoteName: undefined locally, else "ssh-remote", "wsl", "dev-container", "codespaces", ... */
  remoteName?: string;
  /** asExternalUri(http://127.0.0.1:PORT/): where the user's browser would reach the callback. */
  callbackSeenByBrowser: string;
}

export interface SignInChoice {
  flow: SignInFlow;
  /** For the log: why this flow. */
  reason: string;
}

export function chooseSignInFlow(env: SignInEnvironment): SignInChoice {
  if (env.preference !== 'auto') return { flow: env.preference, reason: `the googlePhotosImport.signInFlow setting asks for ${env.preference}` };
  const where = `${env.uiKind}${env.remoteName ? `, remote ${env.remoteName}` : ', local'}`;
  if (isLoopbackHttpUrl(env.callbackSeenByBrowser)) {
    return { flow: 'loopback', reason: `the browser reaches the callback at a loopback address (${where})` };
  }
  return { flow: 'device-code', reason: `the browser would reach the callback only through ${originOf(env.callbackSeenByBrowser) ?? 'an unusable address'}, which Google does not accept as a redirect (${where})` };
}

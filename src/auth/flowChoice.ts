/**
 * Which sign-in flow can work here, as a pure function of the environment (tested as a table, the way VS Code's
 * github-authentication chooses its flows).
 *
 * The loopback flow needs the user's browser to reach the callback server on the extension's host. VS Code's
 * asExternalUri tells where the browser reaches it: the same http://127.0.0.1 address in a local window, a forwarded
 * local port for SSH, WSL and containers in desktop VS Code, a /proxy/PORT path of code-server, or a public tunnel
 * (Codespaces in a browser). Google accepts only loopback redirect addresses for installed apps, so anything else
 * needs a flow without a callback: the device code (a URL and a code; it needs a "TVs and Limited Input devices"
 * client, and Google may not allow the Photos scope there), then pasting the address the browser ended on (works
 * with the Desktop client everywhere). The flows are tried in this order until one can run.
 */
import { isLoopbackHttpUrl, originOf } from '../trustedUrl';

export type SignInFlow = 'loopback' | 'device-code' | 'paste';
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
  /** The flows to try, in order: the next one runs when one cannot (its client type refused, say). */
  flows: SignInFlow[];
  /** For the log: why these. */
  reason: string;
}

export function chooseSignInFlow(env: SignInEnvironment): SignInChoice {
  if (env.preference !== 'auto')
    return { flows: [env.preference], reason: `the googlePhotosImport.signInFlow setting asks for ${env.preference}` };
  const where = `${env.uiKind}${env.remoteName ? `, remote ${env.remoteName}` : ', local'}`;
  if (isLoopbackHttpUrl(env.callbackSeenByBrowser)) {
    return { flows: ['loopback'], reason: `the browser reaches the callback at a loopback address (${where})` };
  }
  return {
    flows: ['device-code', 'paste'],
    reason: `the browser would reach the callback only through ${originOf(env.callbackSeenByBrowser) ?? 'an unusable address'}, which Google does not accept as a redirect (${where})`,
  };
}

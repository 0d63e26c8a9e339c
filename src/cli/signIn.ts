/** The CLI's sign-in: a fixed token, the stored grant, or a sign-in by the flow that can work in this terminal. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline/promises';
import { GoogleAuth } from '../auth/googleAuth';
import { signInWithDeviceCode } from '../auth/deviceCodeFlow';
import { signInByFirstAvailable } from '../auth/flowChain';
import type { SignInFlow } from '../auth/flowChoice';
import { signInWithLoopback } from '../auth/loopbackFlow';
import { BUILT_IN_OAUTH_CLIENT } from '../auth/builtInClient';
import { type OAuthClientConfig, requireOAuthClient } from '../auth/oauthClientConfig';
import { signInByPastedAddress } from '../auth/pasteFlow';
import { type AccessTokenSource, StaticTokenSource } from '../auth/tokenSource';
import { FileTokenStore } from '../auth/fileTokenStore';
import type { GoogleEndpoints } from '../endpoints';
import { err } from './progress';

/**
 * The flows to try, in order, as in VS Code: the browser coming back to a one-off local server where it can; over SSH
 * (the browser is on another machine and cannot reach this one's 127.0.0.1) a device code, then pasting the address
 * when Google refuses a device code for this client.
 */
export function cliSignInFlows(asked: SignInFlow | undefined, env: NodeJS.ProcessEnv = process.env): SignInFlow[] {
  if (asked) return [asked];
  return env.SSH_CONNECTION || env.SSH_TTY ? ['device-code', 'paste'] : ['loopback'];
}

/**
 * GOOGLE_PHOTOS_ACCESS_TOKEN, else the stored sign-in, else a sign-in with the OAuth client GOOGLE_PHOTOS_CLIENT_ID
 * names, else with the one built into this build.
 */
export async function tokenSourceFromEnvironment(
  endpoints: GoogleEndpoints,
  signal: AbortSignal,
  flows: SignInFlow[],
  fetchImpl?: typeof fetch,
): Promise<AccessTokenSource> {
  const fixed = process.env.GOOGLE_PHOTOS_ACCESS_TOKEN?.trim();
  if (fixed) return new StaticTokenSource(fixed);
  const client = requireOAuthClient(
    process.env.GOOGLE_PHOTOS_CLIENT_ID,
    process.env.GOOGLE_PHOTOS_CLIENT_SECRET,
    'GOOGLE_PHOTOS_CLIENT_ID (and GOOGLE_PHOTOS_CLIENT_SECRET), or GOOGLE_PHOTOS_ACCESS_TOKEN',
    BUILT_IN_OAUTH_CLIENT,
  );
  const auth = new GoogleAuth(client, endpoints, new FileTokenStore(endpoints.oauthToken, client.clientId));
  if (await auth.isSignedIn()) return auth;
  await signInByFirstAvailable(
    flows,
    (flow) => signInWith(flow, auth, client, endpoints, signal, fetchImpl),
    (_flow, e) => err(`(${e.message} Trying another way.)`),
  );
  err('Signed in.');
  return auth;
}

function signInWith(
  flow: SignInFlow,
  auth: GoogleAuth,
  client: OAuthClientConfig,
  endpoints: GoogleEndpoints,
  signal: AbortSignal,
  fetchImpl: typeof fetch | undefined,
): Promise<void> {
  switch (flow) {
    case 'device-code':
      return auth.signIn(() =>
        signInWithDeviceCode(client, endpoints, {
          signal,
          fetch: fetchImpl,
          present: (prompt) => {
            err(`On any device, open ${prompt.verificationUrl} and enter the code ${prompt.userCode}`);
          },
        }),
      );
    case 'paste':
      return auth.signIn((oauth) =>
        signInByPastedAddress(oauth, {
          signal,
          openBrowser: (url) => {
            err('Open this link in a browser on any computer and sign in to Google:');
            err(url);
          },
          askForAddress: (_url, problem) =>
            askLine(
              `${problem ? `${problem}\n` : ''}Then the browser shows that 127.0.0.1 cannot be reached: paste the address from its address bar here:\n> `,
              signal,
            ),
        }),
      );
    case 'loopback':
      return auth.signIn((oauth) =>
        signInWithLoopback(oauth, {
          signal,
          openBrowser: (url) => {
            err('Sign in to Google in your browser. If it does not open, visit:');
            err(url);
            openInBrowser(url);
          },
        }),
      );
  }
}

/** One line from stdin (prompt on stderr, which keeps stdout for the result); undefined at end of input. */
async function askLine(prompt: string, signal: AbortSignal): Promise<string | undefined> {
  const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  const ended = new Promise<undefined>((resolve) => lines.once('close', () => resolve(undefined)));
  try {
    process.stderr.write(prompt);
    return await Promise.race([lines.question('', { signal }), ended]);
  } finally {
    lines.close();
  }
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  try {
    spawn(command, [url], { stdio: 'ignore', detached: true })
      .on('error', () => undefined)
      .unref();
  } catch {
    // No browser here (SSH): the URL printed above is the way.
  }
}

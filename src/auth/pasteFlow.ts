/**
 * Sign-in where no callback can be reached (VS Code in a browser, a terminal over SSH), with the same Desktop
 * client: the user signs in in any browser; Google redirects to a loopback address where nothing listens, so the
 * page fails to load on *their* machine, and they paste that address (it holds the code and the state) back here.
 * The state is checked and the code exchanged with PKCE, so a pasted code is useless to anyone else.
 */
import type { Credentials, OAuth2Client } from 'google-auth-library';
import { isLoopbackHost } from '../trustedUrl';
import { CancelledError, throwIfAborted } from '../util/abort';
import { consentRequest, SignInError } from './loopbackFlow';

/** Port 1 (tcpmux) is never a web server: the browser shows "can't be reached" with the code in the address bar. */
export const PASTE_REDIRECT_URI = 'http://127.0.0.1:1/';

export interface PasteSignInOptions {
  openBrowser: (url: string) => Promise<unknown> | unknown;
  /**
   * Asks for the address the browser ended on (undefined: the user gave up). `problem` says what was wrong with the
   * last answer, so the prompt can ask again.
   */
  askForAddress: (authUrl: string, problem?: string) => Promise<string | undefined>;
  signal?: AbortSignal;
}

export async function signInByPastedAddress(oauth: OAuth2Client, options: PasteSignInOptions): Promise<Credentials> {
  throwIfAborted(options.signal);
  const request = await consentRequest(oauth, PASTE_REDIRECT_URI);
  await Promise.resolve(options.openBrowser(request.authUrl)).catch(() => undefined); // the prompt shows the link as well
  let problem: string | undefined;
  for (;;) {
    const answer = await options.askForAddress(request.authUrl, problem);
    if (options.signal?.aborted || answer === undefined) throw new CancelledError('Sign-in was cancelled.');
    const pasted = readPastedAddress(answer, request.state);
    if (pasted.kind === 'declined') throw new SignInError('You declined access to Google Photos.');
    if (pasted.kind === 'code') return request.exchange(pasted.code);
    problem = pasted.problem;
  }
}

export type PastedAddress = { kind: 'code'; code: string } | { kind: 'declined' } | { kind: 'invalid'; problem: string };

/** What a pasted address says, for this attempt's state (pure; the prompt also uses it to check as the user types). */
export function readPastedAddress(text: string, state: string): PastedAddress {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { kind: 'invalid', problem: "Paste the whole address from the browser's address bar (it starts with http://127.0.0.1:1/)." };
  }
  if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname))
    return {
      kind: 'invalid',
      problem: `That is an address on ${url.host}, not the one Google sent the browser to (http://127.0.0.1:1/...).`,
    };
  if (url.searchParams.get('state') !== state)
    return { kind: 'invalid', problem: 'That address is from another sign-in attempt. Use the link of this one.' };
  if (url.searchParams.get('error')) return { kind: 'declined' };
  const code = url.searchParams.get('code');
  return code
    ? { kind: 'code', code }
    : { kind: 'invalid', problem: 'That address holds no sign-in code. Finish the sign-in in the browser first.' };
}

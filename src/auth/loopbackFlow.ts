import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Credentials, OAuth2Client } from 'google-auth-library';
import { PICKER_SCOPE } from '../endpoints';
import { isLoopbackHost } from '../trustedUrl';
import { CancelledError } from '../util/abort';
import { type ErrorCode, ERROR_CODES } from '../util/errorCodes';

export class SignInError extends Error {
  readonly code: ErrorCode = ERROR_CODES.signInFailed;
  constructor(message: string) {
    super(message);
    this.name = 'SignInError';
  }
}

/** This flow cannot run with this client or here (not the user's doing): the next flow in the chain is tried. */
export class FlowUnavailableError extends SignInError {
  override readonly code: ErrorCode = ERROR_CODES.signInFlowUnavailable;
  constructor(message: string) {
    super(message);
    this.name = 'FlowUnavailableError';
  }
}

export interface LoopbackSignInOptions {
  /** Opens the consent page in the user's browser (never an embedded webview: Google blocks those). */
  openBrowser: (url: string) => Promise<unknown> | unknown;
  signal?: AbortSignal;
  /** How long the user has to finish in the browser. */
  timeoutMs?: number;
  /** A callback server already listening (so the caller could look at its address first); opened here if absent. */
  callback?: LoopbackCallback;
  /** The address the browser reaches the callback at (VS Code's asExternalUri in remote windows); default: local. */
  redirectUri?: string;
}

/** The one-shot server on 127.0.0.1 (random port) that Google's redirect comes back to. */
export class LoopbackCallback {
  private closed = false;
  private constructor(
    readonly server: http.Server,
    readonly localUri: string,
  ) {}

  static async listen(): Promise<LoopbackCallback> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new LoopbackCallback(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.closeAllConnections?.();
    this.server.close();
  }
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/**
 * Sign-in for an installed app: the system browser, a redirect to a one-shot server on 127.0.0.1 (random port),
 * PKCE (S256) so an intercepted code is useless, and a random `state` checked on return.
 */
export async function signInWithLoopback(oauth: OAuth2Client, options: LoopbackSignInOptions): Promise<Credentials> {
  if (options.signal?.aborted) throw new CancelledError('Sign-in was cancelled.');
  const callback = options.callback ?? (await LoopbackCallback.listen());
  try {
    const request = await consentRequest(oauth, options.redirectUri ?? callback.localUri);
    const { code, res } = await waitForCallback(callback.server, request.state, options, async () => options.openBrowser(request.authUrl));
    // The browser's tab says "signed in" only once the code was exchanged for tokens.
    try {
      const tokens = await request.exchange(code);
      respond(res, 200, 'Signed in', 'You are signed in to Google Photos. You can close this tab and return to the editor.');
      return tokens;
    } catch (err) {
      respond(res, 400, 'Sign-in failed', 'Google did not accept the sign-in. Start it again from the editor.');
      throw err;
    }
  } finally {
    callback.close();
  }
}

/** What both browser flows (loopback, paste) send Google, and how the code that comes back is traded for tokens. */
export interface ConsentRequest {
  authUrl: string;
  /** Random, checked on return: a code from another attempt is refused. */
  state: string;
  exchange(code: string): Promise<Credentials>;
}

/** Offline access to the Picker scope, a fresh `state`, and PKCE (S256) so an intercepted code is useless. */
export async function consentRequest(oauth: OAuth2Client, redirectUri: string): Promise<ConsentRequest> {
  const state = randomBytes(32).toString('base64url');
  const { codeVerifier, codeChallenge } = await oauth.generateCodeVerifierAsync();
  const authUrl = oauth.generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent', // so Google returns a refresh token every time
    scope: [PICKER_SCOPE],
    state,
    redirect_uri: redirectUri,
    code_challenge_method: 'S256' as never, // the enum's value; the library's enum type is not exported usefully
    code_challenge: codeChallenge,
  });
  return {
    authUrl,
    state,
    exchange: async (code) => {
      const { tokens } = await oauth.getToken({ code, codeVerifier, redirect_uri: redirectUri });
      if (!tokens.access_token) throw new SignInError('Google returned no access token.');
      return tokens;
    },
  };
}

/** The redirect's code, with its response still open (answered after the exchange). */
interface Callback {
  code: string;
  res: http.ServerResponse;
}

function waitForCallback(
  server: http.Server,
  state: string,
  options: LoopbackSignInOptions,
  open: () => Promise<unknown>,
): Promise<Callback> {
  return new Promise<Callback>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(
      () => finish(new SignInError(`Sign-in was not completed within ${Math.round(timeoutMs / 1000)} seconds. Try again.`)),
      timeoutMs,
    );
    const onAbort = () => finish(new CancelledError('Sign-in was cancelled.'));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    function finish(result: Error | Callback) {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      server.removeListener('request', onRequest);
      if (result instanceof Error) reject(result);
      else resolve(result);
    }

    function onRequest(req: http.IncomingMessage, res: http.ServerResponse) {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/') {
        res.writeHead(404).end();
        return;
      }
      // Only a browser on this machine, or a forwarded port, names a loopback host: a page that rebinds its own
      // domain to 127.0.0.1 sends that domain. Such requests, and any without this attempt's state (another local
      // process, a stale tab), are turned away while the real redirect is still awaited.
      if (!isLoopbackHost(hostnameOf(req.headers.host))) {
        respond(res, 400, 'Sign-in failed', 'This address only answers the browser on this computer.');
        return;
      }
      const params = url.searchParams;
      if (params.get('state') !== state) {
        respond(
          res,
          400,
          'Sign-in failed',
          'The answer did not match this sign-in attempt. Finish the sign-in in the tab the editor opened.',
        );
        return;
      }
      const error = params.get('error');
      if (error) {
        const declined = error === 'access_denied';
        if (declined) respond(res, 400, 'Sign-in cancelled', 'Google Photos access was not granted. You can close this tab.');
        else respond(res, 400, 'Sign-in failed', 'Google could not complete the sign-in. Start it again from the editor.');
        finish(new SignInError(declined ? 'You declined access to Google Photos.' : `Google sign-in failed: ${error}.`));
        return;
      }
      const code = params.get('code');
      if (!code) {
        respond(res, 400, 'Sign-in failed', 'Google sent no authorization code.');
        finish(new SignInError('Google sent no authorization code.'));
        return;
      }
      finish({ code, res });
    }

    server.on('request', onRequest);
    open().catch((err) => finish(new SignInError(`Could not open the browser: ${(err as Error).message}`)));
  });
}

function hostnameOf(host: string | undefined): string {
  try {
    return new URL(`http://${host ?? ''}`).hostname;
  } catch {
    return '';
  }
}

function respond(res: http.ServerResponse, status: number, title: string, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(
    `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`,
  );
}

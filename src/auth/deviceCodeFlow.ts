import type { GoogleEndpoints } from '../endpoints';
import { PICKER_SCOPE } from '../endpoints';
import { isTrustedGooglePage, originOf } from '../trustedUrl';
import { CancelledError, sleep, throwIfAborted } from '../util/abort';
import { FlowUnavailableError, SignInError } from './loopbackFlow';
import type { OAuthClientConfig } from './oauthClientConfig';
import type { StoredGrant } from './tokenStore';

/** What the user is shown: open this page (on any device) and type this code. */
export interface DeviceCodePrompt {
  verificationUrl: string;
  userCode: string;
  /** Epoch ms when the code stops working. */
  expiresAt: number;
}

export interface DeviceCodeOptions {
  present: (prompt: DeviceCodePrompt) => void | Promise<void>;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * OAuth for TVs and limited-input devices: no redirect at all, so it works where the browser cannot reach the
 * extension's host (Codespaces in a browser, code-server behind a domain). Google wants a client of type
 * "TVs and Limited Input devices" for it.
 */
export async function signInWithDeviceCode(
  client: OAuthClientConfig,
  endpoints: GoogleEndpoints,
  options: DeviceCodeOptions,
): Promise<StoredGrant> {
  const fetchImpl = options.fetch ?? fetch;
  const form = (fields: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));

  const started = Date.now();
  const codeResponse = await fetchImpl(endpoints.oauthDeviceCode, {
    method: 'POST',
    body: form({ client_id: client.clientId, scope: PICKER_SCOPE }),
    signal: options.signal,
  });
  const code = (await codeResponse.json().catch(() => ({}))) as {
    device_code?: string;
    user_code?: string;
    verification_url?: string;
    verification_uri?: string;
    expires_in?: number;
    interval?: number;
    error?: string;
    error_description?: string;
  };
  if (!codeResponse.ok || !code.device_code || !code.user_code) {
    const reason = typeof code.error === 'string' ? code.error : codeResponse.status; // OAuth's error is a string; anything else is not
    throw new FlowUnavailableError(
      `Google refused a device sign-in code (${reason}${typeof code.error_description === 'string' ? `: ${code.error_description}` : ''}). The device flow needs an OAuth client of type "TVs and Limited Input devices".`,
    );
  }
  const verificationUrl = code.verification_url ?? code.verification_uri ?? '';
  if (!isTrustedGooglePage(verificationUrl, endpoints.trustedTestOrigins))
    throw new SignInError(`Refused to show a sign-in page that is not Google's (${originOf(verificationUrl) ?? 'not a URL'}).`);
  const expiresAt = started + (code.expires_in ?? 1800) * 1000;
  let intervalMs = Math.max(100, (code.interval ?? 5) * 1000);
  await options.present({ verificationUrl, userCode: code.user_code, expiresAt });

  for (;;) {
    await sleep(intervalMs, options.signal);
    throwIfAborted(options.signal);
    if (Date.now() >= expiresAt) throw new SignInError('The sign-in code expired before it was entered. Sign in again.');
    const response = await fetchImpl(endpoints.oauthToken, {
      method: 'POST',
      body: form({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        device_code: code.device_code,
        grant_type: DEVICE_GRANT,
      }),
      signal: options.signal,
    }).catch((err) => {
      if (options.signal?.aborted) throw new CancelledError('Sign-in was cancelled.');
      throw err;
    });
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      refresh_token?: string;
      expires_in?: number;
      scope?: string;
      token_type?: string;
      error?: string;
    };
    if (response.ok && body.access_token) {
      return {
        access_token: body.access_token,
        refresh_token: body.refresh_token ?? null,
        expiry_date: Date.now() + (body.expires_in ?? 3600) * 1000,
        scope: body.scope,
        token_type: body.token_type ?? 'Bearer',
      };
    }
    switch (body.error) {
      case 'authorization_pending':
        continue;
      case 'slow_down':
        intervalMs += 5000; // what RFC 8628 asks for
        continue;
      case 'access_denied':
        throw new SignInError('You declined access to Google Photos.');
      case 'expired_token':
        throw new SignInError('The sign-in code expired before it was entered. Sign in again.');
      default:
        throw new SignInError(`Google sign-in failed: ${body.error ?? response.status}.`);
    }
  }
}

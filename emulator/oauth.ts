/** Google's OAuth for installed apps: consent page, loopback redirect, PKCE-checking token endpoint, refresh, revoke. */
import { createHash, randomBytes } from 'node:crypto';
import type * as http from 'node:http';
import { PICKER_SCOPE } from '../src/endpoints';
import { isLoopbackHttpUrl } from '../src/trustedUrl';
import { DeviceCodes, type TokenFailure } from './deviceCode';
import { readForm, sendHtml, sendJson } from './http';
import { consentPage, errorPage } from './pages';
import { type EmulatorState, USER } from './state';

interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  expiresAt: number;
}

export class OAuthEndpoints {
  private readonly codes = new Map<string, AuthCode>();
  readonly devices: DeviceCodes;

  constructor(private readonly state: EmulatorState) {
    this.devices = new DeviceCodes(state, (clientId, scope) => this.newGrant(clientId, scope));
  }

  /** Handles the request if its path is one of OAuth's; false otherwise. */
  async handle(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<boolean> {
    const { pathname: path } = url;
    const method = req.method ?? 'GET';
    if (path === '/o/oauth2/v2/auth' && method === 'GET') this.authorize(url, res);
    else if (path === '/o/oauth2/v2/auth/decide' && method === 'POST') this.decide(await readForm(req), res);
    else if (path === '/token' && method === 'POST') this.token(await readForm(req), res);
    else if (path === '/revoke' && method === 'POST') this.revoke(url, await readForm(req), res);
    else return this.devices.handle(req, url, res);
    return true;
  }

  private authorize(url: URL, res: http.ServerResponse): void {
    const p = url.searchParams;
    if (p.get('client_id') !== this.state.options.clientId)
      return sendHtml(res, 401, errorPage('Error 401: invalid_client', 'The OAuth client was not found.'));
    const redirect = p.get('redirect_uri') ?? '';
    if (!isLoopbackHttpUrl(redirect))
      return sendHtml(
        res,
        400,
        errorPage('Error 400: redirect_uri_mismatch', `Desktop clients may only redirect to a loopback address, not ${redirect}.`),
      );
    if (p.get('response_type') !== 'code')
      return sendHtml(res, 400, errorPage('Error 400: invalid_request', 'response_type must be code.'));
    if (!(p.get('scope') ?? '').split(' ').includes(PICKER_SCOPE))
      return sendHtml(res, 400, errorPage('Error 400: invalid_scope', 'The Photos Picker scope is missing.'));
    if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge'))
      return sendHtml(res, 400, errorPage('Error 400: invalid_request', 'This emulator requires PKCE with S256.'));
    sendHtml(res, 200, consentPage(p, 'Import from Google Photos'));
  }

  private decide(form: URLSearchParams, res: http.ServerResponse): void {
    const redirect = form.get('redirect_uri') ?? '';
    if (!isLoopbackHttpUrl(redirect) || form.get('client_id') !== this.state.options.clientId)
      return sendHtml(res, 400, errorPage('Error 400', 'Bad request.'));
    const target = new URL(redirect);
    if (form.get('state') !== null) target.searchParams.set('state', form.get('state') as string);
    if (form.get('decision') !== 'allow') {
      target.searchParams.set('error', 'access_denied');
    } else {
      const code = `4/emu-${randomBytes(16).toString('base64url')}`;
      this.codes.set(code, {
        clientId: form.get('client_id') as string,
        redirectUri: redirect,
        challenge: form.get('code_challenge') ?? '',
        scope: form.get('scope') ?? '',
        expiresAt: Date.now() + 10 * 60_000,
      });
      target.searchParams.set('code', code);
      target.searchParams.set('scope', form.get('scope') ?? '');
    }
    res.writeHead(302, { Location: target.toString() }).end();
  }

  private token(form: URLSearchParams, res: http.ServerResponse): void {
    const fail: TokenFailure = (status, error, description) => {
      this.state.tokenErrors.push(`${error}: ${description}`);
      sendJson(res, status, { error, error_description: description });
    };
    const { clientId, clientSecret } = this.state.options;
    if (form.get('client_id') !== clientId) return fail(401, 'invalid_client', 'The OAuth client was not found.');
    if (clientSecret && form.get('client_secret') !== clientSecret) return fail(401, 'invalid_client', 'Unauthorized');

    switch (form.get('grant_type')) {
      case 'authorization_code':
        return this.exchangeCode(form, res, fail);
      case 'urn:ietf:params:oauth:grant-type:device_code':
        return this.devices.exchange(form, res, fail);
      case 'refresh_token': {
        const grant = this.state.refreshTokens.get(form.get('refresh_token') ?? '');
        if (!grant || grant.revoked) return fail(400, 'invalid_grant', 'Token has been expired or revoked.');
        const accessToken = this.state.issueAccessToken(undefined, form.get('refresh_token') as string);
        return sendJson(res, 200, {
          access_token: accessToken,
          expires_in: this.state.options.accessTokenLifetimeSec,
          scope: PICKER_SCOPE,
          token_type: 'Bearer',
        });
      }
      default:
        fail(400, 'unsupported_grant_type', `Invalid grant_type: ${form.get('grant_type')}`);
    }
  }

  private exchangeCode(form: URLSearchParams, res: http.ServerResponse, fail: TokenFailure): void {
    const code = this.codes.get(form.get('code') ?? '');
    this.codes.delete(form.get('code') ?? ''); // one use only
    if (!code || code.expiresAt < Date.now()) return fail(400, 'invalid_grant', 'Malformed auth code.');
    if (code.redirectUri !== form.get('redirect_uri')) return fail(400, 'redirect_uri_mismatch', 'Bad Request');
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge)
      return fail(400, 'invalid_grant', 'Invalid code verifier.');
    sendJson(res, 200, this.newGrant(code.clientId, code.scope));
  }

  /** A new refresh token and an access token tied to it: the token endpoint's answer to a completed sign-in. */
  private newGrant(clientId: string, scope: string): object {
    const refreshToken = `1//emu-${randomBytes(18).toString('base64url')}`;
    this.state.refreshTokens.set(refreshToken, { user: USER, clientId, revoked: false });
    const accessToken = this.state.issueAccessToken(undefined, refreshToken);
    return {
      access_token: accessToken,
      expires_in: this.state.options.accessTokenLifetimeSec,
      refresh_token: refreshToken,
      scope,
      token_type: 'Bearer',
    };
  }

  private revoke(url: URL, form: URLSearchParams, res: http.ServerResponse): void {
    const token = url.searchParams.get('token') ?? form.get('token') ?? '';
    const refresh = this.state.refreshTokens.get(token);
    if (refresh) {
      refresh.revoked = true;
      for (const [access, entry] of this.state.accessTokens) if (entry.refreshToken === token) this.state.accessTokens.delete(access);
      return sendJson(res, 200, {});
    }
    if (this.state.accessTokens.delete(token)) return sendJson(res, 200, {});
    sendJson(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
  }
}

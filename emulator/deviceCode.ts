/** OAuth for TVs and limited-input devices: a code to type on another device, and the token polls that wait for it. */
import { randomBytes } from 'node:crypto';
import type * as http from 'node:http';
import { PICKER_SCOPE } from '../src/endpoints';
import { readForm, sendHtml, sendJson } from './http';
import { devicePage, errorPage } from './pages';
import type { EmulatorState } from './state';

interface DeviceGrant {
  deviceCode: string;
  userCode: string;
  clientId: string;
  expiresAt: number;
  decision?: 'allow' | 'deny';
  lastPoll: number;
}

/** Answers a token-endpoint failure the way Google does, and records it for tests. */
export type TokenFailure = (status: number, error: string, description: string) => void;

export class DeviceCodes {
  readonly grants = new Map<string, DeviceGrant>();

  constructor(
    private readonly state: EmulatorState,
    private readonly newGrant: (clientId: string, scope: string) => object,
  ) {}

  async handle(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<boolean> {
    const method = req.method ?? 'GET';
    if (url.pathname === '/device/code' && method === 'POST') this.issue(await readForm(req), res);
    else if (url.pathname === '/device' && method === 'GET') sendHtml(res, 200, devicePage());
    else if (url.pathname === '/device/approve' && method === 'POST') this.approve(await readForm(req), res);
    else return false;
    return true;
  }

  /** The user enters the code on the device page and allows (or denies) access. */
  decide(userCode: string, decision: 'allow' | 'deny' = 'allow'): void {
    const grant = [...this.grants.values()].find((g) => g.userCode === userCode.trim().toUpperCase());
    if (!grant) throw new Error(`no device code ${userCode}`);
    grant.decision = decision;
  }

  /** The token endpoint's device_code grant: pending, slow_down, denied, expired, or the tokens. */
  exchange(form: URLSearchParams, res: http.ServerResponse, fail: TokenFailure): void {
    const grant = this.grants.get(form.get('device_code') ?? '');
    if (!grant || grant.clientId !== form.get('client_id')) return fail(400, 'invalid_grant', 'Malformed device code.');
    const now = Date.now();
    const tooSoon = now - grant.lastPoll < this.state.options.deviceIntervalSec * 1000 * 0.9;
    grant.lastPoll = now;
    if (grant.expiresAt <= now) return fail(400, 'expired_token', 'The device code has expired.');
    if (grant.decision === 'deny') return fail(403, 'access_denied', 'Forbidden');
    if (!grant.decision) return tooSoon ? fail(403, 'slow_down', 'Forbidden') : fail(428, 'authorization_pending', 'Precondition Required');
    this.grants.delete(grant.deviceCode);
    sendJson(res, 200, this.newGrant(grant.clientId, PICKER_SCOPE));
  }

  private issue(form: URLSearchParams, res: http.ServerResponse): void {
    const { clientId, deviceCodeLifetimeSec, deviceIntervalSec } = this.state.options;
    if (form.get('client_id') !== clientId)
      return sendJson(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    if (!(form.get('scope') ?? '').split(' ').includes(PICKER_SCOPE))
      return sendJson(res, 400, { error: 'invalid_scope', error_description: 'Invalid scope.' });
    const letters = 'BCDFGHJKLMNPQRSTVWXZ';
    const pick = () => Array.from(randomBytes(4), (b) => letters[b % letters.length]).join('');
    const grant: DeviceGrant = {
      deviceCode: `AH-emu-${randomBytes(16).toString('base64url')}`,
      userCode: `${pick()}-${pick()}`,
      clientId,
      expiresAt: Date.now() + deviceCodeLifetimeSec * 1000,
      lastPoll: 0,
    };
    this.grants.set(grant.deviceCode, grant);
    sendJson(res, 200, {
      device_code: grant.deviceCode,
      user_code: grant.userCode,
      verification_url: `${this.state.origin}/device`,
      expires_in: deviceCodeLifetimeSec,
      interval: deviceIntervalSec,
    });
  }

  private approve(form: URLSearchParams, res: http.ServerResponse): void {
    try {
      this.decide(form.get('user_code') ?? '', form.get('decision') === 'allow' ? 'allow' : 'deny');
    } catch {
      return sendHtml(res, 400, errorPage('Wrong code', 'That code is not valid. Check it and try again.'));
    }
    sendHtml(res, 200, errorPage('Device connected', 'You can return to your editor.'));
  }
}

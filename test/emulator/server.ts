/**
 * A fake Google for tests, demos and benchmarks: OAuth (consent page, PKCE-checking token endpoint, refresh, revoke),
 * the Photos Picker API (sessions.create/get/delete, mediaItems.list) with Google's behaviour and error shapes, a media
 * host that serves bytes on each item's baseUrl, a picker web page a person can click through, and a control API.
 * A real HTTP server on 127.0.0.1 with a random port.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { emulatorEndpoints, type GoogleEndpoints, PICKER_SCOPE } from '../../src/endpoints';
import { formatDuration } from '../../src/picker/duration';
import { consentPage, devicePage, errorPage, pickedPage, pickerPage } from './pages';
import { makeJpeg, makeLibrary, type SampleItem } from './sampleMedia';

export interface EmulatorOptions {
  port?: number;
  /** Sent as pollingConfig.pollInterval (a Duration string; tests may send malformed ones on purpose). */
  pollInterval?: string;
  /** How long picking may take: the session's timeoutIn counts down from this. */
  pickingTimeoutMs?: number;
  /** Until expireTime. */
  sessionLifetimeMs?: number;
  accessTokenLifetimeSec?: number;
  maxOpenSessionsPerUser?: number;
  /** Extra small photos beyond the base sample set, for paging tests. */
  bulkItems?: number;
  /** Size of each bulk photo in bytes (padded), for benchmarks. */
  bulkItemBytes?: number;
  clientId?: string;
  clientSecret?: string;
  /** Device-code flow: the polling interval the emulator asks for, in seconds (Google says 5). */
  deviceIntervalSec?: number;
  /** Device-code flow: how long a code lives, in seconds. */
  deviceCodeLifetimeSec?: number;
  /** Called with a line per request (method, path, status): for the standalone emulator's console. */
  log?: (line: string) => void;
}

/** Makes one request (or the next `times` matching ones) go wrong in a chosen way. */
export interface Fault {
  method?: string;
  /** Prefix of the path, e.g. "/v1/sessions", "/v1/mediaItems", "/media/", "/token". */
  path?: string;
  times?: number;
  /** Answer with this HTTP status and a Google JSON error body. */
  status?: number;
  errorStatus?: string;
  retryAfter?: string;
  /** Answer 200 with this JSON instead (e.g. a malformed pollInterval). */
  body?: unknown;
  delayMs?: number;
  /** Media only: send the headers (full Content-Length) and this many bytes, then drop the connection. */
  truncateAfterBytes?: number;
  /** Media only: trickle the body at this rate. */
  bytesPerSecond?: number;
  /** Media only: answer with a redirect to this URL. */
  redirectTo?: string;
}

export interface EmulatedSession {
  id: string;
  user: string;
  requestId?: string;
  createdAt: number;
  timeoutAt: number;
  expireAt: number;
  maxItemCount: number;
  picked: string[];
  mediaItemsSet: boolean;
  deleted: boolean;
  /** Times of each sessions.get, to check that clients honour pollInterval. */
  polls: number[];
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  /** Whether an Authorization header came with it (its value is never recorded). */
  authorized: boolean;
  at: number;
}

interface DeviceGrant {
  deviceCode: string;
  userCode: string;
  clientId: string;
  expiresAt: number;
  decision?: 'allow' | 'deny';
  lastPoll: number;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  expiresAt: number;
}

const USER = 'emulated-user';
export const EMULATOR_CLIENT_ID = 'emulator-client.apps.googleusercontent.com';
export const EMULATOR_CLIENT_SECRET = 'emulator-secret';

export class GoogleEmulator {
  readonly library: SampleItem[];
  readonly sessions = new Map<string, EmulatedSession>();
  readonly requests: RequestRecord[] = [];
  /** PKCE checks that failed at the token endpoint (a test asserts on them). */
  readonly tokenErrors: string[] = [];
  private readonly faults: Fault[] = [];
  private readonly accessTokens = new Map<string, { user: string; expiresAt: number; refreshToken?: string }>();
  private readonly refreshTokens = new Map<string, { user: string; clientId: string; revoked: boolean }>();
  private readonly codes = new Map<string, AuthCode>();
  readonly deviceGrants = new Map<string, DeviceGrant>();
  private readonly resized = new Map<string, Buffer>();
  private server!: http.Server;
  origin = '';
  readonly options: Required<Omit<EmulatorOptions, 'log' | 'port'>> & Pick<EmulatorOptions, 'log' | 'port'>;

  private constructor(options: EmulatorOptions) {
    this.options = {
      pollInterval: '1s',
      pickingTimeoutMs: 30 * 60_000,
      sessionLifetimeMs: 60 * 60_000,
      accessTokenLifetimeSec: 3600,
      maxOpenSessionsPerUser: 10,
      bulkItems: 0,
      bulkItemBytes: 0,
      clientId: EMULATOR_CLIENT_ID,
      clientSecret: EMULATOR_CLIENT_SECRET,
      deviceIntervalSec: 5,
      deviceCodeLifetimeSec: 1800,
      ...options,
    };
    this.library = makeLibrary(this.options.bulkItems, this.options.bulkItemBytes);
  }

  static async start(options: EmulatorOptions = {}): Promise<GoogleEmulator> {
    const emulator = new GoogleEmulator(options);
    emulator.server = http.createServer((req, res) => {
      emulator.handle(req, res).catch((err) => {
        if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: String(err), status: 'INTERNAL' } });
        else res.destroy();
      });
    });
    await new Promise<void>((resolve) => emulator.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    emulator.origin = `http://127.0.0.1:${(emulator.server.address() as AddressInfo).port}`;
    return emulator;
  }

  get endpoints(): GoogleEndpoints {
    return emulatorEndpoints(this.origin);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- control (in-process; also over HTTP below)

  /** An access token for the emulated user, as if they had signed in. */
  issueAccessToken(lifetimeSec = this.options.accessTokenLifetimeSec): string {
    const token = `ya29.emu-${randomBytes(18).toString('base64url')}`;
    this.accessTokens.set(token, { user: USER, expiresAt: Date.now() + lifetimeSec * 1000 });
    return token;
  }

  expireAccessTokens(): void {
    for (const entry of this.accessTokens.values()) entry.expiresAt = 0;
  }

  revokeRefreshTokens(): void {
    for (const entry of this.refreshTokens.values()) entry.revoked = true;
  }

  /** The user ticks these items (default: the first `count` photos) and presses Done. */
  pick(sessionId: string, selection: { itemIds?: string[]; count?: number } = {}): void {
    const session = this.sessions.get(sessionId);
    if (!session || session.deleted) throw new Error(`no live session ${sessionId}`);
    const ids = selection.itemIds ?? this.library.slice(0, selection.count ?? 2).map((i) => i.id);
    const known = new Set(this.library.map((i) => i.id));
    session.picked = ids.filter((id) => known.has(id)).slice(0, session.maxItemCount);
    session.mediaItemsSet = true;
  }

  /** The user enters the code on the device page and allows (or denies) access. */
  decideDevice(userCode: string, decision: 'allow' | 'deny' = 'allow'): void {
    const grant = [...this.deviceGrants.values()].find((g) => g.userCode === userCode.trim().toUpperCase());
    if (!grant) throw new Error(`no device code ${userCode}`);
    grant.decision = decision;
  }

  injectFault(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  liveSessions(): EmulatedSession[] {
    return [...this.sessions.values()].filter((s) => !s.deleted);
  }

  /** Resolves with the next session created (for tests that act as the user once the client has started). */
  async waitForSession(timeoutMs = 10_000, predicate: (s: EmulatedSession) => boolean = () => true): Promise<EmulatedSession> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const found = [...this.sessions.values()].find((s) => !s.deleted && predicate(s));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no session was created in time');
  }

  // ---------------------------------------------------------------- routing

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const method = req.method ?? 'GET';
    const authorized = Boolean(req.headers.authorization);
    res.on('close', () => { // 'close', not 'finish': a deliberately cut response never finishes
      this.requests.push({ method, path: url.pathname, status: res.statusCode, authorized, at: Date.now() });
      this.options.log?.(`${method} ${url.pathname} ${res.statusCode}`);
    });

    const fault = this.takeFault(method, url.pathname);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status) return sendGoogleError(res, fault.status, fault.errorStatus ?? statusName(fault.status), 'Injected fault', fault.retryAfter);
    if (fault?.body !== undefined) return sendJson(res, 200, fault.body);

    const path = url.pathname;
    if (path === '/o/oauth2/v2/auth' && method === 'GET') return this.authorize(url, res);
    if (path === '/o/oauth2/v2/auth/decide' && method === 'POST') return this.decide(await readForm(req), res);
    if (path === '/token' && method === 'POST') return this.token(await readForm(req), res);
    if (path === '/revoke' && method === 'POST') return this.revoke(url, await readForm(req), res);
    if (path === '/device/code' && method === 'POST') return this.deviceCode(await readForm(req), res);
    if (path === '/device' && method === 'GET') return sendHtml(res, 200, devicePage());
    if (path === '/device/approve' && method === 'POST') return this.deviceApprove(await readForm(req), res);
    if (path.startsWith('/v1/')) return this.pickerApi(req, url, res);
    if (path.startsWith('/media/')) return this.media(req, path, res, fault);
    if (path.startsWith('/thumb/')) return this.thumbnail(decodeURIComponent(path.slice('/thumb/'.length)), res);
    if (path.startsWith('/picker/')) return this.pickerUi(req, url, res);
    if (path.startsWith('/__emulator/')) return this.control(req, url, res);
    if (path === '/' || path === '/healthz') return sendJson(res, 200, { emulator: 'google-photos-picker', origin: this.origin });
    sendJson(res, 404, { error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } });
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex((f) => (!f.method || f.method === method) && (!f.path || path.startsWith(f.path)));
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  // ---------------------------------------------------------------- OAuth

  private authorize(url: URL, res: http.ServerResponse): void {
    const p = url.searchParams;
    if (p.get('client_id') !== this.options.clientId) return sendHtml(res, 401, errorPage('Error 401: invalid_client', 'The OAuth client was not found.'));
    const redirect = p.get('redirect_uri') ?? '';
    if (!isLoopbackRedirect(redirect)) return sendHtml(res, 400, errorPage('Error 400: redirect_uri_mismatch', `Desktop clients may only redirect to a loopback address, not ${redirect}.`));
    if (p.get('response_type') !== 'code') return sendHtml(res, 400, errorPage('Error 400: invalid_request', 'response_type must be code.'));
    if (!(p.get('scope') ?? '').split(' ').includes(PICKER_SCOPE)) return sendHtml(res, 400, errorPage('Error 400: invalid_scope', 'The Photos Picker scope is missing.'));
    if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) return sendHtml(res, 400, errorPage('Error 400: invalid_request', 'This emulator requires PKCE with S256.'));
    sendHtml(res, 200, consentPage(p, 'Import from Google Photos'));
  }

  private decide(form: URLSearchParams, res: http.ServerResponse): void {
    const redirect = form.get('redirect_uri') ?? '';
    if (!isLoopbackRedirect(redirect) || form.get('client_id') !== this.options.clientId) return sendHtml(res, 400, errorPage('Error 400', 'Bad request.'));
    const target = new URL(redirect);
    if (form.get('state') !== null) target.searchParams.set('state', form.get('state') as string);
    if (form.get('decision') !== 'allow') {
      target.searchParams.set('error', 'access_denied');
    } else {
      const code = `4/emu-${randomBytes(16).toString('base64url')}`;
      this.codes.set(code, { clientId: form.get('client_id') as string, redirectUri: redirect, challenge: form.get('code_challenge') ?? '', scope: form.get('scope') ?? '', expiresAt: Date.now() + 10 * 60_000 });
      target.searchParams.set('code', code);
      target.searchParams.set('scope', form.get('scope') ?? '');
    }
    res.writeHead(302, { Location: target.toString() }).end();
  }

  private token(form: URLSearchParams, res: http.ServerResponse): void {
    const fail = (status: number, error: string, description: string) => {
      this.tokenErrors.push(`${error}: ${description}`);
      sendJson(res, status, { error, error_description: description });
    };
    if (form.get('client_id') !== this.options.clientId) return fail(401, 'invalid_client', 'The OAuth client was not found.');
    if (this.options.clientSecret && form.get('client_secret') !== this.options.clientSecret) return fail(401, 'invalid_client', 'Unauthorized');

    if (form.get('grant_type') === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? ''); // one use only
      if (!code || code.expiresAt < Date.now()) return fail(400, 'invalid_grant', 'Malformed auth code.');
      if (code.redirectUri !== form.get('redirect_uri')) return fail(400, 'redirect_uri_mismatch', 'Bad Request');
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) return fail(400, 'invalid_grant', 'Invalid code verifier.');
      return sendJson(res, 200, this.newGrant(code.clientId, code.scope));
    }
    if (form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code') {
      const grant = this.deviceGrants.get(form.get('device_code') ?? '');
      if (!grant || grant.clientId !== form.get('client_id')) return fail(400, 'invalid_grant', 'Malformed device code.');
      const now = Date.now();
      const tooSoon = now - grant.lastPoll < this.options.deviceIntervalSec * 1000 * 0.9;
      grant.lastPoll = now;
      if (grant.expiresAt <= now) return fail(400, 'expired_token', 'The device code has expired.');
      if (grant.decision === 'deny') return fail(403, 'access_denied', 'Forbidden');
      if (!grant.decision) return tooSoon ? fail(403, 'slow_down', 'Forbidden') : fail(428, 'authorization_pending', 'Precondition Required');
      this.deviceGrants.delete(grant.deviceCode);
      return sendJson(res, 200, this.newGrant(grant.clientId, PICKER_SCOPE));
    }
    if (form.get('grant_type') === 'refresh_token') {
      const grant = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!grant || grant.revoked) return fail(400, 'invalid_grant', 'Token has been expired or revoked.');
      const accessToken = this.issueAccessToken();
      this.accessTokens.get(accessToken)!.refreshToken = form.get('refresh_token') as string;
      return sendJson(res, 200, { access_token: accessToken, expires_in: this.options.accessTokenLifetimeSec, scope: PICKER_SCOPE, token_type: 'Bearer' });
    }
    fail(400, 'unsupported_grant_type', `Invalid grant_type: ${form.get('grant_type')}`);
  }

  private deviceCode(form: URLSearchParams, res: http.ServerResponse): void {
    if (form.get('client_id') !== this.options.clientId) return sendJson(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    if (!(form.get('scope') ?? '').split(' ').includes(PICKER_SCOPE)) return sendJson(res, 400, { error: 'invalid_scope', error_description: 'Invalid scope.' });
    const letters = 'BCDFGHJKLMNPQRSTVWXZ';
    const pick = () => Array.from(randomBytes(4), (b) => letters[b % letters.length]).join('');
    const grant: DeviceGrant = { deviceCode: `AH-emu-${randomBytes(16).toString('base64url')}`, userCode: `${pick()}-${pick()}`, clientId: form.get('client_id') as string, expiresAt: Date.now() + this.options.deviceCodeLifetimeSec * 1000, lastPoll: 0 };
    this.deviceGrants.set(grant.deviceCode, grant);
    sendJson(res, 200, { device_code: grant.deviceCode, user_code: grant.userCode, verification_url: `${this.origin}/device`, expires_in: this.options.deviceCodeLifetimeSec, interval: this.options.deviceIntervalSec });
  }

  private deviceApprove(form: URLSearchParams, res: http.ServerResponse): void {
    try {
      this.decideDevice(form.get('user_code') ?? '', form.get('decision') === 'allow' ? 'allow' : 'deny');
    } catch {
      return sendHtml(res, 400, errorPage('Wrong code', 'That code is not valid. Check it and try again.'));
    }
    sendHtml(res, 200, errorPage('Device connected', 'You can return to your editor.'));
  }

  /** A new refresh token and an access token tied to it: the token endpoint's answer to a completed sign-in. */
  private newGrant(clientId: string, scope: string): object {
    const refreshToken = `1//emu-${randomBytes(18).toString('base64url')}`;
    this.refreshTokens.set(refreshToken, { user: USER, clientId, revoked: false });
    const accessToken = this.issueAccessToken();
    this.accessTokens.get(accessToken)!.refreshToken = refreshToken;
    return { access_token: accessToken, expires_in: this.options.accessTokenLifetimeSec, refresh_token: refreshToken, scope, token_type: 'Bearer' };
  }

  private revoke(url: URL, form: URLSearchParams, res: http.ServerResponse): void {
    const token = url.searchParams.get('token') ?? form.get('token') ?? '';
    const refresh = this.refreshTokens.get(token);
    if (refresh) {
      refresh.revoked = true;
      for (const [access, entry] of this.accessTokens) if (entry.refreshToken === token) this.accessTokens.delete(access);
      return sendJson(res, 200, {});
    }
    if (this.accessTokens.delete(token)) return sendJson(res, 200, {});
    sendJson(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
  }

  private userFor(req: http.IncomingMessage): string | undefined {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const entry = match ? this.accessTokens.get(match[1]) : undefined;
    return entry && entry.expiresAt > Date.now() ? entry.user : undefined;
  }

  // ---------------------------------------------------------------- Picker API

  private async pickerApi(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<void> {
    const user = this.userFor(req);
    if (!user) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
      return sendGoogleError(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
    }
    const method = req.method;
    const sessionMatch = /^\/v1\/sessions\/([^/]+)$/.exec(url.pathname);
    if (url.pathname === '/v1/sessions' && method === 'POST') return this.createSession(user, url, await readBody(req), res);
    if (sessionMatch && method === 'GET') return this.getSession(user, decodeURIComponent(sessionMatch[1]), res);
    if (sessionMatch && method === 'DELETE') return this.deleteSession(user, decodeURIComponent(sessionMatch[1]), res);
    if (url.pathname === '/v1/mediaItems' && method === 'GET') return this.listMediaItems(user, url.searchParams, res);
    sendGoogleError(res, 404, 'NOT_FOUND', `Method not found: ${method} ${url.pathname}`);
  }

  private createSession(user: string, url: URL, body: string, res: http.ServerResponse): void {
    const requestId = url.searchParams.get('requestId') ?? undefined;
    if (requestId) {
      const existing = [...this.sessions.values()].find((s) => s.requestId === requestId && s.user === user);
      if (existing) return sendJson(res, 200, this.sessionJson(existing));
    }
    let parsed: { pickingConfig?: { maxItemCount?: unknown } };
    try {
      parsed = body ? JSON.parse(body) : {};
    } catch {
      return sendGoogleError(res, 400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    }
    const rawMax = parsed.pickingConfig?.maxItemCount;
    const maxItemCount = rawMax === undefined ? 2000 : Number(rawMax);
    if (!Number.isInteger(maxItemCount) || maxItemCount < 1 || maxItemCount > 2000) return sendGoogleError(res, 400, 'INVALID_ARGUMENT', 'pickingConfig.maxItemCount must be between 1 and 2000.');
    const now = Date.now();
    const open = [...this.sessions.values()].filter((s) => s.user === user && !s.deleted && s.expireAt > now);
    if (open.length >= this.options.maxOpenSessionsPerUser) return sendGoogleError(res, 429, 'RESOURCE_EXHAUSTED', 'Too many open picking sessions for this user.');
    const session: EmulatedSession = {
      id: randomUUID(),
      user,
      requestId,
      createdAt: now,
      timeoutAt: now + this.options.pickingTimeoutMs,
      expireAt: now + this.options.sessionLifetimeMs,
      maxItemCount,
      picked: [],
      mediaItemsSet: false,
      deleted: false,
      polls: [],
    };
    this.sessions.set(session.id, session);
    sendJson(res, 200, this.sessionJson(session));
  }

  /** The session if the user may see it now, or the error Google gives (404 unknown or deleted, 403 expired). */
  private liveSession(user: string, id: string, res: http.ServerResponse): EmulatedSession | undefined {
    const session = this.sessions.get(id);
    if (!session || session.deleted || session.user !== user) {
      sendGoogleError(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
      return undefined;
    }
    if (session.expireAt <= Date.now()) {
      sendGoogleError(res, 403, 'PERMISSION_DENIED', 'The caller does not have permission (session expired).');
      return undefined;
    }
    return session;
  }

  private getSession(user: string, id: string, res: http.ServerResponse): void {
    const session = this.liveSession(user, id, res);
    if (!session) return;
    session.polls.push(Date.now());
    sendJson(res, 200, this.sessionJson(session));
  }

  private deleteSession(user: string, id: string, res: http.ServerResponse): void {
    const session = this.sessions.get(id);
    if (!session || session.deleted || session.user !== user) return sendGoogleError(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
    session.deleted = true;
    sendJson(res, 200, {});
  }

  private listMediaItems(user: string, params: URLSearchParams, res: http.ServerResponse): void {
    const sessionId = params.get('sessionId');
    if (!sessionId) return sendGoogleError(res, 400, 'INVALID_ARGUMENT', 'sessionId is required.');
    const session = this.liveSession(user, sessionId, res);
    if (!session) return;
    if (!session.mediaItemsSet) return sendGoogleError(res, 400, 'FAILED_PRECONDITION', 'The user has not finished picking media items.');
    const rawSize = params.get('pageSize');
    const pageSize = rawSize === null ? 50 : Number(rawSize);
    if (!Number.isInteger(pageSize) || pageSize < 0) return sendGoogleError(res, 400, 'INVALID_ARGUMENT', 'pageSize must be a positive integer.');
    const size = Math.min(pageSize || 50, 100);
    let offset = 0;
    const token = params.get('pageToken');
    if (token) {
      try {
        const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { s: string; o: number };
        if (decoded.s !== session.id || !Number.isInteger(decoded.o)) throw new Error('mismatch');
        offset = decoded.o;
      } catch {
        return sendGoogleError(res, 400, 'INVALID_ARGUMENT', 'Invalid page token.');
      }
    }
    const ids = session.picked.slice(offset, offset + size);
    const items = ids.map((id) => this.itemJson(session, this.library.find((i) => i.id === id) as SampleItem));
    const next = offset + size < session.picked.length ? Buffer.from(JSON.stringify({ s: session.id, o: offset + size })).toString('base64url') : undefined;
    sendJson(res, 200, { mediaItems: items, ...(next ? { nextPageToken: next } : {}) });
  }

  private sessionJson(session: EmulatedSession): object {
    const now = Date.now();
    return {
      id: session.id,
      pickerUri: `${this.origin}/picker/${session.id}`,
      ...(session.mediaItemsSet ? {} : { pollingConfig: { pollInterval: this.options.pollInterval, timeoutIn: formatDuration(session.timeoutAt - now) } }),
      expireTime: new Date(session.expireAt).toISOString(),
      pickingConfig: { maxItemCount: String(session.maxItemCount) },
      mediaItemsSet: session.mediaItemsSet,
    };
  }

  private itemJson(session: EmulatedSession, item: SampleItem): object {
    return {
      id: item.id,
      createTime: item.createTime,
      type: item.type,
      mediaFile: {
        baseUrl: `${this.origin}/media/${session.id}/${item.id}`,
        mimeType: item.mimeType,
        filename: item.filename,
        mediaFileMetadata: {
          width: item.width,
          height: item.height,
          ...(item.cameraMake ? { cameraMake: item.cameraMake, cameraModel: item.cameraModel } : {}),
          ...(item.type === 'VIDEO' ? { videoMetadata: { fps: 30, processingStatus: item.processingStatus } } : { photoMetadata: { focalLength: 4.4, apertureFNumber: 1.8, isoEquivalent: 100, exposureTime: '0.008s' } }),
        },
      },
    };
  }

  // ---------------------------------------------------------------- media host

  private async media(req: http.IncomingMessage, path: string, res: http.ServerResponse, fault: Fault | undefined): Promise<void> {
    if (!this.userFor(req)) return sendGoogleError(res, 401, 'UNAUTHENTICATED', 'Missing or invalid bearer token.');
    if (fault?.redirectTo) return void res.writeHead(302, { Location: fault.redirectTo }).end();
    // /media/{sessionId}/{itemId}={params}
    const match = /^\/media\/([^/]+)\/([^/=]+)(?:=(.*))?$/.exec(path);
    const session = match ? this.sessions.get(decodeURIComponent(match[1])) : undefined;
    const item = match && session?.picked.includes(match[2]) ? this.library.find((i) => i.id === match[2]) : undefined;
    if (!item) return sendGoogleError(res, 404, 'NOT_FOUND', 'No such media item.');
    const params = match?.[3] ?? '';
    let bytes: Buffer;
    let type = item.mimeType;
    const size = /^w(\d+)-h(\d+)/.exec(params);
    if (item.type === 'VIDEO' && params !== 'dv') {
      bytes = this.scaled(item, 320, 180);
      type = 'image/jpeg'; // a video's baseUrl without =dv is its thumbnail
    } else if (params === 'd' || params === 'dv') {
      bytes = item.bytes();
    } else if (size) {
      bytes = this.scaled(item, Math.min(Number(size[1]), 2048), Math.min(Number(size[2]), 2048));
      type = 'image/jpeg';
    } else {
      bytes = this.scaled(item, 256, 256);
      type = 'image/jpeg';
    }
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': bytes.length });
    if (fault?.truncateAfterBytes !== undefined) {
      res.write(bytes.subarray(0, fault.truncateAfterBytes), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    if (fault?.bytesPerSecond) {
      const chunk = Math.max(1, Math.ceil(fault.bytesPerSecond / 20));
      for (let at = 0; at < bytes.length && !res.destroyed; at += chunk) {
        res.write(bytes.subarray(at, at + chunk));
        await new Promise((r) => setTimeout(r, 50));
      }
      res.end();
      return;
    }
    res.end(bytes);
  }

  /** A JPEG of the item fitted into w x h (kept in memory: the emulator serves the same few sizes over and over). */
  private scaled(item: SampleItem, w: number, h: number): Buffer {
    const scale = Math.min(w / item.width, h / item.height, 1);
    const width = Math.max(1, Math.round(item.width * scale));
    const height = Math.max(1, Math.round(item.height * scale));
    const key = `${item.id}:${width}x${height}`;
    let bytes = this.resized.get(key);
    if (!bytes) {
      bytes = makeJpeg(width, height, Number(item.id.replace(/\D/g, '')) || 1);
      this.resized.set(key, bytes);
    }
    return bytes;
  }

  private thumbnail(itemId: string, res: http.ServerResponse): void {
    const item = this.library.find((i) => i.id === itemId);
    if (!item) return sendJson(res, 404, {});
    const bytes = this.scaled(item, 200, 150);
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': bytes.length, 'Cache-Control': 'max-age=3600' }).end(bytes);
  }

  // ---------------------------------------------------------------- the picker page a person uses

  private async pickerUi(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<void> {
    const match = /^\/picker\/([^/]+)(\/autoclose|\/done)?$/.exec(url.pathname);
    const session = match ? this.sessions.get(decodeURIComponent(match[1])) : undefined;
    if (!session || session.deleted || session.expireAt <= Date.now()) return sendHtml(res, 404, errorPage('This link has expired', 'The picking session is over. Start a new import from your editor.'));
    if (match?.[2] === '/done' && req.method === 'POST') {
      if (session.mediaItemsSet) return sendHtml(res, 409, errorPage('Already done', 'This selection was already sent.'));
      const form = await readForm(req);
      this.pick(session.id, { itemIds: form.getAll('itemId') });
      return sendHtml(res, 200, pickedPage(session.picked.length, url.searchParams.has('autoclose')));
    }
    if (session.mediaItemsSet) return sendHtml(res, 200, errorPage('Selection sent', 'You already pressed Done for this session.'));
    sendHtml(res, 200, pickerPage(session.id, this.library, session.maxItemCount, match?.[2] === '/autoclose'));
  }

  // ---------------------------------------------------------------- control API over HTTP (tests in other processes)

  private async control(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<void> {
    const path = url.pathname.slice('/__emulator'.length);
    const body = req.method === 'POST' ? await readBody(req) : '';
    const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    if (path === '/token' && req.method === 'POST') return sendJson(res, 200, { access_token: this.issueAccessToken(json.lifetimeSec as number | undefined) });
    if (path === '/sessions' && req.method === 'GET') return sendJson(res, 200, { sessions: [...this.sessions.values()].map(({ polls, ...s }) => ({ ...s, polls: polls.length })) });
    const pickMatch = /^\/sessions\/([^/]+)\/pick$/.exec(path);
    if (pickMatch && req.method === 'POST') {
      this.pick(decodeURIComponent(pickMatch[1]), json as { itemIds?: string[]; count?: number });
      return sendJson(res, 200, {});
    }
    if (path === '/faults' && req.method === 'POST') {
      this.injectFault(json as Fault);
      return sendJson(res, 200, {});
    }
    if (path === '/faults' && req.method === 'DELETE') {
      this.clearFaults();
      return sendJson(res, 200, {});
    }
    sendJson(res, 404, { error: 'unknown control call' });
  }
}

function isLoopbackRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]');
  } catch {
    return false;
  }
}

function statusName(code: number): string {
  return ({ 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ABORTED', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' } as Record<number, string>)[code] ?? 'UNKNOWN';
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) }).end(text);
}

function sendGoogleError(res: http.ServerResponse, code: number, status: string, message: string, retryAfter?: string): void {
  if (retryAfter) res.setHeader('Retry-After', retryAfter);
  sendJson(res, code, { error: { code, message, status } });
}

function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) }).end(html);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(req);
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    return new URLSearchParams(Object.entries(JSON.parse(body || '{}') as Record<string, string>));
  }
  return new URLSearchParams(body);
}

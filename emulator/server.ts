/**
 * A fake Google for tests, the demo, benchmarks and the CLI's --emulator: OAuth (oauth.ts, deviceCode.ts), the Photos
 * Picker API (pickerApi.ts), a media host (mediaHost.ts), a picker page a person can click through (pickerPage.ts) and
 * a control API (control.ts). A real HTTP server on 127.0.0.1 with a random port; this file only routes.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { emulatorEndpoints, type GoogleEndpoints } from '../src/endpoints';
import { serveControl } from './control';
import type { Fault } from './faults';
import { sendGoogleError, sendJson } from './http';
import { MediaHost } from './mediaHost';
import { OAuthEndpoints } from './oauth';
import { PickerApi } from './pickerApi';
import { servePickerPage } from './pickerPage';
import type { SampleItem } from './sampleMedia';
import { EMULATOR_CLIENT_ID, type EmulatedSession, type EmulatorOptions, EmulatorState, type RequestRecord, USER } from './state';

export type { Fault } from './faults';
export { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type EmulatedSession, type EmulatorOptions, type RequestRecord } from './state';

export class GoogleEmulator {
  private readonly state: EmulatorState;
  private readonly oauth: OAuthEndpoints;
  private readonly pickerApi: PickerApi;
  private readonly mediaHost: MediaHost;
  private server!: http.Server;

  private constructor(options: EmulatorOptions) {
    this.state = new EmulatorState(options);
    this.oauth = new OAuthEndpoints(this.state);
    this.pickerApi = new PickerApi(this.state);
    this.mediaHost = new MediaHost(this.state);
  }

  static async start(options: EmulatorOptions = {}): Promise<GoogleEmulator> {
    const emulator = new GoogleEmulator(options);
    const handler: http.RequestListener = (req, res) => {
      emulator.route(req, res).catch((err) => {
        if (!res.headersSent) sendGoogleError(res, 500, 'INTERNAL', String(err));
        else res.destroy();
      });
    };
    emulator.server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve) => emulator.server.listen(options.port ?? 0, host, resolve));
    const hostInUrl = host.includes(':') ? `[${host}]` : host;
    emulator.state.origin = `${options.tls ? 'https' : 'http'}://${hostInUrl}:${(emulator.server.address() as AddressInfo).port}`;
    return emulator;
  }

  get origin(): string {
    return this.state.origin;
  }

  get endpoints(): GoogleEndpoints {
    return emulatorEndpoints(this.origin);
  }

  get options(): EmulatorState['options'] {
    return this.state.options;
  }

  get library(): SampleItem[] {
    return this.state.library;
  }

  get sessions(): Map<string, EmulatedSession> {
    return this.state.sessions;
  }

  get requests(): RequestRecord[] {
    return this.state.requests;
  }

  /** Token-endpoint checks that failed (PKCE, client): tests assert there are none. */
  get tokenErrors(): string[] {
    return this.state.tokenErrors;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** An access token for the emulated user, as if they had signed in. */
  issueAccessToken(lifetimeSec?: number): string {
    return this.state.issueAccessToken(lifetimeSec);
  }

  /** A refresh token for the emulated user, as a saved sign-in holds (the benchmark's CLI refreshes with it). */
  issueRefreshToken(clientId = EMULATOR_CLIENT_ID): string {
    const token = `1//emu-saved-${this.state.refreshTokens.size}`;
    this.state.refreshTokens.set(token, { user: USER, clientId, revoked: false });
    return token;
  }

  expireAccessTokens(): void {
    for (const entry of this.state.accessTokens.values()) entry.expiresAt = 0;
  }

  revokeRefreshTokens(): void {
    for (const entry of this.state.refreshTokens.values()) entry.revoked = true;
  }

  /** The user ticks these items (default: the first `count` photos) and presses Done. */
  pick(sessionId: string, selection: { itemIds?: string[]; count?: number } = {}): void {
    this.state.pick(sessionId, selection);
  }

  /** The user enters the code on the device page and allows (or denies) access. */
  decideDevice(userCode: string, decision: 'allow' | 'deny' = 'allow'): void {
    this.oauth.devices.decide(userCode, decision);
  }

  /** User codes still waiting for the user's answer (the in-VS Code benchmark allows them, as the user would). */
  pendingDeviceCodes(): string[] {
    return [...this.oauth.devices.grants.values()].filter((g) => !g.decision).map((g) => g.userCode);
  }

  injectFault(fault: Fault): void {
    this.state.faults.add(fault);
  }

  clearFaults(): void {
    this.state.faults.clear();
  }

  liveSessions(): EmulatedSession[] {
    return [...this.sessions.values()].filter((s) => !s.deleted);
  }

  /** Resolves with the next session created (for tests that act as the user once the client has started). */
  async waitForSession(timeoutMs = 10_000, predicate: (s: EmulatedSession) => boolean = () => true): Promise<EmulatedSession> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const found = this.liveSessions().find(predicate);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no session was created in time');
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const method = req.method ?? 'GET';
    const authorized = Boolean(req.headers.authorization);
    const startedAt = Date.now();
    res.on('close', () => {
      // 'close', not 'finish': a deliberately cut response never finishes
      this.requests.push({ method, path: url.pathname, status: res.statusCode, authorized, startedAt, at: Date.now() });
      this.options.log?.(`${method} ${url.pathname} ${res.statusCode}`);
    });

    const fault = this.state.faults.take(method, url.pathname);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status) return sendGoogleError(res, fault.status, fault.errorStatus, 'Injected fault', fault.retryAfter, fault.errorReason);
    if (fault?.body !== undefined) return sendJson(res, 200, fault.body);

    const path = url.pathname;
    if (await this.oauth.handle(req, url, res)) return;
    if (path.startsWith('/v1/')) return this.pickerApi.handle(req, url, res);
    if (path.startsWith('/media/')) return this.mediaHost.media(req, path, res, fault);
    if (path.startsWith('/thumb/')) return this.mediaHost.thumbnail(decodeURIComponent(path.slice('/thumb/'.length)), res);
    if (path.startsWith('/picker/')) return servePickerPage(this.state, req, url, res);
    if (path.startsWith('/__emulator/')) return serveControl(this.state, req, url, res);
    if (path === '/' || path === '/healthz') return sendJson(res, 200, { emulator: 'google-photos-picker', origin: this.origin });
    sendJson(res, 404, { error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } });
  }
}

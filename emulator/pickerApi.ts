/** The Photos Picker API: sessions.create/get/delete and mediaItems.list, with Google's answers and error shapes. */
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import { formatDuration } from '../src/picker/duration';
import { bearerToken, readBody, sendGoogleError, sendJson } from './http';
import type { SampleItem } from './sampleMedia';
import type { EmulatedSession, EmulatorState } from './state';

export class PickerApi {
  constructor(private readonly state: EmulatorState) {}

  async handle(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<void> {
    const user = this.state.userFor(bearerToken(req));
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
    const { sessions, options } = this.state;
    // Recorded only: Google documents requestId for limited-input devices and does not promise that a repeated id
    // returns the same session, so neither does the emulator.
    const requestId = url.searchParams.get('requestId') ?? undefined;
    let parsed: { pickingConfig?: { maxItemCount?: unknown } };
    try {
      parsed = body ? JSON.parse(body) : {};
    } catch {
      return sendGoogleError(res, 400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    }
    const rawMax = parsed.pickingConfig?.maxItemCount;
    const maxItemCount = rawMax === undefined ? 2000 : Number(rawMax);
    if (!Number.isInteger(maxItemCount) || maxItemCount < 1 || maxItemCount > 2000)
      return sendGoogleError(res, 400, 'INVALID_ARGUMENT', 'pickingConfig.maxItemCount must be between 1 and 2000.');
    const now = Date.now();
    const open = [...sessions.values()].filter((s) => s.user === user && !s.deleted && s.expireAt > now);
    if (open.length >= options.maxOpenSessionsPerUser)
      return sendGoogleError(res, 429, 'RESOURCE_EXHAUSTED', 'Too many open picking sessions for this user.');
    const session: EmulatedSession = {
      id: randomUUID(),
      user,
      requestId,
      createdAt: now,
      timeoutAt: now + options.pickingTimeoutMs,
      expireAt: now + options.sessionLifetimeMs,
      maxItemCount,
      picked: [],
      mediaItemsSet: false,
      deleted: false,
      polls: [],
      listings: [],
    };
    sessions.set(session.id, session);
    sendJson(res, 200, this.sessionJson(session));
  }

  /** The session if the user may see it now, or the error Google gives (404 unknown or deleted, 403 expired). */
  private liveSession(user: string, id: string, res: http.ServerResponse): EmulatedSession | undefined {
    const session = this.state.sessions.get(id);
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
    const session = this.state.sessions.get(id);
    if (!session || session.deleted || session.user !== user)
      return sendGoogleError(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
    session.deleted = true;
    sendJson(res, 200, {});
  }

  /** A first page starts a new listing, whose number goes into every baseUrl it hands out (so URLs rotate). */
  private listMediaItems(user: string, params: URLSearchParams, res: http.ServerResponse): void {
    const sessionId = params.get('sessionId');
    if (!sessionId) return sendGoogleError(res, 400, 'INVALID_ARGUMENT', 'sessionId is required.');
    const session = this.liveSession(user, sessionId, res);
    if (!session) return;
    if (!session.mediaItemsSet) return sendGoogleError(res, 400, 'FAILED_PRECONDITION', 'The user has not finished picking media items.');
    const rawSize = params.get('pageSize');
    const pageSize = rawSize === null ? 50 : Number(rawSize);
    if (!Number.isInteger(pageSize) || pageSize < 0)
      return sendGoogleError(res, 400, 'INVALID_ARGUMENT', 'pageSize must be a positive integer.');
    const size = Math.min(pageSize || 50, 100);
    let offset = 0;
    let listing: number;
    const token = params.get('pageToken');
    if (token) {
      try {
        const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { s: string; o: number; l: number };
        if (decoded.s !== session.id || !Number.isInteger(decoded.o) || session.listings[decoded.l] === undefined)
          throw new Error('mismatch');
        offset = decoded.o;
        listing = decoded.l;
      } catch {
        return sendGoogleError(res, 400, 'INVALID_ARGUMENT', 'Invalid page token.');
      }
    } else {
      listing = session.listings.push(Date.now()) - 1;
    }
    const ids = session.picked.slice(offset, offset + size);
    const items = ids.map((id) => this.itemJson(session, listing, this.state.item(id) as SampleItem));
    const next =
      offset + size < session.picked.length
        ? Buffer.from(JSON.stringify({ s: session.id, o: offset + size, l: listing })).toString('base64url')
        : undefined;
    sendJson(res, 200, { mediaItems: items, ...(next ? { nextPageToken: next } : {}) });
  }

  private sessionJson(session: EmulatedSession): object {
    const now = Date.now();
    return {
      id: session.id,
      pickerUri: `${this.state.origin}/picker/${session.id}`,
      ...(session.mediaItemsSet
        ? {}
        : { pollingConfig: { pollInterval: this.state.options.pollInterval, timeoutIn: formatDuration(session.timeoutAt - now) } }),
      expireTime: new Date(session.expireAt).toISOString(),
      pickingConfig: { maxItemCount: String(session.maxItemCount) },
      mediaItemsSet: session.mediaItemsSet,
    };
  }

  private itemJson(session: EmulatedSession, listing: number, item: SampleItem): object {
    return {
      id: item.id,
      createTime: item.createTime,
      type: item.type,
      mediaFile: {
        baseUrl: `${this.state.origin}/media/${session.id}/${listing}/${item.id}`,
        mimeType: item.mimeType,
        filename: item.filename,
        mediaFileMetadata: {
          width: item.width,
          height: item.height,
          ...(item.cameraMake ? { cameraMake: item.cameraMake, cameraModel: item.cameraModel } : {}),
          ...(item.type === 'VIDEO'
            ? { videoMetadata: { fps: 30, processingStatus: item.processingStatus } }
            : item.photoMetadata
              ? { photoMetadata: item.photoMetadata }
              : {}),
        },
      },
    };
  }
}

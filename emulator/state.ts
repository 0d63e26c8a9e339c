/** What the emulated Google knows: its options, the user's library, sessions, tokens and what it was asked. */
import { randomBytes } from 'node:crypto';
import { FaultQueue } from './faults';
import { makeLibrary, type SampleItem } from './sampleMedia';

export interface EmulatorOptions {
  port?: number;
  /**
   * The loopback address it listens on. '::1' keeps its links out of older code-server's port proxy: until
   * coder/code-server#7668 was fixed, openExternal turned any 127.0.0.1 or localhost link into /proxy/PORT/,
   * dropping its path and query.
   */
  host?: '127.0.0.1' | '::1';
  /** Serve https with this certificate (benchmarks: Google's hosts speak TLS, and it costs both sides CPU). */
  tls?: { cert: string; key: string };
  /** Sent as pollingConfig.pollInterval (a Duration string; tests may send malformed ones on purpose). */
  pollInterval?: string;
  /** How long picking may take: the session's timeoutIn counts down from this. */
  pickingTimeoutMs?: number;
  /** Until expireTime. */
  sessionLifetimeMs?: number;
  /** How long a listed baseUrl serves bytes (Google: about 60 minutes); each listing hands out new ones. */
  baseUrlLifetimeMs?: number;
  accessTokenLifetimeSec?: number;
  maxOpenSessionsPerUser?: number;
  /** Media host: how long each media request waits before its first byte (Google's is about 100-300 ms). */
  mediaFirstByteDelayMs?: number;
  /** Media host: a bandwidth cap per response, in bytes per second (0: none). */
  mediaBytesPerSecond?: number;
  /** Extra small photos beyond the base sample set, for paging tests. */
  bulkItems?: number;
  /** Size of each bulk photo in bytes (padded), for benchmarks. */
  bulkItemBytes?: number;
  /** Add a 4032x3024 HEIC photo (item-0013) to the library, for the size tests. */
  largePhoto?: boolean;
  clientId?: string;
  clientSecret?: string;
  /** Device-code flow: the polling interval the emulator asks for, in seconds (Google says 5). */
  deviceIntervalSec?: number;
  /** Device-code flow: how long a code lives, in seconds. */
  deviceCodeLifetimeSec?: number;
  /** Called with a line per request (method, path, status): for the standalone emulator's console. */
  log?: (line: string) => void;
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, 'log' | 'port' | 'host' | 'tls'>> &
  Pick<EmulatorOptions, 'log' | 'port' | 'host' | 'tls'>;

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
  /** Each mediaItems.list call starts a new listing: its number is part of the baseUrls it hands out. */
  listings: number[];
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  /** Whether an Authorization header came with it (its value is never recorded). */
  authorized: boolean;
  /** When the request arrived, and when its answer ended (or was cut). */
  startedAt: number;
  at: number;
}

export const USER = 'emulated-user';
export const EMULATOR_CLIENT_ID = 'emulator-client.apps.googleusercontent.com';
export const EMULATOR_CLIENT_SECRET = 'emulator-secret';

export class EmulatorState {
  readonly options: ResolvedOptions;
  readonly library: SampleItem[];
  readonly sessions = new Map<string, EmulatedSession>();
  readonly requests: RequestRecord[] = [];
  /** PKCE and client checks that failed at the token endpoint (tests assert on them). */
  readonly tokenErrors: string[] = [];
  readonly faults = new FaultQueue();
  readonly accessTokens = new Map<string, { user: string; expiresAt: number; refreshToken?: string }>();
  readonly refreshTokens = new Map<string, { user: string; clientId: string; revoked: boolean }>();
  origin = '';

  constructor(options: EmulatorOptions) {
    this.options = {
      pollInterval: '1s',
      pickingTimeoutMs: 30 * 60_000,
      sessionLifetimeMs: 60 * 60_000,
      baseUrlLifetimeMs: 60 * 60_000,
      accessTokenLifetimeSec: 3600,
      maxOpenSessionsPerUser: 10,
      bulkItems: 0,
      largePhoto: false,
      bulkItemBytes: 0,
      mediaFirstByteDelayMs: 0,
      mediaBytesPerSecond: 0,
      clientId: EMULATOR_CLIENT_ID,
      clientSecret: EMULATOR_CLIENT_SECRET,
      deviceIntervalSec: 5,
      deviceCodeLifetimeSec: 1800,
      ...options,
    };
    this.library = makeLibrary(this.options.bulkItems, this.options.bulkItemBytes, this.options.largePhoto);
  }

  /** An access token for the emulated user, as if they had signed in. */
  issueAccessToken(lifetimeSec = this.options.accessTokenLifetimeSec, refreshToken?: string): string {
    const token = `ya29.emu-${randomBytes(18).toString('base64url')}`;
    this.accessTokens.set(token, { user: USER, expiresAt: Date.now() + lifetimeSec * 1000, refreshToken });
    return token;
  }

  /** The user a bearer token belongs to, while it is valid. */
  userFor(token: string | undefined): string | undefined {
    const entry = token ? this.accessTokens.get(token) : undefined;
    return entry && entry.expiresAt > Date.now() ? entry.user : undefined;
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

  item(id: string): SampleItem | undefined {
    return this.library.find((i) => i.id === id);
  }
}

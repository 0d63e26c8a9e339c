import type { AccessTokenSource } from '../util/accessToken';
import { throwIfAborted } from '../util/abort';
import { proxyRefusalMessage, proxyRefusalStatus } from '../util/networkError';
import { withRetries } from '../util/retry';
import { GOOGLE_QUOTA_WAIT_MS, quotaWaitMs } from '../util/retryAfter';
import { NOT_SENT_AGAIN, PickerApiError, pickerErrorFrom } from './errors';
import type { ListMediaItemsResponse, PickingSession } from './types';

/** One line per HTTP exchange for the log: never headers, never tokens. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number | 'network-error';
  ms: number;
  attempt: number;
}
export type RequestLogger = (entry: RequestLogEntry) => void;

export interface RetryPolicy {
  /** Extra attempts after a 5xx, a network error or a quota 429. */
  maxRetries: number;
  /** First back-off after a 5xx or network error; doubles each time. */
  serverErrorBaseDelayMs: number;
  /** Wait after a 429 with no Retry-After (Google asks for at least 30 s). */
  quotaDelayMs: number;
  /** Longest one request may take, answer read included: a server that stalls is retried, then given up on. */
  requestTimeoutMs: number;
  /** The backoff's jitter source, in [0, 1) (default Math.random; tests fix it). */
  random?: () => number;
}

/** Picker API answers are small (a page of 100 items is ~50 KB): anything past this is not an answer to parse. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

class AnswerTooLargeError extends Error {}
/** A try that reached no server and may be sent again. */
class NetworkFailure extends Error {}

/** Failures before any byte of the request could reach the server (no connection was made): safe to send again. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function neverSent(err: unknown): boolean {
  const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && NOT_SENT_CODES.has(code);
}

/** The body as text, or an error once it passes `limit` bytes (the rest is not read). */
async function readAtMost(response: Response, limit: number, what: string): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) {
      await response.body.cancel().catch(() => undefined);
      throw new AnswerTooLargeError(
        `${what} failed: the server's answer is larger than ${limit / 1024 / 1024} MiB, which no Picker API answer is.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 3,
  serverErrorBaseDelayMs: 1000,
  quotaDelayMs: GOOGLE_QUOTA_WAIT_MS,
  requestTimeoutMs: 60_000,
};

export interface PickerClientOptions {
  /** Picker API base, e.g. https://photospicker.googleapis.com */
  endpoint: string;
  tokens: AccessTokenSource;
  log?: RequestLogger;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
}

/** The four REST calls of the Google Photos Picker API, typed by hand (no generated client exists). */
export class PickerClient {
  private readonly endpoint: string;
  private readonly retry: RetryPolicy;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PickerClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.fetchImpl = options.fetch ?? fetch;
  }

  /**
   * sessions.create. Google gives no idempotency key (its `requestId` serves limited-input devices), so a create whose
   * answer was lost is not sent again: that could leave a second session open that nothing deletes. It is sent again
   * only after answers that show no session was made (see `call`).
   */
  createSession(options: { maxItemCount?: number } = {}, signal?: AbortSignal): Promise<PickingSession> {
    const body = options.maxItemCount ? { pickingConfig: { maxItemCount: String(options.maxItemCount) } } : {};
    return this.call<PickingSession>('sessions.create', 'POST', '/v1/sessions', body, signal);
  }

  getSession(sessionId: string, signal?: AbortSignal): Promise<PickingSession> {
    return this.call<PickingSession>('sessions.get', 'GET', `/v1/sessions/${encodeURIComponent(sessionId)}`, undefined, signal);
  }

  /** sessions.delete. A session that is already gone counts as deleted. */
  async deleteSession(sessionId: string, signal?: AbortSignal): Promise<'deleted' | 'already-gone'> {
    try {
      await this.call<unknown>('sessions.delete', 'DELETE', `/v1/sessions/${encodeURIComponent(sessionId)}`, undefined, signal);
      return 'deleted';
    } catch (err) {
      if (err instanceof PickerApiError && err.status === 'NOT_FOUND') return 'already-gone';
      throw err;
    }
  }

  listMediaItems(sessionId: string, pageToken?: string, pageSize = 100, signal?: AbortSignal): Promise<ListMediaItemsResponse> {
    const query = new URLSearchParams({ sessionId, pageSize: String(pageSize) });
    if (pageToken) query.set('pageToken', pageToken);
    return this.call<ListMediaItemsResponse>('mediaItems.list', 'GET', `/v1/mediaItems?${query}`, undefined, signal);
  }

  private call<T>(what: string, method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    // Sending it twice does no harm: every call but the create (a second delete of a session answers 404, counted as done).
    const repeatable = what !== 'sessions.create';
    const call = { what, method, path, body, repeatable, refreshed: false };
    return withRetries(
      (attempt, last) => this.send<T>(call, attempt, last, signal),
      (err) => {
        if (err instanceof NetworkFailure) return 'backoff';
        if (!(err instanceof PickerApiError)) return 'give-up';
        // A create's 429 without Retry-After is "too many open sessions": waiting blindly will not help. With one, the
        // server said when to come back, as for any other call. A create is sent again only after a 503 besides: a 500,
        // 502 or 504 may come after the session was made.
        if (err.httpStatus === 429)
          return repeatable || err.retryAfterSeconds !== undefined
            ? quotaWaitMs(err.retryAfterSeconds, this.retry.quotaDelayMs)
            : 'give-up';
        return err.httpStatus >= 500 && (repeatable || err.httpStatus === 503) ? 'backoff' : 'give-up';
      },
      { maxRetries: this.retry.maxRetries, baseDelayMs: this.retry.serverErrorBaseDelayMs, random: this.retry.random, signal },
    );
  }

  /** One try, and once a call one more after a 401 with a refreshed token (that is not a retry). */
  private async send<T>(
    call: { what: string; method: string; path: string; body: unknown; repeatable: boolean; refreshed: boolean },
    attempt: number,
    last: boolean,
    signal?: AbortSignal,
  ): Promise<T> {
    const { what, method, path, body } = call;
    for (;;) {
      const token = await this.options.tokens.getAccessToken(signal);
      const started = Date.now();
      const timeout = AbortSignal.timeout(this.retry.requestTimeoutMs);
      let response: Response;
      let text: string;
      try {
        response = await this.fetchImpl(this.endpoint + path, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(body ? { 'Content-Type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          redirect: 'error', // an API call that redirects is not Google's API: never follow it with a token
        });
        this.log(method, path, response.status, started, attempt);
        text = await readAtMost(response, MAX_ANSWER_BYTES, what);
      } catch (err) {
        throwIfAborted(signal);
        if (err instanceof AnswerTooLargeError) throw err; // not worth another try
        this.log(method, path, 'network-error', started, attempt);
        // The proxy refused the tunnel: nothing reached Google, and asking again gets the same answer.
        const proxyStatus = proxyRefusalStatus(err);
        if (proxyStatus) throw new Error(`${what} failed: ${proxyRefusalMessage(proxyStatus)}`);
        const reason = timeout.aborted ? `no answer within ${this.retry.requestTimeoutMs / 1000} s` : (err as Error).message;
        const host = new URL(this.endpoint).host;
        if (!call.repeatable && !neverSent(err)) {
          throw new Error(
            `${what} failed: no answer from ${host} (${reason}). ${NOT_SENT_AGAIN}; check your network connection and start the import again.`,
          );
        }
        if (!last) throw new NetworkFailure();
        throw new Error(`${what} failed: could not reach ${host} (${reason}). Check your network connection.`);
      }
      if (response.ok) return (text ? JSON.parse(text) : {}) as T;
      if (response.status === 401 && !call.refreshed) {
        call.refreshed = true;
        await this.options.tokens.refreshAccessToken(signal);
        continue;
      }
      throw pickerErrorFrom(response.status, text, what, response.headers.get('retry-after'));
    }
  }

  private log(method: string, path: string, status: RequestLogEntry['status'], started: number, attempt: number): void {
    // The path carries the session id and page token, never a credential; strip the query's page token anyway.
    this.options.log?.({ method, path: path.replace(/pageToken=[^&]*/, 'pageToken=…'), status, ms: Date.now() - started, attempt });
  }
}

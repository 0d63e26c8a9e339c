import { randomUUID } from 'node:crypto';
import type { AccessTokenSource } from '../auth/tokenSource';
import { sleep, throwIfAborted } from '../util/abort';
import { GOOGLE_QUOTA_WAIT_MS, quotaWaitMs } from '../util/retryAfter';
import { PickerApiError, pickerErrorFrom } from './errors';
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
}

/** Picker API answers are small (a page of 100 items is ~50 KB): anything past this is not an answer to parse. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

class AnswerTooLargeError extends Error {}

/** The body as text, or an error once it passes `limit` bytes (the rest is not read). */
async function readAtMost(response: Response, limit: number, what: string): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) {
      await response.body.cancel().catch(() => undefined);
      throw new AnswerTooLargeError(`${what} failed: the server's answer is larger than ${limit / 1024 / 1024} MiB, which no Picker API answer is.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const defaultRetryPolicy: RetryPolicy = { maxRetries: 3, serverErrorBaseDelayMs: 1000, quotaDelayMs: GOOGLE_QUOTA_WAIT_MS, requestTimeoutMs: 60_000 };

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

  /** sessions.create. The requestId makes a retried create return the same session instead of a second one. */
  createSession(options: { maxItemCount?: number; requestId?: string } = {}, signal?: AbortSignal): Promise<PickingSession> {
    const requestId = options.requestId ?? randomUUID();
    const body = options.maxItemCount ? { pickingConfig: { maxItemCount: String(options.maxItemCount) } } : {};
    return this.call<PickingSession>('sessions.create', 'POST', `/v1/sessions?requestId=${encodeURIComponent(requestId)}`, body, signal);
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

  private async call<T>(what: string, method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal);
      const token = await this.options.tokens.getAccessToken(signal);
      const started = Date.now();
      const timeout = AbortSignal.timeout(this.retry.requestTimeoutMs);
      let response: Response;
      let text: string;
      try {
        response = await this.fetchImpl(this.endpoint + path, {
          method,
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
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
        if (attempt <= this.retry.maxRetries) {
          await sleep(this.backoff(attempt), signal);
          continue;
        }
        const reason = timeout.aborted ? `no answer within ${this.retry.requestTimeoutMs / 1000} s` : (err as Error).message;
        throw new Error(`${what} failed: could not reach ${new URL(this.endpoint).host} (${reason}). Check your network connection.`);
      }
      if (response.ok) return (text ? JSON.parse(text) : {}) as T;

      if (response.status === 401 && !refreshed) {
        refreshed = true;
        await this.options.tokens.refreshAccessToken(signal);
        attempt--; // a token refresh is not a retry
        continue;
      }
      const error = pickerErrorFrom(response.status, text, what, response.headers.get('retry-after'));
      // A create's 429 without Retry-After is "too many open sessions": waiting blindly will not help. With one, the
      // server said when to come back, as for any other call.
      const retryable = response.status >= 500 || (response.status === 429 && (what !== 'sessions.create' || error.retryAfterSeconds !== undefined));
      if (!retryable || attempt > this.retry.maxRetries) throw error;
      const asked = quotaWaitMs(error.retryAfterSeconds, this.retry.quotaDelayMs);
      const wait = response.status === 429 ? asked : this.backoff(attempt);
      await sleep(wait, signal);
    }
  }

  private backoff(attempt: number): number {
    return this.retry.serverErrorBaseDelayMs * 2 ** (attempt - 1);
  }

  private log(method: string, path: string, status: RequestLogEntry['status'], started: number, attempt: number): void {
    // The path carries the session id and page token, never a credential; strip the query's page token anyway.
    this.options.log?.({ method, path: path.replace(/pageToken=[^&]*/, 'pageToken=…'), status, ms: Date.now() - started, attempt });
  }
}

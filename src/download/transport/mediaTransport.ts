/**
 * What the downloader asks of a media transport: a GET that resolves at the response's head, a body read into a
 * sink with backpressure or dropped with its connection, and the two timeouts. Redirects, the token's hosts and
 * size caps are decided above it (downloader.ts); the one implementation is undiciMedia.ts.
 */
import type { BodySink } from '../storage/fileWriter';

export interface MediaResponse {
  status: number;
  statusText: string;
  header(name: string): string | undefined;
  /** Every byte of the body into the sink, in order; rejects when it is cut short, stalls, or is cancelled. */
  readBody(sink: BodySink): Promise<void>;
  /** The body is not wanted (an error page, a redirect): dropped, with its connection. */
  discard(): void;
}

export type MediaGet = (url: string, headers: Record<string, string>, signal?: AbortSignal) => Promise<MediaResponse>;

export interface MediaTransport {
  readonly get: MediaGet;
  /** Ends idle keep-alive connections, so that a CLI run can exit. */
  close(): void;
}

export interface MediaTimeouts {
  /** From sending the request to the response's headers (connecting has a limit of its own, as long). */
  headersMs: number;
  /** Longest silence while the body streams: a stalled host is given up on (and the download retried). */
  idleMs: number;
}

export const DEFAULT_MEDIA_TIMEOUTS: MediaTimeouts = { headersMs: 30_000, idleMs: 30_000 };

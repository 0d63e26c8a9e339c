/**
 * One connection of the direct media transport (directMedia.ts): a socket read into one fixed buffer, carrying one
 * exchange at a time (the request, its head, then its body into a sink). Nothing here allocates per chunk.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { BodySink } from './storage/fileWriter';
import { type BodyFraming, bodyFramingFor, HeadReader, HttpProtocolError, type ResponseHead } from './http1';
import type { MediaResponse, MediaTimeouts } from './mediaHttp';

const READ_BUFFER_BYTES = 64 * 1024;

/** A kept-alive connection that broke before any answer: the server most likely closed it while it was idle. */
export class StaleConnectionError extends Error {}

const timeoutError = (message: string) => Object.assign(new Error(message), { code: 'ETIMEDOUT' });

/** One socket, one exchange at a time: the request, its head, then its body into a sink. */
export class Connection {
  readonly origin: string;
  private readonly socket: net.Socket;
  private readonly host: string;
  private closed = false;
  private used = false;
  private exchange: Exchange | undefined;

  constructor(target: URL, trust: Pick<tls.ConnectionOptions, 'ca'>, private readonly onIdle: (c: Connection) => void) {
    this.origin = target.origin;
    this.host = target.host;
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    const onread = { buffer: Buffer.allocUnsafeSlow(READ_BUFFER_BYTES), callback: (n: number, buffer: Uint8Array) => this.received(buffer, n) };
    // SNI and the certificate check follow `host` (Node leaves SNI out for an IP address).
    // (tls.connect takes `onread` like net.connect; @types/node leaves it out of its options.)
    this.socket = target.protocol === 'https:' ? tls.connect({ host, port, ALPNProtocols: ['http/1.1'], ...trust, onread } as tls.ConnectionOptions) : net.connect({ host, port, onread });
    this.socket.setNoDelay(true);
    this.socket.on('error', (err) => this.exchange?.fail(err));
    this.socket.on('close', () => {
      this.closed = true;
      this.exchange?.closed();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  request(target: URL, headers: Record<string, string>, timeouts: MediaTimeouts, signal?: AbortSignal): Promise<MediaResponse> {
    const reused = this.used;
    this.used = true;
    this.socket.ref();
    const exchange = new Exchange(this, timeouts, reused, signal);
    this.exchange = exchange;
    const lines = [`GET ${target.pathname}${target.search} HTTP/1.1`, `Host: ${this.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    this.socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    this.socket.resume(); // an idle connection reads already; this makes sure, whatever the last exchange left
    return exchange.response;
  }

  /** Called by the exchange once its body is read: reused if the response allows it, else closed. */
  done(exchange: Exchange, reusable: boolean): void {
    if (this.exchange !== exchange) return;
    this.exchange = undefined;
    if (!reusable || this.closed) return this.destroy();
    this.socket.unref(); // an idle connection does not keep a CLI process alive
    // Idle, it keeps reading: a byte the server sends now closes it (received()) instead of waiting in the socket to
    // be taken for the next request's answer. A close is seen at once too, so the pool skips it.
    this.socket.resume();
    this.onIdle(this);
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  destroy(error?: Error): void {
    this.closed = true;
    this.socket.destroy(error);
  }

  describe(): string {
    return this.host;
  }

  /** onread: the bytes are valid only during this call. Returning false pauses the socket. */
  private received(buffer: Uint8Array, n: number): boolean {
    const exchange = this.exchange;
    if (!exchange) {
      this.destroy(); // an idle connection that sends something is not speaking HTTP/1.1 with us
      return false;
    }
    // A body that ended in this read left the connection idle: it goes on reading (see done()).
    return exchange.received(buffer, n) || (this.exchange !== exchange && !this.closed);
  }
}

/** A request's life: waiting for the head, holding the first body bytes, then streaming the body into a sink. */
class Exchange {
  readonly response: Promise<MediaResponse>;
  private resolveResponse!: (r: MediaResponse) => void;
  private rejectResponse!: (e: Error) => void;
  private head = new HeadReader();
  private framing: BodyFraming | undefined;
  /** Body bytes that came with the head, before anyone asked for the body (copied: the read buffer is reused). */
  private early: Buffer | undefined;
  private sink: BodySink | undefined;
  private bodyDone: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;
  /** The body was read whole: the connection belongs to the next request now. */
  private settled = false;
  private gotBytes = false;
  private timer: NodeJS.Timeout;
  private sinkFull = false;
  // One function for every chunk (not a closure per read): the body path allocates nothing per chunk.
  private readonly toSink = (bytes: Uint8Array, start: number, end: number) => {
    if (!this.sink!.write(bytes, start, end)) this.sinkFull = true;
  };
  private readonly onAbort = () => this.fail(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }));

  constructor(private readonly connection: Connection, private readonly timeouts: MediaTimeouts, private readonly reused: boolean, private readonly signal?: AbortSignal) {
    this.response = new Promise((resolve, reject) => ((this.resolveResponse = resolve), (this.rejectResponse = reject)));
    // From sending the request (connecting included) to the whole head.
    this.timer = setTimeout(() => this.fail(timeoutError(`no answer from ${connection.describe()} within ${timeouts.headersMs / 1000} s`)), timeouts.headersMs);
    if (signal?.aborted) queueMicrotask(this.onAbort);
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  received(buffer: Uint8Array, n: number): boolean {
    this.gotBytes = true;
    if (this.failure) return false;
    try {
      if (!this.framing) return this.readHead(buffer, n);
      if (!this.sink) {
        // A paused TLS socket may still hand over what it already decrypted: kept until the body is asked for.
        this.keepEarly(buffer, 0, n);
        return false;
      }
      this.timer.refresh();
      return this.readBody(buffer, 0, n);
    } catch (err) {
      this.fail(err as Error);
      return false;
    }
  }

  private readHead(buffer: Uint8Array, n: number): boolean {
    let at = 0;
    let head: ResponseHead | undefined;
    while (!head) {
      const end = this.head.feed(buffer, at, n);
      if (end < 0) return true;
      at = end;
      const parsed = this.head.head();
      if (parsed.status >= 200) head = parsed;
      else this.head = new HeadReader(); // 103 Early Hints and the like come before the answer
    }
    this.framing = bodyFramingFor(head);
    // The caller checks the head (and opens a file) before it wants the body: wait, keeping what already came.
    if (at < n) this.keepEarly(buffer, at, n);
    this.pauseReading();
    this.resolveResponse({
      status: head.status,
      statusText: head.statusText,
      header: (name) => head.headers.get(name.toLowerCase())?.[0],
      readBody: (sink) => this.readInto(sink),
      discard: () => this.fail(new Error('the body was not wanted')),
    });
    return false;
  }

  private keepEarly(buffer: Uint8Array, start: number, end: number): void {
    const copy = Buffer.from(buffer.subarray(start, end)); // the read buffer is reused
    this.early = this.early ? Buffer.concat([this.early, copy]) : copy;
  }

  private readInto(sink: BodySink): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.sink = sink;
    const body = new Promise<void>((resolve, reject) => (this.bodyDone = { resolve, reject }));
    const early = this.early;
    this.early = undefined;
    try {
      if (early && !this.readBody(early, 0, early.length)) return body;
      if (this.framing!.done) this.finishBody();
      else this.resumeReading();
    } catch (err) {
      this.fail(err as Error);
    }
    return body;
  }

  /** Body bytes into the sink; false (pause) when the sink wants to wait or the body is complete. */
  private readBody(buffer: Uint8Array, start: number, end: number): boolean {
    const framing = this.framing!;
    const sink = this.sink!;
    this.sinkFull = false;
    const stop = framing.feed(buffer, start, end, this.toSink);
    if (framing.done) {
      if (stop < end) throw new HttpProtocolError('the server sent more than the response body');
      this.finishBody();
      return false;
    }
    if (this.sinkFull) {
      this.pauseReading();
      sink.drained().then(() => this.resumeReading(), () => undefined);
      return false;
    }
    return true;
  }

  /** Waiting on the caller or the disk is not the host's silence: the idle timer stops meanwhile. */
  private pauseReading(): void {
    clearTimeout(this.timer);
    this.connection.pause();
  }

  private resumeReading(): void {
    if (this.failure || this.settled) return; // a late "drained" after the body ended (a TLS socket pauses late)
    clearTimeout(this.timer); // one timer at a time: a paused TLS socket can ask to wait twice
    this.timer = setTimeout(() => this.fail(timeoutError(`no data from ${this.connection.describe()} for ${this.timeouts.idleMs / 1000} s`)), this.timeouts.idleMs);
    this.connection.resume();
  }

  private finishBody(): void {
    this.settled = true;
    this.end();
    this.bodyDone!.resolve();
    this.connection.done(this, this.framing!.reusable);
  }

  closed(): void {
    if (this.failure) return;
    try {
      if (!this.framing) throw this.reused && !this.gotBytes ? new StaleConnectionError('closed while idle') : new HttpProtocolError(`${this.connection.describe()} closed the connection before answering`);
      this.framing.closed(); // a body that runs until the close is whole now; the others were cut short
      if (this.bodyDone && this.framing.done) this.finishBody();
    } catch (err) {
      this.fail(err as Error);
    }
  }

  fail(error: Error): void {
    if (this.failure || this.settled) return;
    this.failure = error;
    this.end();
    this.connection.destroy();
    // A reused connection that broke before any answer was most likely closed by the server while idle.
    const stale = this.reused && !this.gotBytes && !this.framing && (error instanceof StaleConnectionError || ['ECONNRESET', 'EPIPE'].includes((error as NodeJS.ErrnoException).code ?? ''));
    this.rejectResponse(stale ? new StaleConnectionError(error.message) : error);
    this.bodyDone?.reject(error);
  }

  private end(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}

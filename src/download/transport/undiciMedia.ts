/**
 * GET for media on undici: keep-alive connections per origin (through a proxy when one applies), the response's
 * head handed over before its body is read, the body streamed into a BodySink with backpressure, and a body that
 * is not wanted dropped with its connection instead of read. Both faces use it: the CLI and VS Code.
 */
import * as tls from 'node:tls';
import { Agent, type Dispatcher, Pool, ProxyAgent } from 'undici';
import type { BodySink } from '../storage/fileWriter';
import { DEFAULT_MEDIA_TIMEOUTS, type MediaGet, type MediaResponse, type MediaTimeouts, type MediaTransport } from './mediaTransport';
import { proxyRefusalAdvice, proxyRefusalStatus } from '../../util/networkError';
import { type MediaProxy, proxyFor } from '../../util/proxy';

export interface UndiciMediaOptions {
  timeouts?: MediaTimeouts;
  /** The certificate authorities to trust in place of Node's own (VS Code adds the system's; tests use their own). */
  ca?: string | Buffer | string[];
  /** Which requests go through a proxy; none: every request connects directly. */
  proxy?: MediaProxy;
}

export class UndiciMedia implements MediaTransport {
  private readonly timeouts: MediaTimeouts;
  private readonly direct: Agent;
  private readonly proxied = new Map<string, ProxyAgent>();
  /** The authorities, once: a few hundred of them cost tens of milliseconds to read, on every new connection. */
  private readonly trust: tls.ConnectionOptions;

  constructor(private readonly options: UndiciMediaOptions = {}) {
    this.timeouts = options.timeouts ?? DEFAULT_MEDIA_TIMEOUTS;
    const { ca } = options;
    // Node takes the secure context and leaves `ca` alone; `ca` tells VS Code's tls.connect not to add its own.
    this.trust = ca ? { ca, secureContext: tls.createSecureContext({ ca }) } : {};
    this.direct = new Agent(this.agentOptions());
  }

  readonly get: MediaGet = async (url, headers, signal) => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`unsupported protocol ${target.protocol}`);
    for (const [name, value] of Object.entries(headers)) {
      if (/[\r\n\0]/.test(name + value)) throw new Error(`the header "${name}" holds a line break`);
    }
    const dispatcher = this.dispatcherFor(target);
    // A kept-alive connection the server closed meanwhile breaks before any answer: once more, on a new one.
    for (let attempt = 0; ; attempt++) {
      try {
        return await new Exchange(dispatcher, target, headers, this.timeouts, signal).response;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (attempt > 0 || signal?.aborted || (code !== 'ECONNRESET' && code !== 'EPIPE')) throw err;
      }
    }
  };

  close(): void {
    for (const dispatcher of [this.direct, ...this.proxied.values()]) dispatcher.destroy().catch(() => undefined);
    this.proxied.clear();
  }

  private agentOptions(): Agent.Options {
    const { headersMs, idleMs } = this.timeouts;
    return {
      headersTimeout: headersMs,
      bodyTimeout: idleMs,
      connect: { timeout: headersMs, ...this.trust },
    };
  }

  private dispatcherFor(target: URL): Dispatcher {
    const uri = proxyFor(target, this.options.proxy);
    if (!uri) return this.direct;
    let agent = this.proxied.get(uri);
    if (!agent) {
      const { proxy } = this.options;
      const { headersMs } = this.timeouts;
      agent = new ProxyAgent({
        ...this.agentOptions(),
        uri,
        token: proxy?.authorization,
        requestTls: this.trust,
        proxyTls: { ...this.trust, rejectUnauthorized: proxy?.strictSSL !== false, timeout: headersMs },
        // The proxy's answer to CONNECT is waited for as long as a host's answer (undici's own default is 5 minutes).
        clientFactory: (origin, options) => new Pool(origin, { ...options, headersTimeout: headersMs }),
      });
      this.proxied.set(uri, agent);
    }
    return agent;
  }
}

const abortError = () => Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });

/** One request's life, as undici's dispatch handler: the head, then (once asked for) the body into a sink. */
class Exchange implements Dispatcher.DispatchHandlers {
  readonly response: Promise<MediaResponse>;
  private head!: { resolve: (r: MediaResponse) => void; reject: (e: Error) => void; settled: boolean };
  private body: { sink: BodySink; resolve: () => void; reject: (e: Error) => void } | undefined;
  private abortConnection: ((err: Error) => void) | undefined;
  private resume: (() => void) | undefined;
  private failure: Error | undefined;
  private complete = false;
  private readonly onAbort = () => this.stop(abortError());

  constructor(
    dispatcher: Dispatcher,
    private readonly target: URL,
    headers: Record<string, string>,
    private readonly timeouts: MediaTimeouts,
    private readonly signal?: AbortSignal,
  ) {
    this.response = new Promise((resolve, reject) => (this.head = { resolve, reject, settled: false }));
    if (signal?.aborted) {
      this.stop(abortError());
      return;
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
    dispatcher.dispatch({ origin: target.origin, path: `${target.pathname}${target.search}`, method: 'GET', headers }, this);
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortConnection = abort;
    if (this.failure) abort(this.failure); // cancelled while waiting for a connection
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (status < 200) return true; // 103 Early Hints and the like come before the answer
    this.resume = resume;
    const headers = new Map<string, string>();
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i].toString('latin1').toLowerCase();
      if (!headers.has(name)) headers.set(name, rawHeaders[i + 1].toString('latin1'));
    }
    this.head.settled = true;
    this.head.resolve({
      status,
      statusText,
      header: (name) => headers.get(name.toLowerCase()),
      readBody: (sink) => this.readBody(sink),
      // Not read to its end (a video over the size limit would still be downloaded whole): the connection goes with
      // it. A body already read whole is left alone, and its connection is kept for the next request.
      discard: () => this.stop(new Error('the body was not wanted')),
    });
    return false; // the caller checks the head (and opens a file) before it wants the body; the body timer waits too
  }

  onData(chunk: Buffer): boolean {
    const sink = this.body!.sink;
    try {
      if (sink.write(chunk, 0, chunk.length)) return true;
    } catch (err) {
      this.stop(err as Error); // the sink refused (a file over the size limit, a failed write)
      return false;
    }
    // Waiting for the disk is not the host's silence: undici's body timer does not fire while paused.
    sink.drained().then(
      () => this.failure || this.resume!(),
      () => undefined,
    );
    return false;
  }

  onComplete(): void {
    this.complete = true;
    this.end();
    this.body?.resolve();
  }

  onError(err: Error): void {
    this.fail(mediaError(err, this.target.host, this.timeouts));
  }

  private readBody(sink: BodySink): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const done = new Promise<void>((resolve, reject) => (this.body = { sink, resolve, reject }));
    this.resume!();
    return done;
  }

  /** From this side (cancel, a refused body, a sink that failed): the connection is closed, not read to its end. */
  private stop(reason: Error): void {
    if (this.complete || this.failure) return;
    this.fail(reason);
    const abort = this.abortConnection;
    // Outside undici's parser callbacks, which may be running now.
    if (abort) queueMicrotask(() => abort(reason));
  }

  private fail(error: Error): void {
    if (this.complete || this.failure) return;
    this.failure = error;
    this.end();
    if (!this.head.settled) {
      this.head.settled = true;
      this.head.reject(error);
    }
    this.body?.reject(error);
  }

  private end(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

/** undici's errors in the words (and codes) the downloader retries on; others pass as they are. */
function mediaError(err: Error, host: string, timeouts: MediaTimeouts): Error {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  // undici's words for a proxy that answered CONNECT with anything but 200.
  const proxyStatus = proxyRefusalStatus(err);
  if (proxyStatus) return Object.assign(new Error(proxyRefusal(proxyStatus, host)), { code: 'EPROXY', proxyStatus });
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return withCode(`no answer from ${host} within ${timeouts.headersMs / 1000} s`, 'ETIMEDOUT');
  if (code === 'UND_ERR_BODY_TIMEOUT') return withCode(`no data from ${host} for ${timeouts.idleMs / 1000} s`, 'ETIMEDOUT');
  if (code === 'UND_ERR_SOCKET') return withCode(`${host} closed the connection (${err.message})`, 'ECONNRESET');
  // A response undici could not read (HPE_*), or a body whose length was not the announced one: worth another try.
  if (code.startsWith('HPE_') || code.startsWith('UND_ERR_'))
    return new Error(`${host} sent a response that could not be read (${err.message})`);
  return err;
}

function proxyRefusal(status: number, host: string): string {
  const name = status === 407 ? ' Proxy Authentication Required' : status === 403 ? ' Forbidden' : '';
  return `the proxy answered ${status}${name} when asked for a tunnel to ${host}. ${proxyRefusalAdvice(status)}`;
}

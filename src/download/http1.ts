/**
 * Reading an HTTP/1.1 response from a byte stream, for the direct media transport: the head (status and headers)
 * and the body's framing (Content-Length, chunked, or until the connection closes). Pure: bytes in, ranges out,
 * so the body is never copied here and every split of the input gives the same result. Strict where leniency has
 * been a source of trouble: no obsolete line folding, conflicting lengths or unknown transfer codings.
 */

export interface ResponseHead {
  status: number;
  statusText: string;
  /** Lower-cased names; repeated headers keep every value in order. */
  headers: Map<string, string[]>;
  /** Whether the connection may carry the next request once this body is read. */
  keepAlive: boolean;
}

export class HttpProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HttpProtocolError';
  }
}

/** More than any real response head (Google's are about 1 KB): a host that sends headers without end is stopped. */
export const MAX_HEAD_BYTES = 64 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Field values: visible characters, spaces, tabs and obs-text; never CR, LF, NUL or other controls.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Collects a response head across reads; `feed` returns where the head ended in the given bytes, or -1. */
export class HeadReader {
  private text = '';

  feed(bytes: Uint8Array, start: number, end: number): number {
    const before = this.text.length;
    this.text += latin1(bytes, start, end);
    const at = this.text.indexOf('\r\n\r\n', Math.max(0, before - 3));
    if (at < 0) {
      if (this.text.length > MAX_HEAD_BYTES) throw new HttpProtocolError(`the response head is larger than ${MAX_HEAD_BYTES / 1024} KB`);
      return -1;
    }
    if (at + 4 > MAX_HEAD_BYTES) throw new HttpProtocolError(`the response head is larger than ${MAX_HEAD_BYTES / 1024} KB`);
    const used = at + 4 - before;
    this.text = this.text.slice(0, at);
    return start + used;
  }

  head(): ResponseHead {
    return parseHead(this.text);
  }
}

export function parseHead(text: string): ResponseHead {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: ([\t\x20-\x7e\x80-\xff]*))?$/.exec(lines[0]);
  if (!status) throw new HttpProtocolError('the response does not start with an HTTP/1.x status line');
  const headers = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    // A line that starts with a space would fold into the one before (obsolete, and a known way to smuggle).
    if (colon <= 0 || !TOKEN.test(name)) throw new HttpProtocolError(`a malformed header line in the response: ${JSON.stringify(line.slice(0, 40))}`);
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!FIELD_VALUE.test(value)) throw new HttpProtocolError(`the response header "${name}" holds control characters`);
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  const connection = listValues(headers, 'connection');
  const keepAlive = status[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
  return { status: Number(status[2]), statusText: status[3] ?? '', headers, keepAlive };
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

function listValues(headers: Map<string, string[]>, name: string): string[] {
  return (headers.get(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
}

/** Receives the body's bytes as ranges of the buffer being read (valid only during the call). */
export type BodyRange = (bytes: Uint8Array, start: number, end: number) => void;

export interface BodyFraming {
  /** Reads body bytes from `bytes[start, end)`; returns where the body ended, or `end` when more is to come. */
  feed(bytes: Uint8Array, start: number, end: number, onData: BodyRange): number;
  /** The body is whole. */
  readonly done: boolean;
  /** The connection closed: whole for a body that runs until the close, cut short for the others. */
  closed(): void;
  /** Whether the connection can be reused after this body (a body that ends at the close cannot). */
  readonly reusable: boolean;
  /** The length the head announced, if any. */
  readonly expectedBytes?: number;
}

/** How the body of a response to a GET is delimited (RFC 9112, section 6.3). */
export function bodyFramingFor(head: ResponseHead): BodyFraming {
  if (head.status === 204 || head.status === 304) return new LengthBody(0, head.keepAlive);
  const codings = listValues(head.headers, 'transfer-encoding');
  if (codings.length) {
    // Only chunked: nothing else is asked for (no Accept-Encoding is sent), and a length beside it is ignored.
    if (codings.length !== 1 || codings[0] !== 'chunked') throw new HttpProtocolError(`unsupported transfer coding "${codings.join(', ')}"`);
    return new ChunkedBody(head.keepAlive && !head.headers.has('content-length'));
  }
  const lengths = head.headers.get('content-length')?.flatMap((v) => v.split(',')).map((v) => v.trim());
  if (lengths) {
    const invalid = lengths.find((v) => !/^\d{1,15}$/.test(v));
    if (invalid !== undefined) throw new HttpProtocolError(`an invalid Content-Length "${invalid.slice(0, 20)}"`);
    if (new Set(lengths.map(Number)).size > 1) throw new HttpProtocolError('the response gives conflicting Content-Length values');
    return new LengthBody(Number(lengths[0]), head.keepAlive);
  }
  return new UntilCloseBody();
}

class LengthBody implements BodyFraming {
  private remaining: number;
  constructor(readonly expectedBytes: number, readonly reusable: boolean) {
    this.remaining = expectedBytes;
  }
  get done(): boolean {
    return this.remaining === 0;
  }
  feed(bytes: Uint8Array, start: number, end: number, onData: BodyRange): number {
    const stop = Math.min(end, start + this.remaining);
    if (stop > start) onData(bytes, start, stop);
    this.remaining -= stop - start;
    return stop;
  }
  closed(): void {
    if (this.remaining > 0) throw new HttpProtocolError(`the connection closed ${this.expectedBytes - this.remaining} bytes into a ${this.expectedBytes}-byte body`);
  }
}

class UntilCloseBody implements BodyFraming {
  done = false;
  readonly reusable = false;
  feed(bytes: Uint8Array, start: number, end: number, onData: BodyRange): number {
    if (end > start) onData(bytes, start, end);
    return end;
  }
  closed(): void {
    this.done = true;
  }
}

const CR = 13;
const LF = 10;
const MAX_CHUNK_LINE = 4096;

/** Transfer-Encoding: chunked: size lines in hex, data, CRLF; a zero size, optional trailers, an empty line. */
class ChunkedBody implements BodyFraming {
  done = false;
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size';
  private line = '';
  private remaining = 0;
  constructor(readonly reusable: boolean) {}

  feed(bytes: Uint8Array, start: number, end: number, onData: BodyRange): number {
    let at = start;
    while (at < end && !this.done) {
      if (this.state === 'data') {
        const stop = Math.min(end, at + this.remaining);
        onData(bytes, at, stop);
        this.remaining -= stop - at;
        at = stop;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const lf = bytes.subarray(at, end).indexOf(LF);
      const stop = lf < 0 ? end : at + lf + 1;
      this.line += latin1(bytes, at, stop);
      at = stop;
      if (this.line.length > MAX_CHUNK_LINE) throw new HttpProtocolError('a chunk size line or trailer is too long');
      if (!this.line.endsWith('\n')) continue;
      if (this.line.length < 2 || this.line.charCodeAt(this.line.length - 2) !== CR) throw new HttpProtocolError('a chunk line does not end in CRLF');
      const line = this.line.slice(0, -2);
      this.line = '';
      this.lineDone(line);
    }
    return at;
  }

  private lineDone(line: string): void {
    if (this.state === 'data-end') {
      if (line !== '') throw new HttpProtocolError('a chunk is longer than its size');
      this.state = 'size';
    } else if (this.state === 'size') {
      const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line);
      if (!size) throw new HttpProtocolError(`an invalid chunk size line ${JSON.stringify(line.slice(0, 20))}`);
      this.remaining = parseInt(size[1], 16);
      this.state = this.remaining === 0 ? 'trailer' : 'data';
    } else if (line === '') {
      this.done = true; // the empty line after the trailers
    }
  }

  closed(): void {
    if (!this.done) throw new HttpProtocolError('the connection closed before the last chunk');
  }
}

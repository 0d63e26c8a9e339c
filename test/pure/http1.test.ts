import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { type BodyFraming, bodyFramingFor, HeadReader, HttpProtocolError, MAX_HEAD_BYTES, parseHead } from '../../src/download/http1';

const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Feeds `input` to the framing in the given pieces; returns the body and where it ended (or -1 if it did not). */
function decode(framing: BodyFraming, input: Buffer, cuts: number[] = []): { body: Buffer; end: number } {
  const parts: Buffer[] = [];
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  let start = 0;
  for (const stop of [...points, input.length]) {
    if (stop < start) continue;
    // Each piece is read through a reused buffer, as the socket does: the framing must not keep a reference.
    const scratch = Buffer.alloc(stop - start + 8, 0x55);
    input.copy(scratch, 4, start, stop);
    const at = framing.feed(scratch, 4, 4 + stop - start, (b, s, e) => parts.push(Buffer.from(b.subarray(s, e))));
    scratch.fill(0xaa);
    if (framing.done) return { body: Buffer.concat(parts), end: start + at - 4 };
    start = stop;
  }
  return { body: Buffer.concat(parts), end: -1 };
}

const head = (text: string) => parseHead(text.replace(/\n$/, '').replace(/\n/g, '\r\n')); // as HeadReader hands it over: no blank line

function chunked(body: Buffer, sizes: number[], extras = ''): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= body.length) break;
    const piece = body.subarray(at, at + Math.max(1, size));
    out.push(bytes(`${piece.length.toString(16)}${extras}\r\n`), piece, bytes('\r\n'));
    at += piece.length;
  }
  if (at < body.length) out.push(bytes(`${(body.length - at).toString(16)}\r\n`), body.subarray(at), bytes('\r\n'));
  out.push(bytes('0\r\nX-Trailer: 1\r\n\r\n'));
  return Buffer.concat(out);
}

describe('HTTP/1.1 responses (http1.ts)', () => {
  it('reads the status line and headers, repeated ones in order, names lower-cased', () => {
    const h = head('HTTP/1.1 200 OK\nContent-Type: image/jpeg\nSet-Cookie: a\nset-cookie: b\nX-Empty:\n');
    assert.equal(h.status, 200);
    assert.equal(h.statusText, 'OK');
    assert.deepEqual(h.headers.get('set-cookie'), ['a', 'b']);
    assert.deepEqual(h.headers.get('x-empty'), ['']);
    assert.equal(h.keepAlive, true);
    assert.equal(head('HTTP/1.1 200 OK\nConnection: close\n').keepAlive, false);
    assert.equal(head('HTTP/1.0 200 OK\n').keepAlive, false);
    assert.equal(head('HTTP/1.0 200 OK\nConnection: keep-alive\n').keepAlive, true);
  });

  it('refuses a head that is not HTTP/1.x, folds lines, or holds control characters', () => {
    for (const text of ['HTTP/2 200 OK', 'ICY 200 OK', 'HTTP/1.1 20 OK', 'HTTP/1.1 200 OK\r\n folded: yes', 'HTTP/1.1 200 OK\r\nBad Name: x', 'HTTP/1.1 200 OK\r\nX: a\u0000b', 'HTTP/1.1 200 OK\r\n: empty']) {
      assert.throws(() => parseHead(text), HttpProtocolError, JSON.stringify(text));
    }
  });

  it('finds the end of the head however the bytes are split, and stops a head without end', () => {
    fc.assert(fc.property(fc.array(fc.nat(60), { maxLength: 6 }), (cuts) => {
      const input = bytes('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc');
      const reader = new HeadReader();
      const points = [...new Set(cuts.map((c) => c % input.length))].sort((a, b) => a - b);
      let start = 0;
      for (const stop of [...points, input.length]) {
        const end = reader.feed(input, start, stop);
        if (end >= 0) {
          assert.equal(end, input.length - 3, 'the body starts right after the blank line');
          assert.equal(reader.head().headers.get('content-length')?.[0], '3');
          return;
        }
        start = stop;
      }
      assert.fail('the head was not found');
    }));
    const endless = new HeadReader();
    const line = bytes(`X-Filler: ${'a'.repeat(1000)}\r\n`);
    assert.throws(() => {
      endless.feed(bytes('HTTP/1.1 200 OK\r\n'), 0, 17);
      for (let i = 0; i <= MAX_HEAD_BYTES / line.length; i++) endless.feed(line, 0, line.length);
    }, /larger than 64 KB/);
  });

  it('delimits a body by Content-Length, and says when the connection closed short of it', () => {
    const framing = bodyFramingFor(head('HTTP/1.1 200 OK\nContent-Length: 5\n'));
    assert.equal(framing.expectedBytes, 5);
    const { body, end } = decode(framing, bytes('helloEXTRA'), [2]);
    assert.equal(body.toString(), 'hello');
    assert.equal(end, 5, 'what follows is not the body');
    assert.equal(framing.reusable, true);
    const cut = bodyFramingFor(head('HTTP/1.1 200 OK\nContent-Length: 5\n'));
    decode(cut, bytes('hel'));
    assert.throws(() => cut.closed(), /closed 3 bytes into a 5-byte body/);
  });

  it('refuses conflicting or malformed lengths and unknown transfer codings', () => {
    assert.throws(() => bodyFramingFor(head('HTTP/1.1 200 OK\nContent-Length: 5\nContent-Length: 6\n')), /conflicting/);
    assert.equal(bodyFramingFor(head('HTTP/1.1 200 OK\nContent-Length: 5, 5\n')).expectedBytes, 5, 'the same value twice is one length');
    for (const value of ['-1', '5a', '0x10', '', '1234567890123456']) {
      assert.throws(() => bodyFramingFor(head(`HTTP/1.1 200 OK\nContent-Length: ${value}\n`)), /invalid Content-Length/, value);
    }
    assert.throws(() => bodyFramingFor(head('HTTP/1.1 200 OK\nTransfer-Encoding: gzip, chunked\n')), /unsupported transfer coding/);
    const both = bodyFramingFor(head('HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nContent-Length: 3\n'));
    assert.equal(both.reusable, false, 'chunked wins over a length, and the connection is not trusted after it');
  });

  it('reads a body that runs until the close, and an empty one for 204 and 304', () => {
    const untilClose = bodyFramingFor(head('HTTP/1.1 200 OK\n'));
    assert.equal(decode(untilClose, bytes('all of it'), [3]).end, -1);
    untilClose.closed();
    assert.equal(untilClose.done, true);
    assert.equal(untilClose.reusable, false);
    for (const status of [204, 304]) assert.equal(bodyFramingFor(head(`HTTP/1.1 ${status} X\nContent-Length: 9\n`)).done, true);
  });

  it('decodes chunked bodies whatever the chunk sizes and read splits, extensions and trailers included', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 90 }), { maxLength: 8 }), fc.array(fc.nat(2000), { maxLength: 8 }), fc.boolean(), (data, sizes, cuts, ext) => {
      const body = Buffer.from(data);
      const encoded = chunked(body, sizes, ext ? ';name="v"' : '');
      const framing = bodyFramingFor(head('HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n'));
      const decoded = decode(framing, Buffer.concat([encoded, bytes('NEXT')]), cuts);
      assert.deepEqual(decoded.body, body);
      assert.equal(decoded.end, encoded.length, 'it stops at the end of the trailers');
    }));
  });

  it('refuses malformed chunked bodies', () => {
    const bad = ['zz\r\nab\r\n0\r\n\r\n', '2\r\nabc\r\n0\r\n\r\n', '2\nab\r\n0\r\n\r\n', '1\r\na\r\n0\r\nX: 1\n\r\n', `${'1'.repeat(5000)}\r\n`, '1234567890abc\r\n'];
    for (const text of bad) {
      const framing = bodyFramingFor(head('HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n'));
      assert.throws(() => decode(framing, bytes(text)), HttpProtocolError, JSON.stringify(text.slice(0, 20)));
    }
    const cut = bodyFramingFor(head('HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n'));
    decode(cut, bytes('5\r\nab'));
    assert.throws(() => cut.closed(), /before the last chunk/);
  });
});

import * as assert from 'node:assert/strict';
import { UndiciMedia } from '../../src/download/transport/undiciMedia';
import { ok, rawServer, read } from './rawServer';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe("the media transport's failures, in the words and codes the downloader reads (undiciMedia.ts)", () => {
  let media: UndiciMedia;
  afterEach(() => media?.close());

  it('a host that resets every connection is asked twice, then said to have closed the connection (ECONNRESET)', async () => {
    const server = await rawServer((_, socket) => socket.destroy());
    media = new UndiciMedia();
    try {
      await assert.rejects(media.get(`${server.origin}/a`, {}), {
        code: 'ECONNRESET',
        message: /^127\.0\.0\.1:\d+ closed the connection \(other side closed\)$/,
      });
      assert.equal(server.requests.length, 2);
    } finally {
      await server.close();
    }
  });

  it('an answer that is not HTTP, or a head too large to read, is said to be unreadable, and not asked again', async () => {
    const server = await rawServer((request, socket) =>
      socket.write(request.includes('/huge') ? `HTTP/1.1 200 OK\r\nX-Pad: ${'p'.repeat(70_000)}\r\n\r\n` : 'HTTP/1.1 abc\r\n\r\n'),
    );
    media = new UndiciMedia();
    try {
      await assert.rejects(media.get(`${server.origin}/garbage`, {}), (err: Error & { code?: string }) => {
        assert.match(err.message, /^127\.0\.0\.1:\d+ sent a response that could not be read \(.*Invalid response status/);
        assert.equal(err.code, undefined);
        return true;
      });
      assert.equal(server.requests.length, 1);
      await assert.rejects(media.get(`${server.origin}/huge`, {}), /sent a response that could not be read \(.*header/i);
    } finally {
      await server.close();
    }
  });

  it('a refused connection keeps its own code and words', async () => {
    const server = await rawServer(() => undefined);
    const origin = server.origin;
    await server.close(); // nobody listens there now
    media = new UndiciMedia();
    await assert.rejects(media.get(`${origin}/a`, {}), { code: 'ECONNREFUSED', message: /^connect ECONNREFUSED 127\.0\.0\.1:\d+$/ });
  });

  it('a host that takes the connection but never answers: "no answer within" (ETIMEDOUT), during TLS set-up and after the request', async () => {
    const silent = await rawServer(() => undefined);
    media = new UndiciMedia({ timeouts: { headersMs: 200, idleMs: 5000 } });
    try {
      const expected = { code: 'ETIMEDOUT', message: /^no answer from 127\.0\.0\.1:\d+ within 0\.2 s$/ };
      await assert.rejects(media.get(`${silent.origin.replace('http:', 'https:')}/handshake`, {}), expected);
      await assert.rejects(media.get(`${silent.origin}/request`, {}), expected);
      assert.equal(silent.requests.length, 1, 'the plain request was sent, and not again');
    } finally {
      await silent.close();
    }
  });

  it('a body that stops coming: "no data for" (ETIMEDOUT)', async () => {
    const server = await rawServer((_, socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    media = new UndiciMedia({ timeouts: { headersMs: 5000, idleMs: 150 } });
    try {
      await assert.rejects(read(await media.get(`${server.origin}/a`, {})), {
        code: 'ETIMEDOUT',
        message: /^no data from 127\.0\.0\.1:\d+ for 0\.15 s$/,
      });
    } finally {
      await server.close();
    }
  });

  it('refuses a scheme other than http and https, naming it, before connecting', async () => {
    media = new UndiciMedia();
    await assert.rejects(media.get('ftp://127.0.0.1/a', {}), /^Error: unsupported protocol ftp:$/);
    await assert.rejects(media.get('file:///etc/passwd', {}), /^Error: unsupported protocol file:$/);
  });

  it('cancelled before it starts: rejects as aborted and sends nothing', async () => {
    const server = await rawServer((_, socket) => socket.write(ok('never wanted')));
    media = new UndiciMedia();
    try {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(media.get(`${server.origin}/a`, {}, controller.signal), {
        name: 'AbortError',
        message: 'This operation was aborted',
      });
      await tick(50);
      assert.equal(server.connections(), 0);
    } finally {
      await server.close();
    }
  });

  it('cancelled while the connection is being made: the request never goes out', async () => {
    const server = await rawServer((_, socket) => socket.write(ok('never wanted')));
    media = new UndiciMedia();
    try {
      const controller = new AbortController();
      const pending = media.get(`${server.origin}/a`, {}, controller.signal);
      controller.abort(); // the connection is still being made
      await assert.rejects(pending, { name: 'AbortError' });
      await tick(100);
      assert.deepEqual(server.requests, []);
    } finally {
      await server.close();
    }
  });
});

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { UndiciMedia } from '../../src/download/transport/undiciMedia';
import { until } from './helpers';
import { cert, collector, ok, rawServer, read } from './rawServer';

describe('the media transport (undiciMedia.ts)', () => {
  let media: UndiciMedia;
  afterEach(() => media?.close());

  it('sends the request line, Host and the given headers, and reuses one kept-alive connection', async () => {
    const server = await rawServer((_, socket, i) => socket.write(ok(`photo ${i}`)));
    media = new UndiciMedia();
    try {
      for (let i = 0; i < 3; i++) {
        const response = await media.get(`${server.origin}/media/x=d?i=${i}`, { Authorization: 'Bearer t' });
        assert.equal(response.status, 200);
        assert.equal(response.header('Content-Type'), 'image/jpeg');
        assert.equal(await read(response), `photo ${i}`);
        await new Promise((r) => setTimeout(r, 10)); // a connection is free again on the next turn of the event loop
      }
      assert.equal(server.connections(), 1, 'one connection for all three');
      const [requestLine, ...headerLines] = server.requests[2].split('\r\n');
      assert.equal(requestLine, 'GET /media/x=d?i=2 HTTP/1.1');
      assert.ok(headerLines.includes(`host: ${server.origin.slice('http://'.length)}`), headerLines.join(' | '));
      assert.ok(headerLines.includes('Authorization: Bearer t'), headerLines.join(' | '));
    } finally {
      await server.close();
    }
  });

  it("trusts a host whose authority is one in a list it is given (the system store and Node's own)", async () => {
    const server = await rawServer((_, socket) => socket.write(ok('trusted')), true);
    try {
      media = new UndiciMedia({ ca: [...tls.rootCertificates, cert] });
      assert.equal(await read(await media.get(`${server.origin}/p`, {})), 'trusted');
      media.close();
      media = new UndiciMedia({ ca: [...tls.rootCertificates] });
      await assert.rejects(media.get(`${server.origin}/p`, {}), /self-signed certificate|unable to verify/i);
    } finally {
      await server.close();
    }
  });

  it('asks again on a new connection when the server closed the kept-alive one meanwhile', async () => {
    // The server forgets each connection after one answer, without saying so (no Connection: close).
    const server = await rawServer((_, socket) => socket.end(ok('fresh')));
    media = new UndiciMedia();
    try {
      assert.equal(await read(await media.get(`${server.origin}/a`, {})), 'fresh');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(await read(await media.get(`${server.origin}/b`, {})), 'fresh');
      assert.equal(server.connections(), 2);
    } finally {
      await server.close();
    }
  });

  it('asks once more on a new connection when a kept-alive one breaks as the request goes out', async () => {
    // The server answers the first request on each connection and drops the connection at the second: what a host
    // that closes an idle connection just as it is reused looks like.
    const served = new WeakMap<net.Socket, number>();
    const server = await rawServer((_, socket) => {
      const n = (served.get(socket) ?? 0) + 1;
      served.set(socket, n);
      if (n === 1) socket.write(ok('answered'));
      else socket.destroy();
    });
    media = new UndiciMedia();
    try {
      assert.equal(await read(await media.get(`${server.origin}/a`, {})), 'answered');
      await new Promise((r) => setTimeout(r, 10)); // the connection is idle, and kept
      assert.equal(await read(await media.get(`${server.origin}/b`, {})), 'answered');
      assert.deepEqual([server.connections(), server.requests.length], [2, 3], 'the second request was sent twice, on two connections');
    } finally {
      await server.close();
    }
  });

  for (const secure of [false, true]) {
    it(`closes an idle kept-alive connection that sends anything, and asks on a fresh one (${secure ? 'TLS' : 'plain'})`, async () => {
      // A misbehaving server: each answer is followed, a little later, by a second response nobody asked for. Odd
      // answers come in two writes, so that the body ends in a later read than its head.
      const server = await rawServer((_, socket, i) => {
        const answer = ok(`real ${i}`);
        const cut = i % 2 ? answer.length - 3 : answer.length;
        socket.write(answer.slice(0, cut));
        // The stray response comes well after the body's end (never glued to it, even on a loaded machine).
        setTimeout(() => {
          if (socket.writable && cut < answer.length) socket.write(answer.slice(cut));
          setTimeout(() => socket.writable && socket.write(ok('STRAY')), 100);
        }, 20);
      }, secure);
      media = new UndiciMedia({ ca: cert });
      try {
        for (let i = 0; i < 3; i++) {
          assert.equal(
            await read(await media.get(`${server.origin}/${i}`, {})),
            `real ${i}`,
            'the answer to this request, not stray bytes',
          );
          assert.equal(server.connections(), i + 1, 'each asked on a fresh connection');
          await new Promise((r) => setTimeout(r, 400)); // the stray bytes arrive while the connection is idle
        }
      } finally {
        await server.close();
      }
    });
  }

  it('reads chunked bodies, skips 103 Early Hints, and reads a body that ends with the connection', async () => {
    const server = await rawServer((request, socket) => {
      if (request.includes('/chunked')) {
        socket.write('HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nphot');
        setTimeout(() => socket.write('o\r\n2;ext=1\r\n!!\r\n0\r\n\r\n'), 20);
      } else socket.end('HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nuntil the end');
    });
    media = new UndiciMedia();
    try {
      const chunked = await media.get(`${server.origin}/chunked`, {});
      assert.deepEqual([chunked.status, chunked.header('link')], [200, undefined], 'the answer, not its early hints');
      assert.equal(await read(chunked), 'photo!!');
      assert.equal(await read(await media.get(`${server.origin}/close`, {})), 'until the end');
    } finally {
      await server.close();
    }
  });

  it('never takes bytes after a body for the next answer, and refuses a head with a line break in a value', async () => {
    const server = await rawServer((request, socket) =>
      socket.write(request.includes('/extra') ? `${ok('abc')}SMUGGLED` : 'HTTP/1.1 200 OK\r\nX: a\rb\r\nContent-Length: 1\r\n\r\nz'),
    );
    media = new UndiciMedia();
    try {
      assert.equal(await read(await media.get(`${server.origin}/extra`, {})), 'abc');
      assert.equal(
        await read(await media.get(`${server.origin}/extra`, {})),
        'abc',
        "the second answer is the server's, not the stray bytes",
      );
      assert.equal(server.connections(), 2, 'the connection with stray bytes was not reused');
      await assert.rejects(media.get(`${server.origin}/header`, {}), /could not be read/);
    } finally {
      await server.close();
    }
  });

  it('waits for a slow disk without calling it silence, and still gives up on a silent host', async () => {
    const body = 'x'.repeat(300_000);
    const server = await rawServer((request, socket) =>
      socket.write(request.includes('/stall') ? `HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc` : ok(body)),
    );
    media = new UndiciMedia({ timeouts: { headersMs: 1000, idleMs: 150 } });
    try {
      // The sink makes the transport wait 60 ms after every write, far more than 150 ms in all.
      assert.equal((await read(await media.get(`${server.origin}/slow-disk`, {}), collector(60))).length, body.length);
      await assert.rejects(read(await media.get(`${server.origin}/stall`, {})), /no data from 127\.0\.0\.1:\d+ for 0\.15 s/);
    } finally {
      await server.close();
    }
  });

  it('speaks TLS, checking the certificate, and reads a large body asked for late and slowly', async () => {
    const large = 'y'.repeat(3 * 1024 * 1024);
    const server = await rawServer((request, socket) => socket.write(ok(request.includes('/large') ? large : 'over tls')), true);
    try {
      media = new UndiciMedia({ ca: cert });
      assert.equal(await read(await media.get(`${server.origin}/p`, {})), 'over tls');
      // The body is asked for only after a while, and then slowly: TLS keeps decrypting what already arrived.
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
      const before = timers();
      const response = await media.get(`${server.origin}/large`, {});
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(await read(response, collector(2)), large);
      // Other tests' kept-alive connections (a few seconds each) may hold timers now: waited out, unlike one left here.
      await until(() => timers() <= before, 8000, 'no timer left behind (one kept a CLI process alive for 30 s after its import)');
      media.close();
      media = new UndiciMedia(); // the test certificate is trusted by nobody else
      await assert.rejects(media.get(`${server.origin}/p`, {}), /self-signed certificate/);
    } finally {
      await server.close();
    }
  });

  it('stops at once when cancelled, and refuses a header value with a line break before sending anything', async () => {
    const server = await rawServer(() => undefined); // never answers
    media = new UndiciMedia();
    try {
      const controller = new AbortController();
      const pending = media.get(`${server.origin}/p`, {}, controller.signal);
      setTimeout(() => controller.abort(), 30);
      await assert.rejects(pending, { name: 'AbortError' });
      await assert.rejects(media.get(`${server.origin}/p`, { Authorization: 'Bearer t\r\nX-Evil: 1' }), /line break/);
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });
});

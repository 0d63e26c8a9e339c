import * as assert from 'node:assert/strict';
import { UndiciMedia } from '../../src/download/transport/undiciMedia';
import type { BodySink } from '../../src/download/storage/fileWriter';
import { until } from './helpers';
import { ok, rawServer, read } from './rawServer';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe("the media transport's bodies: read, refused, dropped (undiciMedia.ts)", () => {
  let media: UndiciMedia;
  afterEach(() => media?.close());

  it('a body dropped unread fails a later read with "not wanted", and its connection is closed, not reused', async () => {
    const server = await rawServer((_, socket) => socket.write(ok('x'.repeat(100_000))));
    media = new UndiciMedia();
    try {
      const response = await media.get(`${server.origin}/a`, {});
      response.discard();
      await assert.rejects(read(response), /the body was not wanted/);
      await until(() => server.closed() === 1, 5000, 'the connection went with the body');
      assert.equal((await read(await media.get(`${server.origin}/b`, {}))).length, 100_000);
      assert.equal(server.connections(), 2);
    } finally {
      await server.close();
    }
  });

  it('a body read whole and then dropped leaves its connection for the next request', async () => {
    const server = await rawServer((_, socket, i) => socket.write(ok(`body ${i}`)));
    media = new UndiciMedia();
    try {
      const first = await media.get(`${server.origin}/a`, {});
      assert.equal(await read(first), 'body 0');
      first.discard(); // what the downloader does when a file it read whole is refused afterwards
      await tick();
      assert.equal(await read(await media.get(`${server.origin}/b`, {})), 'body 1');
      assert.equal(server.connections(), 1);
    } finally {
      await server.close();
    }
  });

  it('a sink that refuses a write (a full disk, a size limit) fails the read with its error and closes the connection', async () => {
    const server = await rawServer((_, socket) => socket.write(ok('y'.repeat(200_000))));
    media = new UndiciMedia();
    try {
      let writes = 0;
      const refusing: BodySink = {
        write: () => {
          writes++;
          throw new Error('ENOSPC: no space left on device');
        },
        drained: () => Promise.resolve(),
      };
      await assert.rejects((await media.get(`${server.origin}/a`, {})).readBody(refusing), /ENOSPC/);
      await until(() => server.closed() === 1, 5000, 'the connection closed');
      assert.equal(writes, 1, 'nothing more was handed to a sink that failed');
    } finally {
      await server.close();
    }
  });

  it('hands the sink nothing more until it has drained', async () => {
    const body = 'z'.repeat(1_000_000);
    const server = await rawServer((_, socket) => socket.write(ok(body)));
    media = new UndiciMedia();
    try {
      let waiting = false;
      let writesWhileWaiting = 0;
      let received = 0;
      const slow: BodySink = {
        write: (_chunk, start, end) => {
          if (waiting) writesWhileWaiting++;
          received += end - start;
          waiting = true;
          return false; // every write asks the sender to wait
        },
        drained: () => tick(5).then(() => void (waiting = false)),
      };
      await (await media.get(`${server.origin}/a`, {})).readBody(slow);
      assert.equal(received, body.length);
      assert.equal(writesWhileWaiting, 0);
    } finally {
      await server.close();
    }
  });

  it('an empty body (Content-Length: 0, 204) reads as no bytes, at once', async () => {
    const server = await rawServer((request, socket) =>
      socket.write(request.includes('/204') ? 'HTTP/1.1 204 No Content\r\n\r\n' : 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'),
    );
    media = new UndiciMedia();
    try {
      assert.equal(await read(await media.get(`${server.origin}/0`, {})), '');
      const noContent = await media.get(`${server.origin}/204`, {});
      assert.equal(noContent.status, 204);
      assert.equal(await read(noContent), '');
    } finally {
      await server.close();
    }
  });

  it('reads a header sent twice as its first value, whatever the case of its name', async () => {
    const server = await rawServer((_, socket) =>
      socket.write(
        'HTTP/1.1 200 OK\r\nLocation: https://first.example/\r\nlocation: https://second.example/\r\nContent-Length: 1\r\n\r\nz',
      ),
    );
    media = new UndiciMedia();
    try {
      const response = await media.get(`${server.origin}/a`, {});
      assert.equal(response.header('LOCATION'), 'https://first.example/');
      assert.equal(response.header('x-absent'), undefined);
      assert.equal(await read(response), 'z');
    } finally {
      await server.close();
    }
  });

  it('ends its kept-alive connections when closed (a CLI run can exit)', async () => {
    const server = await rawServer((_, socket) => socket.write(ok('kept')));
    media = new UndiciMedia();
    try {
      assert.equal(await read(await media.get(`${server.origin}/a`, {})), 'kept');
      await tick();
      assert.equal(server.closed(), 0, 'kept alive while the transport is open');
      media.close();
      await until(() => server.closed() === 1, 5000, 'the kept-alive connection ended');
    } finally {
      await server.close();
    }
  });
});

import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StaticTokenSource } from '../../src/auth/tokenSource';
import { PickerClient } from '../../src/picker/client';
import { listAllMediaItems, listPickedPages } from '../../src/picker/list';
import type { GoogleEmulator } from '../../emulator/server';
import { bulkItemIds, clientFor, startEmulator } from './helpers';

describe('listing the picked items', () => {
  let emulator: GoogleEmulator;
  afterEach(() => emulator?.close());

  it('reads 250 items over three pages of at most 100', async () => {
    emulator = await startEmulator({ bulkItems: 250 });
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    emulator.pick(session.id, { itemIds: bulkItemIds(emulator) });
    const pages = [];
    for await (const page of listPickedPages(client, session.id)) pages.push(page);
    assert.deepEqual(
      pages.map((p) => [p.items.length, p.more]),
      [
        [100, true],
        [100, true],
        [50, false],
      ],
      'each page handed on as it comes',
    );
    const items = pages.flatMap((p) => p.items);
    assert.equal(items.length, 250);
    assert.equal(new Set(items.map((i) => i.id)).size, 250);
    assert.equal(emulator.requests.filter((r) => r.path === '/v1/mediaItems').length, 3);
  });

  it('stops on a repeated nextPageToken instead of looping forever', async () => {
    emulator = await startEmulator();
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    emulator.pick(session.id, { count: 2 });
    const page = { mediaItems: [{ id: 'a', mediaFile: { baseUrl: `${emulator.origin}/media/x/a` } }], nextPageToken: 'same' };
    emulator.injectFault({ path: '/v1/mediaItems', body: page, times: 50 });
    const items = await listAllMediaItems(client, session.id);
    assert.deepEqual(
      items.map((i) => i.id),
      ['a'],
    );
    assert.equal(emulator.requests.filter((r) => r.path === '/v1/mediaItems').length, 2, 'the first page, then the repeat that ends it');
  });

  // A server that kept handing out new page tokens produced 723,700 items on the old code before it stopped.
  it("stops a listing that goes on far past Google's 2000 items, with a clear error", async () => {
    let pages = 0;
    const server = http.createServer((_req, res) => {
      pages++;
      const mediaItems = Array.from({ length: 100 }, (_, i) => ({
        id: `same-${i}`,
        mediaFile: { baseUrl: 'https://lh3.googleusercontent.com/x' },
      }));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ mediaItems, nextPageToken: `page-${pages}` }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = new PickerClient({ endpoint: origin, tokens: new StaticTokenSource('t') });
      await assert.rejects(listAllMediaItems(client, 's'), /listed more than 2100 items/);
      assert.ok(pages <= 22, `${pages} pages read`);
    } finally {
      server.close();
    }
  });

  it('refuses an API answer larger than a few MiB instead of parsing it', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`{"mediaItems":[${'{"id":"x"},'.repeat(600_000)}{"id":"y"}]}`); // ~6.6 MB
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const client = new PickerClient({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        tokens: new StaticTokenSource('t'),
      });
      await assert.rejects(client.listMediaItems('s'), /larger than 4 MiB/);
    } finally {
      server.close();
    }
  });
});

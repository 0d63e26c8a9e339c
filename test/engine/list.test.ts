import * as assert from 'node:assert/strict';
import { listAllMediaItems } from '../../src/picker/list';
import type { GoogleEmulator } from '../../emulator/server';
import { clientFor, startEmulator } from './helpers';

describe('listing the picked items', () => {
  let emulator: GoogleEmulator;
  afterEach(() => emulator?.close());

  it('reads 250 items over three pages of at most 100', async () => {
    emulator = await startEmulator({ bulkItems: 250 });
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    emulator.pick(session.id, { itemIds: emulator.library.filter((i) => i.id.startsWith('bulk-')).map((i) => i.id) });
    const items = await listAllMediaItems(client, session.id);
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
    assert.deepEqual(items.map((i) => i.id), ['a']);
    assert.equal(emulator.requests.filter((r) => r.path === '/v1/mediaItems').length, 2, 'the first page, then the repeat that ends it');
  });
});

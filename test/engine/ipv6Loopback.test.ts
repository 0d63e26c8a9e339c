import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ImportEvent, importPhotos } from '../../src/import';
import type { GoogleEmulator } from '../../emulator/server';
import { clientFor, FAST_RETRY, listDir, pickWhenAsked, startEmulator, tempDir } from './helpers';

// The UI test serves the emulator on [::1] where code-server would send a 127.0.0.1 link to its own port proxy.
describe('the emulator on the IPv6 loopback address', () => {
  let emulator: GoogleEmulator | undefined;
  let dest: string;
  beforeEach(() => {
    dest = tempDir();
  });
  afterEach(async () => {
    await emulator?.close();
    fs.rmSync(dest, { recursive: true, force: true });
  });

  it('serves a whole import at http://[::1]:PORT, its picker link trusted like 127.0.0.1', async () => {
    emulator = await startEmulator({ host: '::1' });
    assert.match(emulator.origin, /^http:\/\/\[::1\]:\d+$/);
    pickWhenAsked(emulator, ['item-0003', 'item-0004']);
    const events: ImportEvent[] = [];
    const { tokens } = clientFor(emulator);
    const summary = await importPhotos({
      endpoints: emulator.endpoints,
      tokens,
      retry: FAST_RETRY,
      destDir: path.join(dest, 'assets'),
      onEvent: (e) => events.push(e),
    });

    const created = events.find((e) => e.type === 'session-created');
    assert.ok(created?.pickerUri.startsWith(`${emulator.origin}/picker/`), created?.pickerUri);
    assert.deepEqual(listDir(summary.dest), ['harbour-panorama.jpg', 'sunset.png']);
    assert.equal(emulator.sessions.get(summary.sessionId)?.deleted, true);
  });
});

import * as assert from 'node:assert/strict';
import { progressPrinter } from '../../src/cli/progress';
import type { ImportEvent } from '../../src/import';

/** What the printer writes to stderr for these events, as a log (not a terminal) sees it. */
async function printed(events: ImportEvent[]): Promise<string> {
  const stderr = process.stderr as NodeJS.WriteStream & { isTTY: boolean };
  const { write } = stderr;
  const wasTTY = stderr.isTTY;
  let out = '';
  stderr.isTTY = false;
  stderr.write = ((chunk: string) => ((out += chunk), true)) as typeof stderr.write;
  try {
    const printer = progressPrinter();
    events.forEach(printer.onEvent);
    await printer.flushed();
  } finally {
    stderr.write = write;
    stderr.isTTY = wasTTY;
  }
  return out;
}

describe('the CLI progress lines', () => {
  it('says the count is so far while later pages are listed, and "Downloaded" once, when the whole pick is', async () => {
    const out = await printed([
      { type: 'picked', count: 100, more: true },
      { type: 'downloading', done: 0, total: 100, more: true },
      { type: 'downloading', done: 100, total: 100, more: true, fileName: 'a.jpg' }, // caught up with the listing
      { type: 'downloading', done: 100, total: 250 },
      { type: 'downloading', done: 250, total: 250, fileName: 'z.jpg' },
    ]);
    assert.equal(out, '100 item(s) picked so far; downloading them while the rest are listed.\nDownloaded 250 of 250.\n');
  });

  it('says why nothing moves while Google asks to wait', async () => {
    const out = await printed([{ type: 'rate-limited', until: Date.now() + 30_000 }]);
    assert.equal(out, "Google's media host asked to wait (download quota): going on in 30 s.\n");
  });

  it('a pick listed in one page', async () => {
    const out = await printed([
      { type: 'picked', count: 3 },
      { type: 'downloading', done: 0, total: 3 },
      { type: 'downloading', done: 3, total: 3 },
    ]);
    assert.equal(out, '3 item(s) picked.\nDownloaded 3 of 3.\n');
  });
});

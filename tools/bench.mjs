// `npm run bench`: imports large files from the emulator and prints throughput and memory, to show downloads are
// streamed (memory stays flat however large the files) and to watch the effect of concurrency.
// Usage: npm run bench -- [items=40] [megabytesEach=8]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../out');
const { GoogleEmulator } = require(`${out}/emulator/server.js`);
const { importPhotos } = require(`${out}/src/import.js`);
const { StaticTokenSource } = require(`${out}/src/auth/tokenSource.js`);

const items = Number(process.argv[2] ?? 40);
const megabytes = Number(process.argv[3] ?? 8);
const bytesEach = megabytes * 1024 * 1024;
const emulator = await GoogleEmulator.start({ pollInterval: '0.1s', bulkItems: items, bulkItemBytes: bytesEach });
emulator.library.find((i) => i.id.startsWith('bulk-')).bytes(); // the emulator's one shared buffer, made before measuring
const mb = (n) => (n / 1024 / 1024).toFixed(1);
console.log(`${items} files of ${megabytes} MB (${mb(items * bytesEach)} MB) over HTTP from the emulator on 127.0.0.1; node ${process.version}`);

for (const concurrency of [1, 4, 8]) {
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'gpi-bench-'));
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const tokens = new StaticTokenSource(emulator.issueAccessToken());
  void emulator.waitForSession().then((s) => emulator.pick(s.id, { itemIds: emulator.library.filter((i) => i.id.startsWith('bulk-')).map((i) => i.id) }));
  let started = 0;
  const summary = await importPhotos({
    endpoints: emulator.endpoints, tokens, destDir: dest, concurrency,
    onEvent: (e) => { if (e.type === 'picked') started = performance.now(); },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const written = summary.imported.reduce((n, i) => n + i.bytes, 0);
  if (summary.imported.length !== items || written !== items * bytesEach) throw new Error(`imported ${summary.imported.length} files, ${written} bytes`);
  console.log(`concurrency ${concurrency}: ${seconds.toFixed(2)} s, ${mb(written / seconds)} MB/s, peak RSS growth ${mb(peak - baseline)} MB (largest file ${megabytes} MB)`);
  fs.rmSync(dest, { recursive: true, force: true });
}
await emulator.close();

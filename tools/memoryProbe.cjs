/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: node -r preloads it into the CLI */
// `npm run bench -- --memory` preloads this into the CLI (node -r): at each new peak of resident memory (1 MB or
// more above the last one seen) it notes what V8 holds and what the C heap and Node's own code take, and writes the
// figures of the highest peak to MEMORY_PROBE_OUT at exit. Sampling every 20 ms misses peaks shorter than that.
const fs = require('node:fs');

const mb = (bytes) => bytes / 1024 / 1024;
let peak = { rss: 0 };

/** Resident kB of the C heap ([heap]) and of the node binary's mapped code and data, from /proc/self/smaps. */
function mappings() {
  let current = '';
  const kb = { cHeap: 0, nodeBinary: 0 };
  for (const line of fs.readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) current = line.trim().split(/\s+/).slice(5).join(' ');
    else if (line.startsWith('Rss:')) {
      const value = Number(line.split(/\s+/)[1]);
      if (current === '[heap]') kb.cHeap += value;
      else if (current === process.execPath || current.endsWith('/bin/node')) kb.nodeBinary += value;
    }
  }
  return kb;
}

const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss < peak.rss + 1024 * 1024) return;
  const usage = process.memoryUsage();
  const kb = fs.existsSync('/proc/self/smaps') ? mappings() : { cHeap: NaN, nodeBinary: NaN };
  peak = { rss, heapTotal: usage.heapTotal, arrayBuffers: usage.arrayBuffers, cHeap: kb.cHeap * 1024, nodeBinary: kb.nodeBinary * 1024 };
}, 20);
sampler.unref();

process.on('exit', () => {
  const figures = Object.fromEntries(Object.entries(peak).map(([name, bytes]) => [name, Math.round(mb(bytes) * 10) / 10]));
  if (process.env.MEMORY_PROBE_OUT) fs.writeFileSync(process.env.MEMORY_PROBE_OUT, JSON.stringify(figures));
});

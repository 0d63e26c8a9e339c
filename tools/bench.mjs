// `npm run bench`: the CLI at its default settings against `curl` fetching the same URLs 8 at a time, from the
// project's emulator with a first-byte delay on every media request (as Google's media host has), measured side by
// side in the same run. A benchmark, not a test: it prints figures and never fails on them.
//
//   npm run bench                                  # scenarios a, b and c below
//   npm run bench -- 100x2MB@100ms 500x150KB@150   # others: COUNTxSIZE@LATENCY
//   npm run bench -- --cli-arg=--concurrency --cli-arg=8   # the CLI with a setting other than its default
//   npm run bench -- --signed-in                  # the CLI signs in from a saved grant (google-auth-library, a token refresh)
//   npm run bench -- --compare=../old/dist/cli.js  # another build beside this one, in the same run
//   npm run bench -- --api-latency=150            # each Picker API call of the CLI's waits 150 ms, as Google's do
//   npm run bench -- --plain                      # plain http (by default the emulator speaks TLS, as Google does)
//   npm run bench -- --profile                     # also a CPU profile (--cpu-prof) of the CLI in the first scenario
//   npm run bench -- --memory                      # also what the CLI's memory holds at its peak (tools/memoryProbe.cjs)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { certFile, cliRun, curlBaseline, hasCurl, mb, parseScenario, root, seconds, topFunctions } from './benchShared.mjs';

const require = createRequire(import.meta.url);
const { GoogleEmulator } = require(path.join(root, 'dist/emulator.js'));

const DEFAULTS = ['100x2MB@100ms', '2000x150KB@150ms', '64x16MB@100ms'];
const args = process.argv.slice(2);
const profile = args.includes('--profile');
// Google's media host speaks TLS; so does the emulator here, with the tests' own certificate (trusted by curl's
// --cacert and the CLI's NODE_EXTRA_CA_CERTS, nothing else).
const plain = args.includes('--plain');
const signedIn = args.includes('--signed-in');
// --compare=PATH: also runs another build's dist/cli.js (an earlier commit's, say) in each scenario, same run.
const compareCli = args.find((a) => a.startsWith('--compare='))?.slice('--compare='.length);
// --api-latency=MS: every Picker API call of the CLI's waits MS first (Google's take 100-300 ms), so a large pick's
// listing (100 items a page) shows in "Done to first file".
const apiLatencyMs = Number(args.find((a) => a.startsWith('--api-latency='))?.slice('--api-latency='.length) ?? 0);
const tls = plain
  ? undefined
  : { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(path.join(root, 'test/fixtures/tls-test-key.pem'), 'utf8') };
if (!plain && process.env.NODE_EXTRA_CA_CERTS !== certFile) {
  // Node reads it only at start: run again with it, for this process's own API calls and the CLI's (inherited).
  const again = spawnSync(process.execPath, process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile },
  });
  process.exit(again.status ?? 1);
}
// --cli-arg=X passes X to the CLI (e.g. --cli-arg=--concurrency --cli-arg=8), to compare a setting with the default.
const cliArgs = args.filter((a) => a.startsWith('--cli-arg=')).map((a) => a.slice('--cli-arg='.length));
const scenarios = (args.filter((a) => !a.startsWith('--')).length ? args.filter((a) => !a.startsWith('--')) : DEFAULTS).map(parseScenario);
const options = { plain, certFile, cliArgs, apiLatencyMs, signedIn, memory: args.includes('--memory') };

console.log(
  `node ${process.version}, ${os.cpus().length} cores, ${mb(os.totalmem())} MB; emulator on 127.0.0.1 over ${plain ? 'plain http' : 'TLS'} with a first-byte delay per media request; the CLI ${signedIn ? 'signs in from a saved grant' : 'gets an access token'}`,
);
if (!hasCurl) console.log('curl is not installed: the baseline column is left empty.');
const rows = [];
for (const [i, scenario] of scenarios.entries()) {
  const emulator = await GoogleEmulator.start({
    tls,
    pollInterval: '1s',
    bulkItems: scenario.count,
    bulkItemBytes: scenario.bytes,
    mediaFirstByteDelayMs: scenario.latencyMs,
  });
  try {
    emulator.library.find((item) => item.id.startsWith('bulk-')).bytes(); // the shared buffer, made before measuring
    const curl = hasCurl ? await curlBaseline(options, emulator, scenario) : undefined;
    const cli = await cliRun(options, emulator, scenario, profile && i === 0);
    const other = compareCli ? await cliRun(options, emulator, scenario, false, path.resolve(compareCli)) : undefined;
    rows.push({ scenario, curl, cli, other });
    const speed = curl ? `${(curl.ms / cli.downloadMs).toFixed(2)}x` : 'n/a';
    console.log(`\n${scenario.name} (${mb(scenario.count * scenario.bytes)} MB)`);
    console.log(`  curl x8:              ${curl ? `${seconds(curl.ms)} s` : 'n/a'}`);
    console.log(
      `  CLI downloads:        ${seconds(cli.downloadMs)} s  (${speed} the speed of curl x8; ${cli.mediaRequests} media requests)`,
    );
    console.log(
      `  CLI Done to exit:     ${seconds(cli.doneToExitMs)} s  (Done to first file on disk: ${seconds(cli.doneToFirstFileMs)} s; pollInterval 1 s)`,
    );
    if (cli.firstFileSteps) console.log(`                        ${cli.firstFileSteps}`);
    console.log(`  CLI peak RSS:         ${cli.peakRssMb ? `${cli.peakRssMb.toFixed(0)} MB` : 'n/a (no /usr/bin/time)'}`);
    if (cli.memory) {
      const m = cli.memory;
      console.log(
        `  CLI memory at its peak (sampled every 20 ms): ${m.rss} MB resident, of which V8's heap ${m.heapTotal} MB, the C heap ${m.cHeap} MB (live array buffers: ${m.arrayBuffers} MB) and the node binary's pages ${m.nodeBinary} MB`,
      );
    }
    console.log(`  API calls:            ${cli.polls} sessions.get, ${cli.lists} mediaItems.list`);
    if (other)
      console.log(
        `  ${compareCli}: ${seconds(other.downloadMs)} s (${curl ? `${(curl.ms / other.downloadMs).toFixed(2)}x` : 'n/a'}), Done to first file ${seconds(other.doneToFirstFileMs)} s, peak RSS ${other.peakRssMb?.toFixed(0) ?? 'n/a'} MB`,
      );
    if (cli.profileDir) {
      console.log('  CPU profile of the CLI (self time):');
      console.log(topFunctions(cli.profileDir).join('\n'));
      fs.rmSync(cli.profileDir, { recursive: true, force: true });
    }
  } finally {
    await emulator.close();
  }
}

const figures = (run, curl) =>
  `${seconds(run.downloadMs)} s | ${curl ? `${(curl.ms / run.downloadMs).toFixed(2)}x` : 'n/a'} | ${seconds(run.doneToFirstFileMs)} s | ${run.peakRssMb ? `${run.peakRssMb.toFixed(0)} MB` : 'n/a'}`;
console.log(
  `\n| scenario | curl x8 | CLI downloads | speed vs curl x8 | Done to first file | peak RSS |${compareCli ? ' compared build: downloads | speed | first file | RSS |' : ''}`,
);
console.log(`|---|---|---|---|---|---|${compareCli ? '---|---|---|---|' : ''}`);
for (const { scenario, curl, cli, other } of rows) {
  console.log(
    `| ${scenario.name} | ${curl ? `${seconds(curl.ms)} s` : 'n/a'} | ${figures(cli, curl)} |${other ? ` ${figures(other, curl)} |` : ''}`,
  );
}

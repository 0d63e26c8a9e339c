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
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, GoogleEmulator } = require(path.join(root, 'dist/emulator.js'));

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
const certFile = path.join(root, 'test/fixtures/tls-test-cert.pem');
const tls = plain ? undefined : { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(path.join(root, 'test/fixtures/tls-test-key.pem'), 'utf8') };
if (!plain && process.env.NODE_EXTRA_CA_CERTS !== certFile) {
  // Node reads it only at start: run again with it, for this process's own API calls and the CLI's (inherited).
  const again = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile } });
  process.exit(again.status ?? 1);
}
// --cli-arg=X passes X to the CLI (e.g. --cli-arg=--concurrency --cli-arg=8), to compare a setting with the default.
const cliArgs = args.filter((a) => a.startsWith('--cli-arg=')).map((a) => a.slice('--cli-arg='.length));
const scenarios = (args.filter((a) => !a.startsWith('--')).length ? args.filter((a) => !a.startsWith('--')) : DEFAULTS).map(parseScenario);
const hasCurl = spawnSync('curl', ['--version']).status === 0;
const hasTime = fs.existsSync('/usr/bin/time');

function parseScenario(text) {
  const m = /^(\d+)x(\d+)(KB|MB)@(\d+)(?:ms)?$/i.exec(text);
  if (!m) throw new Error(`scenario "${text}": write COUNTxSIZE@LATENCY, e.g. 100x2MB@100ms`);
  const bytes = Number(m[2]) * (m[3].toUpperCase() === 'MB' ? 1024 * 1024 : 1024);
  return { name: text, count: Number(m[1]), bytes, latencyMs: Number(m[4]) };
}

const mb = (n) => (n / 1024 / 1024).toFixed(1);
const seconds = (ms) => (ms / 1000).toFixed(2);
const tmp = (prefix) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const bulkIds = (emulator) => emulator.library.filter((i) => i.id.startsWith('bulk-')).map((i) => i.id);

function run(command, argv, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function folderBytes(dir) {
  return fs.readdirSync(dir).filter((f) => !f.startsWith('.')).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

/** The same URLs the CLI will download, fetched with curl -s -O, 8 at a time (xargs -P 8). */
async function curlBaseline(emulator, scenario) {
  const token = emulator.issueAccessToken();
  const auth = { Authorization: `Bearer ${token}` };
  const session = await (await fetch(`${emulator.origin}/v1/sessions`, { method: 'POST', headers: auth })).json();
  emulator.pick(session.id, { itemIds: bulkIds(emulator) });
  const urls = [];
  for (let pageToken; ;) {
    const page = await (await fetch(`${emulator.origin}/v1/mediaItems?sessionId=${session.id}&pageSize=100${pageToken ? `&pageToken=${pageToken}` : ''}`, { headers: auth })).json();
    urls.push(...page.mediaItems.map((i) => `${i.mediaFile.baseUrl}=d`));
    if (!(pageToken = page.nextPageToken)) break;
  }
  const dir = tmp('gpi-bench-curl-');
  fs.writeFileSync(path.join(dir, '.urls'), `${urls.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, '.header'), `Authorization: Bearer ${token}\n`); // a header file keeps the token off the command line
  const started = performance.now();
  const result = await run('sh', ['-c', `xargs -P 8 -n 1 curl -s -f -O -H @.header ${plain ? '' : `--cacert '${certFile}'`} < .urls`], { cwd: dir });
  const ms = performance.now() - started;
  const bytes = folderBytes(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  await fetch(`${emulator.origin}/v1/sessions/${session.id}`, { method: 'DELETE', headers: auth });
  if (result.code !== 0 || bytes !== scenario.count * scenario.bytes) throw new Error(`curl baseline failed (exit ${result.code}, ${bytes} bytes): ${result.stderr.slice(0, 300)}`);
  return { ms };
}

/** dist/cli.js at default settings, as its own process; the bench plays the user pressing Done on the phone. */
async function cliRun(emulator, scenario, withProfile, cliPath = path.join(root, 'dist/cli.js')) {
  const dest = tmp('gpi-bench-cli-');
  const profileDir = withProfile ? tmp('gpi-bench-prof-') : undefined;
  const node = [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), cliPath, 'import', '--dest', dest, '--json', ...cliArgs];
  const [command, argv] = hasTime ? ['/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, ...node]] : [process.execPath, node];
  const firstRequest = emulator.requests.length;
  if (apiLatencyMs) emulator.injectFault({ path: '/v1/', delayMs: apiLatencyMs, times: 1_000_000 });
  const env = { ...process.env, GOOGLE_PHOTOS_PICKER_API: emulator.origin, GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken() };
  const config = signedIn ? tmp('gpi-bench-config-') : undefined;
  if (config) {
    // As after an earlier sign-in: a saved grant whose access token must be refreshed first. Kept per token endpoint
    // and client (`grants`); the top-level one is the single grant a --compare build from before that reads.
    fs.mkdirSync(path.join(config, 'google-photos-import'), { mode: 0o700 });
    const grant = { refresh_token: emulator.issueRefreshToken() };
    const grants = { [`grant:${new URL(emulator.origin).origin}:${EMULATOR_CLIENT_ID}`]: grant };
    fs.writeFileSync(path.join(config, 'google-photos-import', 'token.json'), JSON.stringify({ ...grant, grants }), { mode: 0o600 });
    delete env.GOOGLE_PHOTOS_ACCESS_TOKEN;
    Object.assign(env, { XDG_CONFIG_HOME: config, GOOGLE_PHOTOS_TEST_OAUTH: '1', GOOGLE_PHOTOS_CLIENT_ID: EMULATOR_CLIENT_ID, GOOGLE_PHOTOS_CLIENT_SECRET: EMULATOR_CLIENT_SECRET });
  }
  const started = performance.now();
  const child = run(command, argv, { env });
  const session = await emulator.waitForSession(30_000, (s) => !s.mediaItemsSet);
  const done = performance.now();
  const doneWall = Date.now(); // the emulator's request times are wall-clock
  emulator.pick(session.id, { itemIds: bulkIds(emulator) });
  let firstFile;
  let firstFileWall;
  while (firstFile === undefined && fs.existsSync(dest)) {
    if (fs.readdirSync(dest).some((f) => !f.startsWith('.'))) [firstFile, firstFileWall] = [performance.now(), Date.now()];
    else await new Promise((r) => setTimeout(r, 5));
  }
  const result = await child;
  if (apiLatencyMs) emulator.clearFaults();
  const ended = performance.now();
  const summary = JSON.parse(result.stdout || '{}');
  const bytes = folderBytes(dest);
  fs.rmSync(dest, { recursive: true, force: true });
  if (config) fs.rmSync(config, { recursive: true, force: true });
  if (result.code !== 0 || summary.imported?.length !== scenario.count || bytes !== scenario.count * scenario.bytes) {
    throw new Error(`the CLI failed (exit ${result.code}, ${summary.imported?.length} files, ${bytes} bytes): ${result.stderr.slice(-500)}`);
  }
  const requests = emulator.requests.slice(firstRequest);
  const media = requests.filter((r) => r.path.startsWith('/media/'));
  const downloadMs = Math.max(...media.map((r) => r.at)) - Math.min(...media.map((r) => r.startedAt));
  const rss = /maxrss=(\d+)/.exec(result.stderr)?.[1];
  return {
    totalMs: ended - started,
    doneToExitMs: ended - done,
    doneToFirstFileMs: (firstFile ?? ended) - done,
    downloadMs,
    peakRssMb: rss ? Number(rss) / 1024 : undefined,
    mediaRequests: media.length,
    polls: requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/sessions/')).length,
    lists: requests.filter((r) => r.path === '/v1/mediaItems').length,
    firstFileSteps: firstFileWall && stepsToFirstFile(requests, doneWall, firstFileWall),
    profileDir,
  };
}

/**
 * Where Done-to-first-file went, from the emulator's request times: waiting for the next poll, the poll that saw
 * Done, the first listing page, the CLI's own time until the first media request, and that file's first byte and
 * transfer.
 */
function stepsToFirstFile(requests, doneWall, firstFileWall) {
  const poll = requests.find((r) => r.method === 'GET' && r.path.startsWith('/v1/sessions/') && r.at >= doneWall);
  const list = requests.find((r) => r.path === '/v1/mediaItems');
  const media = requests.filter((r) => r.path.startsWith('/media/')).sort((a, b) => a.startedAt - b.startedAt)[0];
  if (!poll || !list || !media) return undefined;
  const s = (ms) => seconds(ms);
  return [
    `poll wait ${s(poll.startedAt - doneWall)}`, `sessions.get ${s(poll.at - poll.startedAt)}`, `CLI ${s(list.startedAt - poll.at)}`,
    `mediaItems.list ${s(list.at - list.startedAt)}`, `CLI ${s(media.startedAt - list.at)}`, `first media request to file ${s(firstFileWall - media.startedAt)}`,
  ].join(' + ');
}

/** The functions with the most self time in a .cpuprofile. */
function topFunctions(dir, n = 12) {
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const prof = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const gaps = prof.timeDeltas;
  const self = new Map();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (gaps[i] ?? 0)));
  const byName = new Map();
  for (const node of prof.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim();
    byName.set(key, (byName.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  return [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}

console.log(`node ${process.version}, ${os.cpus().length} cores, ${mb(os.totalmem())} MB; emulator on 127.0.0.1 over ${plain ? 'plain http' : 'TLS'} with a first-byte delay per media request; the CLI ${signedIn ? 'signs in from a saved grant' : 'gets an access token'}`);
if (!hasCurl) console.log('curl is not installed: the baseline column is left empty.');
const rows = [];
for (const [i, scenario] of scenarios.entries()) {
  const emulator = await GoogleEmulator.start({ tls, pollInterval: '1s', bulkItems: scenario.count, bulkItemBytes: scenario.bytes, mediaFirstByteDelayMs: scenario.latencyMs });
  try {
    emulator.library.find((item) => item.id.startsWith('bulk-')).bytes(); // the shared buffer, made before measuring
    const curl = hasCurl ? await curlBaseline(emulator, scenario) : undefined;
    const cli = await cliRun(emulator, scenario, profile && i === 0);
    const other = compareCli ? await cliRun(emulator, scenario, false, path.resolve(compareCli)) : undefined;
    rows.push({ scenario, curl, cli, other });
    const speed = curl ? `${(curl.ms / cli.downloadMs).toFixed(2)}x` : 'n/a';
    console.log(`\n${scenario.name} (${mb(scenario.count * scenario.bytes)} MB)`);
    console.log(`  curl x8:              ${curl ? `${seconds(curl.ms)} s` : 'n/a'}`);
    console.log(`  CLI downloads:        ${seconds(cli.downloadMs)} s  (${speed} the speed of curl x8; ${cli.mediaRequests} media requests)`);
    console.log(`  CLI Done to exit:     ${seconds(cli.doneToExitMs)} s  (Done to first file on disk: ${seconds(cli.doneToFirstFileMs)} s; pollInterval 1 s)`);
    if (cli.firstFileSteps) console.log(`                        ${cli.firstFileSteps}`);
    console.log(`  CLI peak RSS:         ${cli.peakRssMb ? `${cli.peakRssMb.toFixed(0)} MB` : 'n/a (no /usr/bin/time)'}`);
    console.log(`  API calls:            ${cli.polls} sessions.get, ${cli.lists} mediaItems.list`);
    if (other) console.log(`  ${compareCli}: ${seconds(other.downloadMs)} s (${curl ? `${(curl.ms / other.downloadMs).toFixed(2)}x` : 'n/a'}), Done to first file ${seconds(other.doneToFirstFileMs)} s, peak RSS ${other.peakRssMb?.toFixed(0) ?? 'n/a'} MB`);
    if (cli.profileDir) {
      console.log('  CPU profile of the CLI (self time):');
      console.log(topFunctions(cli.profileDir).join('\n'));
      fs.rmSync(cli.profileDir, { recursive: true, force: true });
    }
  } finally {
    await emulator.close();
  }
}

const figures = (run, curl) => `${seconds(run.downloadMs)} s | ${curl ? `${(curl.ms / run.downloadMs).toFixed(2)}x` : 'n/a'} | ${seconds(run.doneToFirstFileMs)} s | ${run.peakRssMb ? `${run.peakRssMb.toFixed(0)} MB` : 'n/a'}`;
console.log(`\n| scenario | curl x8 | CLI downloads | speed vs curl x8 | Done to first file | peak RSS |${compareCli ? ' compared build: downloads | speed | first file | RSS |' : ''}`);
console.log(`|---|---|---|---|---|---|${compareCli ? '---|---|---|---|' : ''}`);
for (const { scenario, curl, cli, other } of rows) {
  console.log(`| ${scenario.name} | ${curl ? `${seconds(curl.ms)} s` : 'n/a'} | ${figures(cli, curl)} |${other ? ` ${figures(other, curl)} |` : ''}`);
}

// What `npm run bench` and `npm run bench:vscode` share: scenarios, the curl baseline, the CLI's run, and reading a
// run's figures off the emulator's request log.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } = require(path.join(root, 'dist/emulator.js'));
export const certFile = path.join(root, 'test/fixtures/tls-test-cert.pem');
export const hasCurl = spawnSync('curl', ['--version']).status === 0;
const hasTime = fs.existsSync('/usr/bin/time');

/** The media requests' span on the emulator's clock: first request sent to last byte answered. */
export function downloadSpan(requests) {
  const media = requests.filter((r) => r.path.startsWith('/media/'));
  return { ms: Math.max(...media.map((r) => r.at)) - Math.min(...media.map((r) => r.startedAt)), count: media.length };
}

export function parseScenario(text) {
  const m = /^(\d+)x(\d+)(KB|MB)@(\d+)(?:ms)?$/i.exec(text);
  if (!m) throw new Error(`scenario "${text}": write COUNTxSIZE@LATENCY, e.g. 100x2MB@100ms`);
  const bytes = Number(m[2]) * (m[3].toUpperCase() === 'MB' ? 1024 * 1024 : 1024);
  return { name: text, count: Number(m[1]), bytes, latencyMs: Number(m[4]) };
}

export const mb = (n) => (n / 1024 / 1024).toFixed(1);
export const seconds = (ms) => (ms / 1000).toFixed(2);
export const tmp = (prefix) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
export const bulkIds = (emulator) => emulator.library.filter((i) => i.id.startsWith('bulk-')).map((i) => i.id);

export function run(command, argv, options) {
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

export function folderBytes(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

/** The same URLs the import will download, fetched with curl -s -O, `parallel` at a time (xargs -P). */
export async function curlBaseline(o, emulator, scenario, parallel = 8) {
  const token = emulator.issueAccessToken();
  const auth = { Authorization: `Bearer ${token}` };
  const session = await (await fetch(`${emulator.origin}/v1/sessions`, { method: 'POST', headers: auth })).json();
  emulator.pick(session.id, { itemIds: bulkIds(emulator) });
  const urls = [];
  for (let pageToken; ;) {
    const page = await (
      await fetch(`${emulator.origin}/v1/mediaItems?sessionId=${session.id}&pageSize=100${pageToken ? `&pageToken=${pageToken}` : ''}`, {
        headers: auth,
      })
    ).json();
    urls.push(...page.mediaItems.map((i) => `${i.mediaFile.baseUrl}=d`));
    if (!(pageToken = page.nextPageToken)) break;
  }
  const dir = tmp('gpi-bench-curl-');
  fs.writeFileSync(path.join(dir, '.urls'), `${urls.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, '.header'), `Authorization: Bearer ${token}\n`); // a header file keeps the token off the command line
  const started = performance.now();
  const result = await run(
    'sh',
    ['-c', `xargs -P ${parallel} -n 1 curl -s -f -O -H @.header ${o.plain ? '' : `--cacert '${o.certFile}'`} < .urls`],
    { cwd: dir },
  );
  const ms = performance.now() - started;
  const bytes = folderBytes(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  await fetch(`${emulator.origin}/v1/sessions/${session.id}`, { method: 'DELETE', headers: auth });
  if (result.code !== 0 || bytes !== scenario.count * scenario.bytes)
    throw new Error(`curl baseline failed (exit ${result.code}, ${bytes} bytes): ${result.stderr.slice(0, 300)}`);
  return { ms };
}

/**
 * dist/cli.js at default settings, as its own process; the bench plays the user pressing Done on the phone. `o`: the
 * run's options (plain, certFile, cliArgs, apiLatencyMs, signedIn).
 */
export async function cliRun(o, emulator, scenario, withProfile, cliPath = path.join(root, 'dist/cli.js')) {
  const dest = tmp('gpi-bench-cli-');
  const profileDir = withProfile ? tmp('gpi-bench-prof-') : undefined;
  const memoryOut = o.memory ? path.join(tmp('gpi-bench-memory-'), 'peak.json') : undefined;
  const node = [
    ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    ...(memoryOut ? ['-r', path.join(root, 'tools/memoryProbe.cjs')] : []),
    cliPath,
    'import',
    '--dest',
    dest,
    '--json',
    ...o.cliArgs,
  ];
  const [command, argv] = hasTime ? ['/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, ...node]] : [process.execPath, node];
  const firstRequest = emulator.requests.length;
  if (o.apiLatencyMs) emulator.injectFault({ path: '/v1/', delayMs: o.apiLatencyMs, times: 1_000_000 });
  const env = { ...process.env, GOOGLE_PHOTOS_PICKER_API: emulator.origin, GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken() };
  if (memoryOut) env.MEMORY_PROBE_OUT = memoryOut;
  const config = o.signedIn ? tmp('gpi-bench-config-') : undefined;
  if (config) {
    // As after an earlier sign-in: a saved grant whose access token must be refreshed first. Kept per token endpoint
    // and client (`grants`); the top-level one is the single grant a --compare build from before that reads.
    fs.mkdirSync(path.join(config, 'google-photos-import'), { mode: 0o700 });
    const grant = { refresh_token: emulator.issueRefreshToken() };
    const grants = { [`grant:${new URL(emulator.origin).origin}:${EMULATOR_CLIENT_ID}`]: grant };
    fs.writeFileSync(path.join(config, 'google-photos-import', 'token.json'), JSON.stringify({ ...grant, grants }), { mode: 0o600 });
    delete env.GOOGLE_PHOTOS_ACCESS_TOKEN;
    Object.assign(env, {
      XDG_CONFIG_HOME: config,
      GOOGLE_PHOTOS_TEST_OAUTH: '1',
      GOOGLE_PHOTOS_CLIENT_ID: EMULATOR_CLIENT_ID,
      GOOGLE_PHOTOS_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    });
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
  if (o.apiLatencyMs) emulator.clearFaults();
  const ended = performance.now();
  const summary = JSON.parse(result.stdout || '{}');
  const bytes = folderBytes(dest);
  fs.rmSync(dest, { recursive: true, force: true });
  if (config) fs.rmSync(config, { recursive: true, force: true });
  if (result.code !== 0 || summary.imported?.length !== scenario.count || bytes !== scenario.count * scenario.bytes) {
    throw new Error(
      `the CLI failed (exit ${result.code}, ${summary.imported?.length} files, ${bytes} bytes): ${result.stderr.slice(-500)}`,
    );
  }
  const requests = emulator.requests.slice(firstRequest);
  const { ms: downloadMs, count: mediaRequests } = downloadSpan(requests);
  const rss = /maxrss=(\d+)/.exec(result.stderr)?.[1];
  const memory = memoryOut && fs.existsSync(memoryOut) ? JSON.parse(fs.readFileSync(memoryOut, 'utf8')) : undefined;
  if (memoryOut) fs.rmSync(path.dirname(memoryOut), { recursive: true, force: true });
  return {
    totalMs: ended - started,
    doneToExitMs: ended - done,
    doneToFirstFileMs: (firstFile ?? ended) - done,
    downloadMs,
    peakRssMb: rss ? Number(rss) / 1024 : undefined,
    memory,
    mediaRequests,
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
export function stepsToFirstFile(requests, doneWall, firstFileWall) {
  const poll = requests.find((r) => r.method === 'GET' && r.path.startsWith('/v1/sessions/') && r.at >= doneWall);
  const list = requests.find((r) => r.path === '/v1/mediaItems');
  const media = requests.filter((r) => r.path.startsWith('/media/')).sort((a, b) => a.startedAt - b.startedAt)[0];
  if (!poll || !list || !media) return undefined;
  const s = (ms) => seconds(ms);
  return [
    `poll wait ${s(poll.startedAt - doneWall)}`,
    `sessions.get ${s(poll.at - poll.startedAt)}`,
    `CLI ${s(list.startedAt - poll.at)}`,
    `mediaItems.list ${s(list.at - list.startedAt)}`,
    `CLI ${s(media.startedAt - list.at)}`,
    `first media request to file ${s(firstFileWall - media.startedAt)}`,
  ].join(' + ');
}

/** The functions with the most self time in a .cpuprofile. */
export function topFunctions(dir, n = 12) {
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
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}

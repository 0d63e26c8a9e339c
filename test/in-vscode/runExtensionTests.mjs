// Launcher 1 of 2 for the extension-host suite: code-server's extension host, driven by headless Chromium.
// (Launcher 2, test/in-vscode/runElectronTests.mjs, gives the same runner module to @vscode/test-electron.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, startCodeServer } from '../../tools/codeServer.mjs';

const NOISE =
  /ERR_NAME_NOT_RESOLVED|ENOTFOUND|AccountPolicyGate|ChatModelSelection|AgentHost|authentication provider|connection token|Creating a socket|Service Worker|builtin extensions cache|reconnection-grace-time|^\s+at /;

/** Runs out/test/extension-host/index.js inside the extension host; resolves with the host's exit code. */
export async function runExtensionTests({ toolchain, projectDir, timeoutMs = 240_000 }) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpi-exthost-'));
  const workspace = path.join(stateDir, 'workspace');
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, 'README.md'), '# A workspace for the extension tests\n');
  // An authority of the tests' own in the system's certificate store, for test/extension-host/systemCertificates.test.ts:
  // OpenSSL reads SSL_CERT_FILE in place of the system's file (its folder of authorities is still read), and Node
  // 22.15+ shows both as the 'system' store. Nothing else in the suite uses TLS.
  const env = { SSL_CERT_FILE: path.join(projectDir, 'test/fixtures/tls-system-only-cert.pem') };
  const server = await startCodeServer({ toolchain, workspace, stateDir, smokeTestDriver: true, env });
  const authority = new URL(server.origin).host;
  const remote = (p) => `vscode-remote://${authority}${path.resolve(p)}`;
  const payload = [
    ['extensionDevelopmentPath', remote(projectDir)],
    ['extensionTestsPath', remote(path.join(projectDir, 'out/test/extension-host/index.js'))],
    ['skipWelcome', 'true'],
  ];
  const url = `${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gpi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: toolchain.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...args);
      if (!NOISE.test(text)) console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.goto(url);
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
    if (code === 'timeout') console.error(`extension host tests did not finish within ${timeoutMs / 1000} s`);
    return code === 0 ? 0 : 1;
  } finally {
    await context.close();
    await server.stop();
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

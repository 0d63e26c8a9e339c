/** VS Code's http.proxy setting carries the media downloads, in a real extension host. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestHooks } from '../../src/extension';
import { GoogleEmulator } from '../../emulator/server';
import { type ConnectProxy, startConnectProxy } from '../engine/connectProxy';
import { allowInBrowser, EXTENSION_ID, importAndPick, resetSettings, settings, useEmulator } from './helpers';

describe("Media through VS Code's http.proxy, in a real VS Code extension host", function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let proxy: ConnectProxy;
  const http = () => vscode.workspace.getConfiguration('http');

  before(async () => {
    emulator = await GoogleEmulator.start({ pollInterval: '0.2s' });
    await useEmulator(emulator);
    const hooks = (await vscode.extensions.getExtension<TestHooks>(EXTENSION_ID)!.activate()) as TestHooks;
    hooks.setBrowserOpener(allowInBrowser);
    proxy = await startConnectProxy();
    await settings().update('destination', 'through-proxy', vscode.ConfigurationTarget.Global);
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await resetSettings('destination');
    await emulator?.close();
    await proxy?.close();
  });

  it('downloads the photos through the proxy http.proxy names', async () => {
    const summary = await importAndPick(emulator, ['item-0001', 'item-0002']);
    assert.ok(summary, 'the import finished');
    assert.equal(summary.failed.length, 0, JSON.stringify(summary.failed));
    assert.deepEqual(
      summary.imported.map((i) => path.basename(path.dirname(i.path))),
      ['through-proxy', 'through-proxy'],
    );
    assert.ok(
      proxy.tunnels.includes(new URL(emulator.origin).host),
      `the media went through the proxy (tunnels: ${JSON.stringify(proxy.tunnels)})`,
    );
  });
});

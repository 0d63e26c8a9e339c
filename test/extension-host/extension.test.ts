import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestHooks } from '../../src/extension';
import type { ImportSummary } from '../../src/import';
import type { ImportView } from '../../src/vscode/importView';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, GoogleEmulator } from '../../emulator/server';
import { allowInBrowser, consentRedirect, EXTENSION_ID, lastAuthUrl, resetSettings, until, useEmulator } from './helpers';

describe('Import from Google Photos, in a real VS Code extension host', function () {
  this.timeout(60_000);
  let emulator: GoogleEmulator;
  let hooks: TestHooks;
  let assets: string;
  const config = () => vscode.workspace.getConfiguration('googlePhotosImport');
  let loadedAtActivation: string[] = [];
  /** Files the extension loads on first use, never at activation: the vendor libraries and the import engine. */
  const isLoadedOnUse = (file: string) =>
    file.includes(`${path.sep}dist${path.sep}vendor${path.sep}`) || file.endsWith(`${path.sep}dist${path.sep}engine.js`);
  /** Every view the extension rendered, in order: collected from its onDidChangeView event. */
  const views: ImportView[] = [];
  const viewIs =
    <K extends ImportView['kind']>(kind: K) =>
    () => {
      const view = hooks.view();
      return view.kind === kind && (view as Extract<ImportView, { kind: K }>);
    };

  before(async () => {
    emulator = await GoogleEmulator.start({ pollInterval: '0.3s', deviceIntervalSec: 0.5 });
    await useEmulator(emulator);
    const extension = vscode.extensions.getExtension<TestHooks>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    hooks = (await extension.activate()) as TestHooks;
    assert.ok(hooks, 'the extension hands its test hooks to tests');
    loadedAtActivation = Object.keys(require.cache).filter(isLoadedOnUse);
    hooks.setBrowserOpener(allowInBrowser);
    hooks.onDidChangeView((view) => views.push(view));
    assets = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'assets');
  });

  after(async () => {
    await resetSettings();
    await emulator?.close();
  });

  it('activates without loading google-auth-library, qrcode or the import engine', () => {
    assert.deepEqual(loadedAtActivation, []);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['import', 'signIn', 'signOut', 'cancelImport', 'showPicker'])
      assert.ok(commands.includes(`googlePhotosImport.${id}`), id);
  });

  it('signs in through the browser, keeps the tokens in SecretStorage, and signs out', async () => {
    assert.equal(await hooks.storedGrant(), undefined);
    assert.equal(await vscode.commands.executeCommand('googlePhotosImport.signIn'), true);
    const grant = await hooks.storedGrant();
    assert.match(grant?.refresh_token ?? '', /^1\/\/emu-/, 'refresh token stored');
    assert.deepEqual(emulator.tokenErrors, [], 'PKCE verified by the emulator');
    const redirect = new URL(lastAuthUrl()).searchParams.get('redirect_uri') ?? '';
    if (vscode.env.uiKind === vscode.UIKind.Web) {
      assert.match(redirect, /^http:\/\/127\.0\.0\.1:\d+\/proxy\/\d+\/$/, 'in code-server the callback port is forwarded (asExternalUri)');
    } else {
      assert.match(redirect, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    }
    assert.deepEqual(
      await hooks.accountLabels(),
      ['Google Photos'],
      'the authentication provider reports the sign-in to the Accounts menu',
    );
    const settingsText = JSON.stringify(vscode.workspace.getConfiguration().inspect('googlePhotosImport'));
    assert.ok(!settingsText.includes(grant!.refresh_token!), 'no token in settings');

    await vscode.commands.executeCommand('googlePhotosImport.signOut');
    assert.equal(await hooks.storedGrant(), undefined, 'tokens removed');
    assert.deepEqual(await hooks.accountLabels(), [], 'and no longer after sign-out');
  });

  // Cancel Import during the sign-in an import started ends that sign-in too, instead of waiting for it to end by itself.
  it('Cancel Import while the import waits for the browser sign-in ends the sign-in and the import', async () => {
    hooks.setBrowserOpener(async () => true); // the user never finishes in the browser
    try {
      const sessionsBefore = emulator.sessions.size;
      const running = vscode.commands.executeCommand<ImportSummary | undefined>('googlePhotosImport.import');
      await until(viewIs('signing-in'), 'signing in');
      await vscode.commands.executeCommand('googlePhotosImport.cancelImport');
      assert.equal(await running, undefined);
      assert.equal(hooks.view().kind, 'idle');
      assert.equal(await hooks.storedGrant(), undefined);
      assert.equal(emulator.sessions.size, sessionsBefore, 'no picker session was created');
    } finally {
      hooks.setBrowserOpener(allowInBrowser);
    }
  });

  it('Set OAuth Client keeps the secret in secret storage, not in settings, and sign-in uses it', async () => {
    await config().update('oauth.clientSecret', undefined, vscode.ConfigurationTarget.Global);
    try {
      await hooks.setClient(EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET);
      assert.equal(config().get('oauth.clientId'), EMULATOR_CLIENT_ID);
      assert.equal(config().inspect('oauth.clientSecret')?.globalValue, undefined, 'the secret is not in settings');
      assert.equal(await hooks.clientSecret(), EMULATOR_CLIENT_SECRET, 'it comes from secret storage');
      assert.equal(
        await vscode.commands.executeCommand('googlePhotosImport.signIn'),
        true,
        'the emulator checked the secret at its token endpoint',
      );
      await vscode.commands.executeCommand('googlePhotosImport.signOut');
    } finally {
      await hooks.setClient(EMULATOR_CLIENT_ID, undefined);
      await config().update('oauth.clientSecret', EMULATOR_CLIENT_SECRET, vscode.ConfigurationTarget.Global);
    }
  });

  it('signs in with a device code when the setting asks for it: URL, QR and code in the panel', async () => {
    await config().update('signInFlow', 'device-code', vscode.ConfigurationTarget.Global);
    try {
      const signingIn = vscode.commands.executeCommand<boolean>('googlePhotosImport.signIn');
      const view = await until(() => {
        const v = viewIs('signing-in')();
        return v && v.deviceCode && v;
      }, 'the device code in the panel');
      const code = view.deviceCode!;
      assert.equal(code.verificationUrl, `${emulator.origin}/device`);
      assert.match(code.userCode, /^[A-Z]{4}-[A-Z]{4}$/);
      assert.match(await hooks.qrImage(code.verificationUrl), /^data:image\/svg\+xml;base64,/);
      assert.ok(hooks.panelOpen());
      // The user opens the page on their phone and types the code.
      const answer = await fetch(new URL('device/approve', code.verificationUrl), {
        method: 'POST',
        body: new URLSearchParams({ user_code: code.userCode, decision: 'allow' }),
      });
      assert.equal(answer.status, 200);
      assert.equal(await signingIn, true);
      assert.match((await hooks.storedGrant())?.refresh_token ?? '', /^1\/\/emu-/);
      assert.equal(hooks.view().kind, 'signed-in');
    } finally {
      await vscode.commands.executeCommand('googlePhotosImport.signOut');
      await config().update('signInFlow', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(await hooks.storedGrant(), undefined);
  });

  // The flow that needs neither a reachable callback nor a device-code client.
  it('signs in by pasting the address the browser ended on, when the setting asks for it', async () => {
    await config().update('signInFlow', 'paste', vscode.ConfigurationTarget.Global);
    let opened = '';
    hooks.setBrowserOpener(async (url) => ((opened = url), true)); // a browser somewhere: it signs in, the redirect fails to load
    hooks.setAddressPrompt((authUrl) => consentRedirect(authUrl)); // what the user copies from the address bar
    try {
      assert.equal(await vscode.commands.executeCommand('googlePhotosImport.signIn'), true);
      assert.equal(new URL(opened).searchParams.get('redirect_uri'), 'http://127.0.0.1:1/');
      assert.match((await hooks.storedGrant())?.refresh_token ?? '', /^1\/\/emu-/);
    } finally {
      hooks.setBrowserOpener(allowInBrowser);
      await vscode.commands.executeCommand('googlePhotosImport.signOut');
      await config().update('signInFlow', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('imports: QR panel of the pickerUri, polling on pollInterval, files in assets/, session deleted, status steps', async () => {
    views.length = 0;
    const running = vscode.commands.executeCommand<ImportSummary>('googlePhotosImport.import'); // signs in first: not signed in now
    const session = await emulator.waitForSession(20_000);
    const waiting = await until(viewIs('waiting'), 'the QR panel');
    assert.equal(waiting.pickerUri, `${emulator.origin}/picker/${session.id}`);
    assert.ok(hooks.panelOpen(), 'panel open');
    const qrcode = await import('qrcode');
    const expected = await qrcode.toString(waiting.pickerUri, {
      type: 'svg',
      margin: 4,
      errorCorrectionLevel: 'M',
      color: { dark: '#000000ff', light: '#ffffffff' },
    });
    assert.equal(
      Buffer.from((await hooks.qrImage(waiting.pickerUri)).split(',')[1], 'base64').toString(),
      expected,
      'the QR encodes exactly the pickerUri',
    );
    assert.match(hooks.statusText(), /waiting \d+:\d\d/);

    await until(() => session.polls.length >= 4, 'four polls');
    const gaps = session.polls.slice(1).map((t, i) => t - session.polls[i]);
    assert.ok(
      gaps.every((g) => g >= 280),
      `polls at least pollInterval (300 ms) apart: ${gaps}`,
    );

    emulator.pick(session.id, { itemIds: ['item-0003', 'item-0012'] });
    const summary = await running;
    assert.deepEqual(
      summary?.imported.map((i) => path.basename(i.path)),
      ['sunset.png', 'Straße am Meer Ω.jpeg'],
    );
    assert.deepEqual(
      fs.readdirSync(assets).sort(),
      ['.google-photos-import.json', 'Straße am Meer Ω.jpeg', 'sunset.png'],
      "the photos and the folder's import index",
    );
    assert.equal(emulator.sessions.get(session.id)!.deleted, true);
    const done = hooks.view();
    assert.equal(done.kind, 'done');
    assert.deepEqual(done.kind === 'done' && done.files.map((f) => f.name), ['sunset.png', 'Straße am Meer Ω.jpeg']);
    const steps = views.map((v) => v.kind).filter((k, i, all) => k !== all[i - 1]);
    assert.deepEqual(
      steps,
      ['signing-in', 'signed-in', 'starting', 'waiting', 'downloading', 'done'],
      'the view went through each step once, in order',
    );
    assert.match(hooks.statusText(), /imported 2/);
    const loadedNow = Object.keys(require.cache)
      .filter(isLoadedOnUse)
      .map((f) => path.basename(f))
      .sort();
    assert.deepEqual(
      loadedNow,
      ['engine.js', 'google-auth-library.js', 'qrcode.js'],
      'the same look finds them once a sign-in and an import needed them',
    );
  });

  it('Cancel Import deletes the session and writes nothing', async () => {
    const before = fs.readdirSync(assets);
    const running = vscode.commands.executeCommand<ImportSummary>('googlePhotosImport.import');
    const session = await emulator.waitForSession(10_000, (s) => !s.mediaItemsSet);
    await until(viewIs('waiting'), 'waiting');
    await vscode.commands.executeCommand('googlePhotosImport.cancelImport');
    const summary = await running;
    assert.equal(summary?.imported.length, 0);
    assert.equal(emulator.sessions.get(session.id)!.deleted, true);
    assert.deepEqual(fs.readdirSync(assets), before, 'nothing written');
    assert.equal(hooks.view().kind, 'cancelled');
    assert.match(hooks.statusText(), /cancelled/);
  });

  it('a second import while a session lives brings its panel back instead of starting another', async () => {
    const first = vscode.commands.executeCommand<ImportSummary>('googlePhotosImport.import');
    const session = await emulator.waitForSession(10_000, (s) => !s.mediaItemsSet);
    await until(viewIs('waiting'), 'waiting');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor'); // closing the panel does not cancel
    assert.equal(await vscode.commands.executeCommand('googlePhotosImport.import'), undefined);
    assert.ok(hooks.panelOpen(), 'panel back');
    assert.equal(emulator.liveSessions().length, 1, 'still one session');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await until(() => !hooks.panelOpen(), 'panel closed');
    const click = hooks.statusCommand();
    assert.equal(click?.command, 'googlePhotosImport.showPicker', 'while waiting, the status item opens the panel directly');
    await vscode.commands.executeCommand(click!.command, ...(click!.arguments ?? []));
    assert.ok(hooks.panelOpen(), 'clicking the status-bar item while waiting brings the QR panel back');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await until(() => !hooks.panelOpen(), 'panel closed');
    await vscode.commands.executeCommand('googlePhotosImport.showPicker');
    assert.ok(hooks.panelOpen(), 'Show Picker brings it back too');
    emulator.pick(session.id, { itemIds: ['item-0004'] });
    assert.equal((await first)?.imported.length, 1);
  });

  it("refuses to show a pickerUri that is not Google's (or the test endpoint's) and deletes the session", async () => {
    const live = emulator.liveSessions().length;
    emulator.injectFault({
      method: 'POST',
      path: '/v1/sessions',
      body: {
        id: 'evil-session',
        pickerUri: 'https://phish.example/picker',
        mediaItemsSet: false,
        pollingConfig: { pollInterval: '0.3s', timeoutIn: '60s' },
      },
    });
    await vscode.commands.executeCommand('googlePhotosImport.import');
    assert.ok(!views.some((v) => v.kind === 'waiting' && v.pickerUri.includes('phish')), 'the link never reached the view');
    const failed = hooks.view();
    assert.match(failed.kind === 'failed' ? failed.message : failed.kind, /not Google's/, 'the user is told why');
    assert.ok(
      emulator.requests.some((r) => r.method === 'DELETE' && r.path === '/v1/sessions/evil-session'),
      'delete was attempted',
    );
    assert.equal(emulator.liveSessions().length, live);
  });
});

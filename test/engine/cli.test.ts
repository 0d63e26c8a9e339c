import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoogleEmulator } from '../../emulator/server';
import { CLI, requireBuiltCli, type Run, runCli } from './cliRun';
import { emulatorAndFolderPerTest, listDir, tempDir, until } from './helpers';

/** The keys of an imported or reused entry in the CLI's JSON, sorted. */
const ENTRY_KEYS = ['bytes', 'facts', 'filename', 'height', 'id', 'index', 'mimeType', 'path', 'type', 'width'];

describe('the headless import (dist/cli.js)', function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let dest: string;
  before(requireBuiltCli);
  emulatorAndFolderPerTest({ pollInterval: '0.2s' }, (e, folder) => {
    emulator = e;
    dest = folder;
  });

  const againstEmulator = () => ({ GOOGLE_PHOTOS_PICKER_API: emulator.origin, GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken() });

  it('carries no emulator: --emulator loads dist/emulator.js, a file of its own', () => {
    const bundle = fs.readFileSync(CLI, 'utf8');
    assert.ok(bundle.includes('require("./emulator.js")'), 'the emulator is required from its own file');
    assert.ok(
      !bundle.includes('class GoogleEmulator') && !bundle.includes('jpeg-js'),
      'neither the emulator nor its JPEG encoder is in the CLI bundle',
    );
    assert.ok(fs.existsSync(path.join(path.dirname(CLI), 'emulator.js')));
  });

  it('--json runs the whole lifecycle against any Picker server and prints one JSON object', async () => {
    const run = runCli(['import', '--dest', dest, '--json'], againstEmulator());
    const session = await emulator.waitForSession();
    emulator.pick(session.id, { itemIds: ['item-0001', 'item-0002', 'item-0006'] });
    assert.equal(await run.exit, 0, run.stderr());
    const summary = JSON.parse(run.stdout());
    assert.deepEqual(Object.keys(summary).sort(), ['dest', 'failed', 'imported', 'reused', 'sessionId', 'skipped', 'warnings']);
    assert.equal(summary.sessionId, session.id);
    assert.equal(summary.dest, dest);
    assert.deepEqual(
      summary.imported.map((i: { id: string }) => i.id),
      ['item-0001', 'item-0002'],
    );
    assert.deepEqual(Object.keys(summary.imported[0]).sort(), ENTRY_KEYS);
    assert.deepEqual(
      summary.skipped.map((s: { id: string }) => s.id),
      ['item-0006'],
    );
    assert.deepEqual(listDir(dest), ['IMG_0001-1.JPG', 'IMG_0001.JPG']);
    assert.equal(run.stdout().trim().split('\n').length, 1, 'exactly one line on stdout');
    assert.match(run.stderr(), new RegExp(`/picker/${session.id}`), 'the pickerUri is shown');
    assert.equal(emulator.sessions.get(session.id)!.deleted, true);
  });

  it('--name, --size and the folder index: a second run downloads nothing and lists the files under "reused"', async () => {
    const args = [
      'import',
      '--dest',
      path.join(dest, '${createYear}'),
      '--name',
      '${createDate}-${fileStem}.${fileExt}',
      '--size',
      '200x100',
      '--json',
    ];
    const pickOnce = async (run: Run) => {
      emulator.pick((await emulator.waitForSession(10_000, (s) => !s.mediaItemsSet)).id, { itemIds: ['item-0001', 'item-0003'] });
      assert.equal(await run.exit, 0, run.stderr());
      return JSON.parse(run.stdout());
    };
    const first = await pickOnce(runCli(args, againstEmulator()));
    assert.deepEqual(
      first.imported.map((i: { path: string }) => path.relative(dest, i.path)),
      [path.join('2026', '2026-06-01-IMG_0001.JPG'), path.join('2026', '2026-06-03-sunset.jpg')],
    );
    assert.ok(emulator.requests.some((r) => r.path.endsWith('=w200-h100')));
    const mediaBefore = emulator.requests.filter((r) => r.path.startsWith('/media/')).length;

    const second = await pickOnce(runCli(args, againstEmulator()));
    assert.equal(emulator.requests.filter((r) => r.path.startsWith('/media/')).length, mediaBefore, 'no media request');
    assert.deepEqual(second.imported, []);
    assert.deepEqual(
      second.reused.map((i: { path: string }) => i.path),
      first.imported.map((i: { path: string }) => i.path),
    );
    assert.deepEqual(Object.keys(second.reused[0]).sort(), ENTRY_KEYS);

    const third = await pickOnce(runCli([...args, '--no-skip-duplicates'], againstEmulator()));
    assert.deepEqual(
      third.imported.map((i: { path: string }) => path.basename(i.path)),
      ['2026-06-01-IMG_0001-1.JPG', '2026-06-03-sunset-1.jpg'],
    );
  });

  it('a typo in --name or --size is refused before any session, naming what is wrong', async () => {
    for (const [flag, value, message] of [
      ['--name', '${fileStm}', /unknown variable \$\{fileStm\}/],
      ['--size', 'huge', /image size: "huge"/],
      ['--dest', `${dest}/\${week}`, /unknown variable \$\{week\}/],
    ] as const) {
      const run = runCli(['import', '--dest', dest, flag, value], againstEmulator());
      assert.equal(await run.exit, 1, flag);
      assert.match(run.stderr(), message);
    }
    assert.equal(emulator.sessions.size, 0);
  });

  it('SIGKILL while waiting leaves the session recorded; the next run deletes it first (else it would stay open until it expires)', async () => {
    const config = tempDir('gpi-cli-config-');
    try {
      const env = { ...againstEmulator(), XDG_CONFIG_HOME: config };
      const killed = runCli(['import', '--dest', dest], env);
      const first = await emulator.waitForSession();
      await until(() => /Waiting for your selection/.test(killed.stderr()), 10_000, 'the wait');
      killed.child.kill('SIGKILL');
      await killed.exit;
      assert.equal(emulator.sessions.get(first.id)!.deleted, false, 'a killed process deletes nothing');
      const records = path.join(config, 'google-photos-import', 'sessions');
      const files = fs.readdirSync(records).map((name) => path.join(records, name));
      assert.equal(files.length, 1);
      assert.equal(fs.statSync(files[0]).mode & 0o777, 0o600);
      assert.equal(JSON.parse(fs.readFileSync(files[0], 'utf8')).id, first.id);

      const next = runCli(['import', '--dest', dest], env);
      const second = await emulator.waitForSession(10_000, (s) => s.id !== first.id);
      assert.equal(emulator.sessions.get(first.id)!.deleted, true, 'the leftover was deleted before the new session');
      emulator.pick(second.id, { itemIds: ['item-0003'] });
      assert.equal(await next.exit, 0, next.stderr());
      assert.match(next.stderr(), /Deleted 1 picker session\(s\) an earlier run left open/);
      assert.deepEqual(fs.readdirSync(records), []);
    } finally {
      fs.rmSync(config, { recursive: true, force: true });
    }
  });

  it('--emulator: open the printed link, tick two photos, press Done; exactly those files arrive', async () => {
    const run = runCli(['import', '--emulator', '--verbose', '--dest', dest]);
    await until(() => /\/picker\/[\w-]+/.test(run.stderr()), 15_000, 'the picker link');
    const pickerUri = /(http:\/\/127\.0\.0\.1:\d+\/picker\/[\w-]+)/.exec(run.stderr())![1];
    assert.match(run.stderr(), /▄|█/, 'a QR code is drawn in the terminal');
    const page = await (await fetch(pickerUri)).text();
    assert.match(page, /sunset\.png/);
    const form = new URLSearchParams([
      ['itemId', 'item-0003'],
      ['itemId', 'item-0012'],
    ]);
    const done = await fetch(`${pickerUri}/done`, { method: 'POST', body: form });
    assert.equal(done.status, 200);
    assert.equal(await run.exit, 0, run.stderr());
    assert.deepEqual(listDir(dest), ['Straße am Meer Ω.jpeg', 'sunset.png'].sort());
    assert.match(run.stdout(), /Imported 2 file\(s\)/);
    const sessionId = pickerUri.split('/').pop();
    assert.match(run.stderr(), new RegExp(`\\[api\\] DELETE /v1/sessions/${sessionId} 200`), 'the session was deleted');
    assert.ok(!/ya29\./.test(run.stderr()), 'no token in the log');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} while waiting deletes the session, writes nothing and exits 130`, async () => {
      const run = runCli(['import', '--dest', path.join(dest, 'assets')], againstEmulator());
      const session = await emulator.waitForSession();
      await until(() => session.polls.length > 0, 5000, 'a poll');
      run.child.kill(signal);
      assert.equal(await run.exit, 130, run.stderr());
      assert.equal(emulator.sessions.get(session.id)!.deleted, true);
      assert.equal(fs.existsSync(path.join(dest, 'assets')), false);
    });
  }

  it('SIGINT mid-download removes partial files and exits 130', async () => {
    const run = runCli(['import', '--dest', dest], againstEmulator());
    const session = await emulator.waitForSession();
    emulator.injectFault({ path: '/media/', bytesPerSecond: 5000, times: 10 });
    emulator.pick(session.id, { itemIds: ['item-0004'] });
    await until(
      () => emulator.requests.some((r) => r.path === '/v1/mediaItems') && listDir(dest).length > 0,
      10_000,
      'a download in progress',
    );
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 130);
    assert.deepEqual(listDir(dest), []);
    assert.equal(emulator.sessions.get(session.id)!.deleted, true);
  });

  it('exits 1 with a one-line reason when an item fails', async () => {
    const run = runCli(['import', '--dest', dest, '--json'], againstEmulator());
    const session = await emulator.waitForSession();
    emulator.injectFault({ path: '/media/', status: 403, errorStatus: 'PERMISSION_DENIED', times: 2 }); // a fresh link is refused too
    emulator.pick(session.id, { itemIds: ['item-0003'] });
    assert.equal(await run.exit, 1);
    const lines = run.stderr().trim().split('\n');
    assert.match(lines[lines.length - 1], /^google-photos-import: 1 of 1 item\(s\) failed; first: .*\(403\) even with a fresh link/);
    assert.equal(JSON.parse(run.stdout()).failed.length, 1);
  });

  it('exits 1 with a one-line reason on bad input', async () => {
    for (const args of [['import', '--max-items', 'many'], ['import', '--bogus'], ['export']]) {
      const run = runCli(args);
      assert.equal(await run.exit, 1, args.join(' '));
      assert.match(run.stderr().split('\n')[0], /^google-photos-import: /);
    }
  });

  it("never prints (or draws) a picker link that is not Google's", async () => {
    emulator.injectFault({
      method: 'POST',
      path: '/v1/sessions',
      body: { id: 'evil-session', pickerUri: 'https://phish.example/picker/x', mediaItemsSet: false },
    });
    const run = runCli(['import', '--dest', dest], againstEmulator());
    assert.equal(await run.exit, 1);
    assert.ok(!run.stderr().includes('phish.example/picker/x') && !run.stdout().includes('phish.example/picker/x'), run.stderr());
    assert.match(run.stderr(), /not Google's \(https:\/\/phish\.example\)/);
  });

  it('refuses a plain-http Picker endpoint that is not on this machine', async () => {
    const run = runCli(['import', '--dest', dest], { GOOGLE_PHOTOS_PICKER_API: 'http://example.com', GOOGLE_PHOTOS_ACCESS_TOKEN: 't' });
    assert.equal(await run.exit, 1);
    assert.match(run.stderr(), /must use https/);
  });
});

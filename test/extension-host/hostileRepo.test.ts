/**
 * A cloned repository is input: what it commits beside the destination (a lock that is a dangling link, an index
 * linked to a device, a FIFO or a private file, an index that is a folder) must never hang an import, lose its photos,
 * read what it should not, or write outside the workspace. Each case imports into its own folder of the workspace.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestHooks } from '../../src/extension';
import { GoogleEmulator } from '../../emulator/server';
import { allowInBrowser, EXTENSION_ID, importAndPick, resetSettings, settings, useEmulator } from './helpers';

const INDEX = '.google-photos-import.json';
const LOCK = `${INDEX}.lock`;
const PRIVATE = '-----BEGIN OPENSSH PRIVATE KEY-----\nnot json\n';

describe('A hostile cloned repository, in a real VS Code extension host', function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let root: string;
  let outside: string;

  before(async function () {
    if (process.platform === 'win32') this.skip(); // symlinks and FIFOs need a POSIX file system
    emulator = await GoogleEmulator.start({ pollInterval: '0.2s' });
    await useEmulator(emulator);
    const hooks = (await vscode.extensions.getExtension<TestHooks>(EXTENSION_ID)!.activate()) as TestHooks;
    hooks.setBrowserOpener(allowInBrowser);
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gpi-outside-'));
    fs.writeFileSync(path.join(outside, 'private-key'), PRIVATE, { mode: 0o600 });
  });

  after(async () => {
    await resetSettings('destination');
    await emulator?.close();
    if (outside) fs.rmSync(outside, { recursive: true, force: true });
  });

  /** Makes `folder` in the workspace as the repository committed it, imports one photo into it. */
  async function importInto(folder: string, commit: (dir: string) => void) {
    const dir = path.join(root, folder);
    fs.mkdirSync(dir, { recursive: true });
    commit(dir);
    await settings().update('destination', folder, vscode.ConfigurationTarget.Global);
    const rssBefore = process.memoryUsage().rss;
    const summary = await importAndPick(emulator, ['item-0001']);
    assert.ok(summary, 'the import finished');
    assert.equal(summary.failed.length, 0, JSON.stringify(summary.failed));
    assert.equal(summary.imported.length, 1, 'the photo is imported all the same');
    assert.ok(fs.statSync(summary.imported[0].path).isFile());
    assert.equal(path.dirname(summary.imported[0].path), dir);
    assert.equal(summary.warnings.length, 1, `one warning: ${JSON.stringify(summary.warnings)}`);
    assert.match(summary.warnings[0], /\.google-photos-import\.json/);
    assert.ok(process.memoryUsage().rss - rssBefore < 200 * 1024 ** 2, 'nothing large was read into the extension host');
    assert.deepEqual(fs.readdirSync(outside).sort(), ['private-key'], 'nothing written outside the workspace');
    return { dir, summary };
  }

  it('a lock that is a dangling symbolic link: the import ends with its photo and a word about the index', async () => {
    const { dir } = await importInto('dangling-lock', (d) => fs.symlinkSync(path.join(d, 'nowhere'), path.join(d, LOCK)));
    assert.ok(fs.lstatSync(path.join(dir, LOCK)).isSymbolicLink(), 'the committed link is left as it was');
  });

  it('an index linked to /dev/zero is never read', async () => {
    const { dir } = await importInto('index-zero', (d) => fs.symlinkSync('/dev/zero', path.join(d, INDEX)));
    assert.equal(fs.readlinkSync(path.join(dir, INDEX)), '/dev/zero');
  });

  it('an index linked to a FIFO (as /dev/stdin can be) does not hang the import', async () => {
    await importInto('index-fifo', (d) => {
      execFileSync('mkfifo', [path.join(d, 'pipe')]);
      fs.symlinkSync(path.join(d, 'pipe'), path.join(d, INDEX));
    });
  });

  it('an index linked to a private file outside is neither read nor copied into the repository', async () => {
    const secret = path.join(outside, 'private-key');
    const { dir } = await importInto('index-private', (d) => fs.symlinkSync(secret, path.join(d, INDEX)));
    assert.equal(fs.readFileSync(secret, 'utf8'), PRIVATE);
    for (const name of fs.readdirSync(dir)) {
      const stat = fs.lstatSync(path.join(dir, name));
      if (stat.isFile())
        assert.ok(!fs.readFileSync(path.join(dir, name), 'latin1').includes('PRIVATE KEY'), `${name} holds no copy of the private file`);
    }
  });

  it('an index that is a folder', async () => {
    const { dir } = await importInto('index-folder', (d) => fs.mkdirSync(path.join(d, INDEX)));
    assert.ok(fs.statSync(path.join(dir, INDEX)).isDirectory(), 'left alone');
  });

  it('a destination that is a link out of the workspace is refused before any session is made', async () => {
    fs.symlinkSync(outside, path.join(root, 'linked-out'));
    await settings().update('destination', 'linked-out', vscode.ConfigurationTarget.Global);
    const sessions = emulator.sessions.size;
    const summary = await vscode.commands.executeCommand<unknown>('googlePhotosImport.import');
    assert.equal(summary, undefined, 'no import ran');
    assert.equal(emulator.sessions.size, sessions, 'no picker session was made');
    assert.deepEqual(fs.readdirSync(outside), ['private-key'], 'nothing written outside the workspace');
  });
});

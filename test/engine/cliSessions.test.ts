import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processOwnership } from '../../src/picker/processOwner';
import { FolderSessionStore } from '../../src/picker/sessionFolder';
import type { GoogleEmulator } from '../../emulator/server';
import { requireBuiltCli, type Run, runCli } from './cliRun';
import { clientFor, startEmulator, tempDir, until } from './helpers';

/** The pid of a process that has ended (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid!;
}

describe('CLI runs sharing one config folder delete only sessions of runs that are gone (dist/cli.js)', function () {
  this.timeout(30_000);
  let emulator: GoogleEmulator;
  let dest: string;
  let config: string;
  let records: string;
  before(requireBuiltCli);
  beforeEach(async () => {
    emulator = await startEmulator({ pollInterval: '0.2s' });
    dest = tempDir();
    config = tempDir('gpi-cli-config-');
    records = path.join(config, 'google-photos-import', 'sessions');
  });
  afterEach(async () => {
    await emulator.close();
    fs.rmSync(dest, { recursive: true, force: true });
    fs.rmSync(config, { recursive: true, force: true });
  });

  const start = (folder: string) =>
    runCli(['import', '--dest', path.join(dest, folder)], {
      GOOGLE_PHOTOS_PICKER_API: emulator.origin,
      GOOGLE_PHOTOS_ACCESS_TOKEN: emulator.issueAccessToken(),
      XDG_CONFIG_HOME: config,
    });
  const waiting = (run: Run) => until(() => /Waiting for your selection/.test(run.stderr()), 10_000, 'the wait');
  const recordedPids = () =>
    fs
      .readdirSync(records)
      .map((name) => JSON.parse(fs.readFileSync(path.join(records, name), 'utf8')).owner.pid)
      .sort();

  it("two imports at once: the first one's user picks after the second started, and both finish", async () => {
    const first = start('first');
    const firstSession = await emulator.waitForSession();
    await waiting(first);
    const second = start('second');
    const secondSession = await emulator.waitForSession(10_000, (s) => s.id !== firstSession.id);
    await waiting(second);
    assert.equal(emulator.sessions.get(firstSession.id)!.deleted, false, "the second run left the first one's session open");
    assert.deepEqual(recordedPids(), [first.child.pid, second.child.pid].sort(), 'both records, each naming its process');

    emulator.pick(firstSession.id, { itemIds: ['item-0001'] });
    emulator.pick(secondSession.id, { itemIds: ['item-0003'] });
    assert.equal(await first.exit, 0, first.stderr());
    assert.equal(await second.exit, 0, second.stderr());
    assert.doesNotMatch(second.stderr(), /Deleted \d+ picker session/);
    assert.deepEqual(fs.readdirSync(records), []);
  });

  it("a record whose process has ended is deleted by the next run; a live process's and another host's are kept", async () => {
    const { client } = clientFor(emulator);
    const api = emulator.origin;
    const store = new FolderSessionStore(records);
    const open = async (owner: object) => {
      const session = await client.createSession({}, AbortSignal.timeout(5000));
      await store.put({ id: session.id, api, expiresAt: Date.parse(session.expireTime!), owner });
      return session.id;
    };
    const crashed = await open({ kind: 'process', host: os.hostname(), pid: await deadPid() });
    const live = await open((await processOwnership()).current()); // this test process, as a CLI run would record it
    const elsewhere = await open({ kind: 'process', host: `not-${os.hostname()}`, pid: await deadPid() });

    const run = start('assets');
    const session = await emulator.waitForSession(10_000, (s) => ![crashed, live, elsewhere].includes(s.id));
    emulator.pick(session.id, { itemIds: ['item-0003'] });
    assert.equal(await run.exit, 0, run.stderr());
    assert.match(run.stderr(), /Deleted 1 picker session\(s\) an earlier run left open/);
    assert.deepEqual(
      [crashed, live, elsewhere].map((id) => emulator.sessions.get(id)!.deleted),
      [true, false, false],
    );
    assert.equal(fs.readdirSync(records).length, 2);
  });

  it('the sessions.json of earlier versions moves into the folder; its records wait for their expiry', async () => {
    const { client } = clientFor(emulator);
    const session = await client.createSession({}, AbortSignal.timeout(5000));
    const legacy = path.join(config, 'google-photos-import', 'sessions.json');
    fs.mkdirSync(path.dirname(legacy), { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      legacy,
      JSON.stringify([
        { id: session.id, api: emulator.origin, expiresAt: Date.parse(session.expireTime!) },
        { id: 'long-gone', api: emulator.origin, expiresAt: Date.now() - 1 },
      ]),
      { mode: 0o600 },
    );

    const run = start('assets');
    const next = await emulator.waitForSession(10_000, (s) => s.id !== session.id);
    emulator.pick(next.id, { itemIds: ['item-0003'] });
    assert.equal(await run.exit, 0, run.stderr());
    assert.equal(emulator.sessions.get(session.id)!.deleted, false, "an owner-less record may be a running older version's");
    assert.equal(fs.existsSync(legacy), false);
    assert.deepEqual(
      fs.readdirSync(records).map((name) => JSON.parse(fs.readFileSync(path.join(records, name), 'utf8')).id),
      [session.id],
    );
  });
});

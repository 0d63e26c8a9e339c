import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StaticTokenSource } from '../../src/auth/tokenSource';
import { INDEX_FILE, type IndexEntry } from '../../src/download/storage/importIndex';
import { PickerClient, type RequestLogEntry } from '../../src/picker/client';
import { type EmulatorOptions, GoogleEmulator } from '../../emulator/server';

/** Fast timings for tests: polls every 50 ms (the client's floor is 100 ms), retries after 10 ms. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<GoogleEmulator> {
  return GoogleEmulator.start({ pollInterval: '0.1s', ...options });
}

/**
 * For a suite: a fresh emulator and an empty temporary folder for each test, handed to `use` before it and closed
 * and removed after it.
 */
export function emulatorAndFolderPerTest(options: EmulatorOptions, use: (emulator: GoogleEmulator, folder: string) => void): void {
  let emulator: GoogleEmulator | undefined;
  let folder = '';
  beforeEach(async () => {
    emulator = await startEmulator(options);
    folder = tempDir();
    use(emulator, folder);
  });
  afterEach(async () => {
    await emulator?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });
}

/** The emulator's bulk items (its `bulkItems` option), in library order. */
export function bulkItemIds(emulator: GoogleEmulator): string[] {
  return emulator.library.filter((i) => i.id.startsWith('bulk-')).map((i) => i.id);
}

/** Acts as the user: as soon as the session exists, ticks these items and presses Done. */
export function pickWhenAsked(emulator: GoogleEmulator, itemIds: string[]): void {
  void emulator.waitForSession().then((s) => emulator.pick(s.id, { itemIds }));
}

/** Retry timings for tests: 10 ms instead of Google's seconds. */
export const FAST_RETRY = { serverErrorBaseDelayMs: 10, quotaDelayMs: 10 };

export function clientFor(emulator: GoogleEmulator, token = emulator.issueAccessToken(), log?: (e: RequestLogEntry) => void) {
  const tokens = new StaticTokenSource(token);
  const client = new PickerClient({ endpoint: emulator.origin, tokens, log, retry: FAST_RETRY });
  return { client, tokens, token };
}

export function tempDir(prefix = 'gpi-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Every entry of a folder, hidden ones included (a leftover ".xxx.gpi-part" or index temp file must show up), except
 * the folder's import index itself, which index tests look at on their own.
 */
export function listDir(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((name) => name !== INDEX_FILE)
        .sort()
    : [];
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The user in a browser on the emulator's consent page: Allow (or Deny), and the address Google's redirect then leads
 * to (the loopback callback, or for the paste flow the address to paste). `overrides` tampers with the form.
 */
export async function consentRedirect(
  authUrl: string,
  decision: 'allow' | 'deny' = 'allow',
  overrides: Record<string, string> = {},
): Promise<string> {
  const params = new URL(authUrl).searchParams;
  params.set('decision', decision);
  for (const [name, value] of Object.entries(overrides)) params.set(name, value);
  const decided = await fetch(new URL('/o/oauth2/v2/auth/decide', authUrl), { method: 'POST', body: params, redirect: 'manual' });
  return decided.headers.get('location') as string;
}

/** The files under `dir` this process has open (Linux, /proc): other tests' sockets closing meanwhile do not count. */
export function filesOpenIn(dir: string): string[] {
  const fdDir = '/proc/self/fd';
  const targets = fs.readdirSync(fdDir).map((fd) => {
    try {
      return fs.readlinkSync(path.join(fdDir, fd));
    } catch {
      return ''; // closed between the listing and the read
    }
  });
  return targets.filter((target) => target.startsWith(dir + path.sep));
}

/** A fresh folder for each test, with the index lock's path in it, handed to `use`; the folder goes after the test. */
export function eachLockFolder(use: (dir: string, lock: string) => void): void {
  let dir = '';
  beforeEach(() => {
    dir = tempDir();
    use(dir, path.join(dir, `${INDEX_FILE}.lock`));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
}

/** Removes a test's folder even when a test that timed out left `chattr +i` on something in it. */
export function removeTestFolder(dir: string): void {
  if (process.platform !== 'win32') spawnSync('chattr', ['-R', '-i', dir], { stdio: 'ignore' });
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A well-formed folder-index entry for `id` (its sha256 is INDEX_SHA). */
export const INDEX_SHA = 'a'.repeat(64);
export function indexEntry(id: string, file = `${id}.jpg`, size = 'original'): IndexEntry {
  return { id, size, file, bytes: 1, sha256: INDEX_SHA, importedAt: '2026-01-01T00:00:00Z' };
}

/** Sets `target`'s modification time to exactly `reference`'s, to the nanosecond (Node's utimes rounds). */
export function copyModificationTime(reference: string, target: string): void {
  execFileSync('touch', ['-m', '-r', reference, target]);
}

/** Runs `script` in a new node whose files may grow to `kilobytes` at most (`ulimit -f`); its stdout. */
export function nodeWithFileSizeLimit(kilobytes: number, script: string): string {
  return execFileSync('bash', ['-c', `ulimit -f ${kilobytes}; exec "${process.execPath}" -e '${script}'`], { encoding: 'utf8' });
}

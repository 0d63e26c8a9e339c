/** Runs the built CLI (dist/cli.js) as a child process with a clean environment and a home of its own. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from '../../emulator/server';
import { tempDir } from './helpers';

export const CLI = path.resolve(__dirname, '../../../dist/cli.js');

export interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** `cwd`: the working folder (default: this process's); `cli`: another build of it (one with a client of its own). */
export function runCli(args: string[], env: Record<string, string> = {}, { cwd, cli = CLI }: { cwd?: string; cli?: string } = {}): Run {
  const home = tempDir('gpi-cli-home-');
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      fs.rmSync(home, { recursive: true, force: true });
      resolve(code);
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** For a suite's before(): says how to get the bundle when it is missing. */
export function requireBuiltCli(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
}

/** The environment of a sign-in against the emulator's OAuth with its own client, the grant kept under `configHome`. */
export function emulatorSignInEnv(origin: string, configHome: string): Record<string, string> {
  return {
    GOOGLE_PHOTOS_PICKER_API: origin,
    GOOGLE_PHOTOS_TEST_OAUTH: '1',
    GOOGLE_PHOTOS_CLIENT_ID: EMULATOR_CLIENT_ID,
    GOOGLE_PHOTOS_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    XDG_CONFIG_HOME: configHome,
  };
}

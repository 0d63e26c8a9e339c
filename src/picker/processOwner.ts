/**
 * The owner of a CLI run's sessions: this host, this pid, and (on Linux) when the process started, so that a pid
 * reused by another process after a crash is not taken for the crashed run.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import { isProcessGone, type ProcessOwner, type ProcessSeen, parseProcStat, type SessionOwnership } from './sessionOwner';

/** What the owner check needs of the system (tests replace it). */
export interface ProcessProbe {
  host: string;
  pid: number;
  /** Whether a process with this pid exists (a zombie counts as gone where that can be told). */
  seen(pid: number): Promise<ProcessSeen>;
}

export async function processOwnership(probe: ProcessProbe = systemProbe): Promise<SessionOwnership> {
  const { started } = await probe.seen(probe.pid);
  const owner: ProcessOwner = { kind: 'process', host: probe.host, pid: probe.pid, ...(started === undefined ? {} : { started }) };
  return {
    current: () => owner,
    isSelf: (o) => o.kind === 'process' && o.host === owner.host && o.pid === owner.pid && o.started === owner.started,
    // A window owner is VS Code's, never in the CLI's store; it is left to its expiry.
    isGone: async (o) => o.kind === 'process' && isProcessGone(o, owner.host, await probe.seen(o.pid)),
  };
}

export const systemProbe: ProcessProbe = {
  host: os.hostname(),
  pid: process.pid,
  async seen(pid) {
    if (!pidExists(pid)) return { running: false };
    const stat = await linuxStart(pid);
    return stat?.state === 'Z' ? { running: false } : { running: true, started: stat?.started };
  },
};

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, as another user's. Anything but "no such process" is taken for alive.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Boot id and start ticks: equal only for the same process (ticks restart at each boot). Linux only. */
async function linuxStart(pid: number): Promise<{ state: string; started: string } | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const [bootId, stat] = await Promise.all([
      fs.readFile('/proc/sys/kernel/random/boot_id', 'utf8'),
      fs.readFile(`/proc/${pid}/stat`, 'utf8'),
    ]);
    const parsed = parseProcStat(stat);
    return parsed && { state: parsed.state, started: `${bootId.trim()}:${parsed.startTicks}` };
  } catch {
    return undefined;
  }
}

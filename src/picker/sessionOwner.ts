/**
 * Who holds an open picker session, and the pure rules that tell a finished holder from a live one. A record of an
 * open session is shared by every VS Code window (globalState) or every CLI run (the config folder): a run may delete
 * another's session only once that run is gone, or it would end a pick its user is still making.
 */

/** A VS Code window (one extension activation): alive while it refreshes `heartbeatAt` every `everyMs`. */
export interface WindowOwner {
  kind: 'window';
  window: string;
  heartbeatAt: number;
  everyMs: number;
}

/** A CLI process: alive while a process with this pid and start runs on this host. */
export interface ProcessOwner {
  kind: 'process';
  host: string;
  pid: number;
  /** Something that changes when the pid is reused (Linux: boot id and start ticks); absent where none can be read. */
  started?: string;
}

export type SessionOwner = WindowOwner | ProcessOwner;

export interface OpenSessionRecord {
  id: string;
  /** The Picker API it belongs to (a leftover is deleted only with that API's client). */
  api: string;
  /** When Google drops it anyway (ms since the epoch); a record past it is forgotten. */
  expiresAt: number;
  /** Absent in records of versions before owners were recorded; a shape this version does not know is kept as is. */
  owner?: unknown;
}

/** A window's heartbeat may be this many intervals late before the window counts as gone (a busy or sleeping host). */
export const MISSED_HEARTBEATS = 3;

/** How this run names itself in its records, and how it judges the owner of another's. */
export interface SessionOwnership {
  /** The owner written into a record now (a window's carries the current heartbeat time). */
  current(): SessionOwner;
  /** Whether `owner` is this very window or process. */
  isSelf(owner: SessionOwner): boolean;
  /** Whether another owner is gone for good, so that its sessions are leftovers. */
  isGone(owner: SessionOwner): Promise<boolean>;
  /** While an import runs, calls `beat` to refresh its record; returns what stops it. None: records do not age. */
  keepAlive?(beat: () => void): () => void;
}

/** The record's fields, checked; anything else (a malformed entry) is undefined. */
export function parseRecord(value: unknown): OpenSessionRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<OpenSessionRecord>;
  if (typeof r.id !== 'string' || r.id === '' || typeof r.api !== 'string' || !Number.isFinite(r.expiresAt)) return undefined;
  return r as OpenSessionRecord;
}

/** An owner this version can judge; undefined for none (an older version's record) or an unknown shape. */
export function parseOwner(value: unknown): SessionOwner | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Partial<WindowOwner> & Partial<ProcessOwner> & { kind?: unknown };
  if (o.kind === 'window') {
    const valid = typeof o.window === 'string' && Number.isFinite(o.heartbeatAt) && Number.isFinite(o.everyMs) && o.everyMs! > 0;
    return valid ? { kind: 'window', window: o.window!, heartbeatAt: o.heartbeatAt!, everyMs: o.everyMs! } : undefined;
  }
  if (o.kind === 'process') {
    // A pid of 0 or below would name a process group to kill(): never judged.
    const valid =
      typeof o.host === 'string' && Number.isSafeInteger(o.pid) && o.pid! > 0 && (o.started === undefined || typeof o.started === 'string');
    return valid ? { kind: 'process', host: o.host!, pid: o.pid!, ...(o.started === undefined ? {} : { started: o.started }) } : undefined;
  }
  return undefined;
}

/** A window is gone once its heartbeat is more than MISSED_HEARTBEATS intervals old (by the judge's clock). */
export function isWindowGone(owner: WindowOwner, now: number): boolean {
  return now - owner.heartbeatAt > MISSED_HEARTBEATS * owner.everyMs;
}

/** What the judging host sees of the recorded pid. */
export interface ProcessSeen {
  /** A process with this pid exists and is not a zombie (kill(pid, 0) succeeded or said EPERM). */
  running: boolean;
  /** Its start, in the form `started` is recorded in; undefined when it cannot be read. */
  started?: string;
}

/**
 * A process is gone when, on its own host, no process has its pid, or the one that has it started at another time
 * (the pid was reused). Another host's process cannot be seen: its record waits for its expiry. When either start is
 * unknown, a running pid counts as the owner.
 */
export function isProcessGone(owner: ProcessOwner, host: string, seen: ProcessSeen): boolean {
  if (owner.host !== host) return false;
  if (!seen.running) return true;
  return owner.started !== undefined && seen.started !== undefined && owner.started !== seen.started;
}

/**
 * The state and the start time (clock ticks since boot) from Linux's /proc/<pid>/stat. The command name, in
 * parentheses, may itself hold spaces and parentheses, so the fields are counted from its last `)`.
 */
export function parseProcStat(text: string): { state: string; startTicks: string } | undefined {
  const fields = text
    .slice(text.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
  // After the name: field 3 (state) is fields[0], field 22 (starttime) is fields[19].
  const state = fields[0];
  const startTicks = fields[19];
  if (text.lastIndexOf(')') < 0 || !state || !/^\d+$/.test(startTicks ?? '')) return undefined;
  return { state, startTicks };
}

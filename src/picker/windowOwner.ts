/**
 * The owner of a VS Code window's sessions: a random id per activation, alive while its heartbeat is fresh. Every
 * window shares globalState, and none can see another's process, so each proves it lives by refreshing its record.
 */
import { randomUUID } from 'node:crypto';
import { isWindowGone, type SessionOwnership } from './sessionOwner';

export const HEARTBEAT_MS = 60_000;

/** Calls `beat` every `ms` until the returned function is called. */
export type Repeat = (beat: () => void, ms: number) => () => void;

const repeatWithTimer: Repeat = (beat, ms) => {
  const timer = setInterval(beat, ms);
  timer.unref(); // a heartbeat never keeps a process alive
  return () => clearInterval(timer);
};

export interface WindowOwnershipOptions {
  /** Default: a new random id (one per activation). */
  windowId?: string;
  heartbeatMs?: number;
  now?: () => number;
  repeat?: Repeat;
}

export function windowOwnership(options: WindowOwnershipOptions = {}): SessionOwnership {
  const window = options.windowId ?? randomUUID();
  const everyMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const now = options.now ?? Date.now;
  const repeat = options.repeat ?? repeatWithTimer;
  return {
    current: () => ({ kind: 'window', window, heartbeatAt: now(), everyMs }),
    isSelf: (owner) => owner.kind === 'window' && owner.window === window,
    // A process owner is the CLI's, never in a window's store; it is left to its expiry.
    isGone: async (owner) => owner.kind === 'window' && isWindowGone(owner, now()),
    keepAlive: (beat) => repeat(beat, everyMs),
  };
}

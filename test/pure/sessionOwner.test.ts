import * as assert from 'node:assert/strict';
import {
  isProcessGone,
  isWindowGone,
  type ProcessOwner,
  type ProcessSeen,
  parseOwner,
  parseProcStat,
  type WindowOwner,
} from '../../src/picker/sessionOwner';

describe('who holds an open session: the liveness rules', () => {
  describe('a window is gone once its heartbeat is more than three intervals old', () => {
    const owner: WindowOwner = { kind: 'window', window: 'w1', heartbeatAt: 1_000_000, everyMs: 60_000 };
    const cases: [string, number, boolean][] = [
      ['just beaten', 1_000_000, false],
      ['one interval late', 1_060_000, false],
      ['exactly three intervals old', 1_180_000, false],
      ['a millisecond past three intervals', 1_180_001, true],
      ['an hour old', 4_600_000, true],
      ["ahead of the judge's clock", 900_000, false],
    ];
    for (const [what, now, gone] of cases) {
      it(`${what}: ${gone ? 'gone' : 'alive'}`, () => assert.equal(isWindowGone(owner, now), gone));
    }

    it("the interval is the record's own, not the judge's", () => {
      assert.equal(isWindowGone({ ...owner, everyMs: 10 }, owner.heartbeatAt + 31), true);
      assert.equal(isWindowGone({ ...owner, everyMs: 3_600_000 }, owner.heartbeatAt + 3 * 3_600_000), false);
    });
  });

  describe('a process is gone when its host has no such process', () => {
    const owner: ProcessOwner = { kind: 'process', host: 'laptop', pid: 4242, started: 'boot-a:1234' };
    const cases: [string, ProcessOwner, string, ProcessSeen, boolean][] = [
      ['no process with that pid', owner, 'laptop', { running: false }, true],
      ['the same pid and start', owner, 'laptop', { running: true, started: 'boot-a:1234' }, false],
      ['the pid reused by a later process', owner, 'laptop', { running: true, started: 'boot-a:9999' }, true],
      ['the pid taken again after a reboot', owner, 'laptop', { running: true, started: 'boot-b:1234' }, true],
      ['a running pid whose start cannot be read', owner, 'laptop', { running: true }, false],
      ['a running pid, no start recorded', { ...owner, started: undefined }, 'laptop', { running: true, started: 'boot-a:9999' }, false],
      ['no start recorded and no such pid', { ...owner, started: undefined }, 'laptop', { running: false }, true],
      ["another host's process, even with no such pid here", owner, 'desktop', { running: false }, false],
      ["another host's process with a different start here", owner, 'desktop', { running: true, started: 'boot-z:1' }, false],
    ];
    for (const [what, recorded, host, seen, gone] of cases) {
      it(`${what}: ${gone ? 'gone' : 'alive'}`, () => assert.equal(isProcessGone(recorded, host, seen), gone));
    }
  });

  describe('owners as read from a shared store', () => {
    const cases: [string, unknown, ReturnType<typeof parseOwner>][] = [
      ["none (an earlier version's record)", undefined, undefined],
      [
        'a window',
        { kind: 'window', window: 'w', heartbeatAt: 5, everyMs: 60_000 },
        { kind: 'window', window: 'w', heartbeatAt: 5, everyMs: 60_000 },
      ],
      ['a window with no interval', { kind: 'window', window: 'w', heartbeatAt: 5 }, undefined],
      ['a window with a zero interval', { kind: 'window', window: 'w', heartbeatAt: 5, everyMs: 0 }, undefined],
      ['a process', { kind: 'process', host: 'h', pid: 7, started: 'b:1' }, { kind: 'process', host: 'h', pid: 7, started: 'b:1' }],
      ['a process with no start', { kind: 'process', host: 'h', pid: 7 }, { kind: 'process', host: 'h', pid: 7 }],
      ['pid 0 (a process group to kill())', { kind: 'process', host: 'h', pid: 0 }, undefined],
      ['a negative pid', { kind: 'process', host: 'h', pid: -1 }, undefined],
      ['a pid that is no integer', { kind: 'process', host: 'h', pid: 1.5 }, undefined],
      ['a kind this version does not know', { kind: 'container', id: 'c' }, undefined],
      ['not an object', 'window', undefined],
    ];
    for (const [what, value, owner] of cases) {
      it(`${what}`, () => assert.deepEqual(parseOwner(value), owner));
    }
  });

  describe('the start of a Linux process, from /proc/<pid>/stat', () => {
    const tail = 'S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 987654 19 20';
    const cases: [string, string, ReturnType<typeof parseProcStat>][] = [
      ['a plain name', `123 (node) ${tail}`, { state: 'S', startTicks: '987654' }],
      ['a name with spaces and parentheses', `123 (a) b (c) ${tail}`, { state: 'S', startTicks: '987654' }],
      ['a zombie', `123 (node) Z ${tail.slice(2)}`, { state: 'Z', startTicks: '987654' }],
      ['cut short', '123 (node) S 1 2 3', undefined],
      ['no name', `123 node ${tail}`, undefined],
      ['a start that is no number', `123 (node) ${tail.replace('987654', 'x')}`, undefined],
    ];
    for (const [what, text, parsed] of cases) {
      it(`${what}`, () => assert.deepEqual(parseProcStat(text), parsed));
    }
  });
});

import * as assert from 'node:assert/strict';
import { DisposableBase, Emitter, toDisposable } from '../../src/util/lifecycle';

class Owner extends DisposableBase {
  own(name: string, log: string[]) {
    return this.register(toDisposable(() => log.push(name)));
  }
  get wasDisposed() {
    return this.isDisposed;
  }
}

describe('disposables and events without vscode (util/lifecycle)', () => {
  it('disposes what was registered once, newest first', () => {
    const log: string[] = [];
    const owner = new Owner();
    owner.own('a', log);
    owner.own('b', log);
    assert.equal(owner.wasDisposed, false);
    owner.dispose();
    owner.dispose();
    assert.deepEqual(log, ['b', 'a']);
    assert.equal(owner.wasDisposed, true);
    owner.own('late', log);
    assert.deepEqual(log, ['b', 'a', 'late'], 'registered after dispose: disposed at once');
  });

  it('fires to each listener until it is disposed, and to none after the emitter is', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const first = emitter.event((n) => seen.push(`1:${n}`));
    emitter.event((n) => seen.push(`2:${n}`));
    emitter.fire(1);
    first.dispose();
    emitter.fire(2);
    emitter.dispose();
    emitter.fire(3);
    assert.deepEqual(seen, ['1:1', '2:1', '2:2']);
  });

  it("takes vscode.Event's thisArgs and disposables array, as VS Code passes them", () => {
    const emitter = new Emitter<number>();
    const owner = {
      seen: [] as number[],
      on(n: number) {
        this.seen.push(n);
      },
    };
    const bag: { dispose(): void }[] = [];
    emitter.event(owner.on, owner, bag);
    emitter.fire(7);
    assert.deepEqual(owner.seen, [7]);
    assert.equal(bag.length, 1);
    bag[0].dispose();
    emitter.fire(8);
    assert.deepEqual(owner.seen, [7]);
  });
});

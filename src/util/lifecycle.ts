/**
 * Disposables without vscode (so pure modules and their tests can use them): a base class that disposes whatever was
 * registered with it, in reverse order, once; and a small event emitter whose events have vscode.Event's shape.
 */
export interface Disposable {
  dispose(): void;
}

export abstract class DisposableBase implements Disposable {
  private readonly owned: Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Ties `value` to this object's life; returns it, so creation and registration read as one step. */
  protected register<T extends Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.owned.push(value);
    return value;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.owned.splice(0).reverse()) d.dispose();
  }
}

export function toDisposable(dispose: () => void): Disposable {
  return { dispose };
}

/** vscode.Event's shape: VS Code itself may pass `thisArgs` and an array to put the subscription in. */
export type Event<T> = (listener: (value: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners: ((value: T) => unknown)[] = [];

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : listener.bind(thisArgs);
    this.listeners.push(bound);
    const subscription = toDisposable(() => (this.listeners = this.listeners.filter((l) => l !== bound)));
    disposables?.push(subscription);
    return subscription;
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners = [];
  }
}

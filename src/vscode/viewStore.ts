import { DisposableBase, Emitter } from '../util/lifecycle';
import { type ImportView, reduceView, type ViewEvent } from './importView';

/** Holds the current ImportView; every change goes through the reducer and is announced once. */
export class ViewStore extends DisposableBase {
  private current: ImportView = { kind: 'idle' };
  private readonly changed = this.register(new Emitter<ImportView>());
  /** Fires with each new view (renderers and the extension's tests listen). */
  readonly onDidChangeView = this.changed.event;

  get view(): ImportView {
    return this.current;
  }

  dispatch(event: ViewEvent): void {
    const next = reduceView(this.current, event);
    if (next === this.current) return;
    this.current = next;
    this.changed.fire(next);
  }
}

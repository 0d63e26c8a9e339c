import type * as vscode from 'vscode';
import { DisposableBase, toDisposable } from '../util/lifecycle';
import type { ImportView } from './importView';
import { asLocalizer, renderStatus, type StatusView } from './statusView';
import type { ViewStore } from './viewStore';

type Vs = Pick<typeof vscode, 'window' | 'l10n' | 'ThemeColor' | 'StatusBarAlignment'>;

/** Renders the ImportView into the status-bar item: all state is in the view; this class only applies it. */
export class ImportStatusBar extends DisposableBase {
  private readonly item: vscode.StatusBarItem;
  private ticker: NodeJS.Timeout | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly vs: Vs,
    private readonly store: ViewStore,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.item = this.register(vs.window.createStatusBarItem('googlePhotosImport.session', vs.StatusBarAlignment.Left, 10));
    const { l10n } = vs;
    this.item.name = l10n.t('Google Photos Import');
    this.register(store.onDidChangeView((view) => this.apply(view)));
    this.register(toDisposable(() => this.stopTimers()));
  }

  /** What the item shows now (for the extension's tests, which read the rendered text). */
  get text(): string {
    return this.item.text;
  }

  /** What a click on the item runs now. */
  get command(): vscode.Command | undefined {
    return typeof this.item.command === 'object' ? this.item.command : undefined;
  }

  private render(view: ImportView): StatusView {
    return renderStatus(view, this.now(), asLocalizer(this.vs.l10n));
  }

  private apply(view: ImportView): void {
    this.stopTimers();
    const rendered = this.render(view);
    if (!rendered.visible) {
      this.item.hide();
      return;
    }
    this.item.text = rendered.text;
    this.item.tooltip = rendered.tooltip;
    this.item.command = { title: rendered.tooltip, ...rendered.click };
    this.item.backgroundColor = rendered.error ? new this.vs.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
    if (rendered.ticking) this.ticker = setInterval(() => (this.item.text = this.render(this.store.view).text), 1000);
    // A final state stays a while, then the item hides; the panel keeps showing the result.
    if (rendered.lingerMs !== undefined) this.lingerTimer = setTimeout(() => this.item.hide(), rendered.lingerMs);
  }

  private stopTimers(): void {
    clearInterval(this.ticker);
    clearTimeout(this.lingerTimer);
  }
}

import * as vscode from 'vscode';
import { lingerMs, reduce, render, type StatusEvent, type StatusState, type StatusView } from './statusModel';

export const STATUS_BAR_COMMAND = 'googlePhotosImport.statusBarClicked';

/** The session indicator: state lives in the pure model; this class only applies it to the StatusBarItem. */
export class ImportStatusBar implements vscode.Disposable {
  private state: StatusState = { kind: 'hidden' };
  private readonly item: vscode.StatusBarItem;
  private ticker: NodeJS.Timeout | undefined;
  private dismissTimer: NodeJS.Timeout | undefined;
  /** Every state entered, in order (extension tests read it to check the steps). */
  readonly history: StatusState['kind'][] = [];

  constructor() {
    this.item = vscode.window.createStatusBarItem('googlePhotosImport.session', vscode.StatusBarAlignment.Left, 10);
    this.item.name = vscode.l10n.t('Google Photos Import');
    this.item.command = STATUS_BAR_COMMAND;
  }

  get current(): StatusState {
    return this.state;
  }

  get view(): StatusView {
    return render(this.state, Date.now(), vscode.l10n.t);
  }

  dispatch(event: StatusEvent): void {
    const next = reduce(this.state, event);
    if (next === this.state) return;
    if (next.kind !== this.state.kind) this.history.push(next.kind);
    this.state = next;
    clearTimeout(this.dismissTimer);
    const linger = lingerMs(next);
    if (linger !== undefined) this.dismissTimer = setTimeout(() => this.dispatch({ type: 'dismiss' }), linger);
    this.apply();
  }

  private apply(): void {
    const view = this.view;
    clearInterval(this.ticker);
    if (!view.visible) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
    if (view.ticking) this.ticker = setInterval(() => (this.item.text = this.view.text), 1000);
  }

  dispose(): void {
    clearInterval(this.ticker);
    clearTimeout(this.dismissTimer);
    this.item.dispose();
  }
}

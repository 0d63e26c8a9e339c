/**
 * A small stand-in for the parts of the vscode API that the VS Code layer's classes use, so they run under plain
 * mocha. It records what the extension asked for (messages, commands, clipboard) and answers with scripted buttons.
 */
import { english } from '../../src/vscode/statusView';

export interface FakeListenerCount {
  live: number;
}

function fakeEvent<T>(count: FakeListenerCount) {
  const listeners = new Set<(value: T) => unknown>();
  const event = (listener: (value: T) => unknown) => {
    listeners.add(listener);
    count.live++;
    return { dispose: () => listeners.delete(listener) && count.live-- };
  };
  return { event, fire: (value: T) => [...listeners].forEach((l) => l(value)) };
}

export function fakeVscode() {
  const shown: { level: 'info' | 'warning' | 'error'; message: string; buttons: string[] }[] = [];
  const commands: { id: string; args: unknown[] }[] = [];
  const clipboard: string[] = [];
  const opened: string[] = [];
  const listeners: FakeListenerCount = { live: 0 };
  const panels: ReturnType<typeof fakePanel>[] = [];
  let answer: string | undefined;
  let quickPickAnswer: (items: { label: string }[]) => unknown = () => undefined;
  const statusItems: Record<string, unknown>[] = [];

  const message =
    (level: 'info' | 'warning' | 'error') =>
    (text: string, ...buttons: string[]) => {
      shown.push({ level, message: text, buttons });
      return Promise.resolve(answer !== undefined && buttons.includes(answer) ? answer : undefined);
    };
  const uri = (value: string) => ({ toString: () => value, fsPath: value, path: value });

  function fakePanel() {
    const received = fakeEvent<unknown>(listeners);
    const disposed = fakeEvent<void>(listeners);
    const posted: unknown[] = [];
    const panel = {
      posted,
      html: '',
      webview: {
        cspSource: 'vscode-resource:',
        set html(value: string) {
          panel.html = value;
        },
        asWebviewUri: (u: { toString(): string }) => u,
        postMessage: (m: unknown) => (posted.push(m), Promise.resolve(true)),
        onDidReceiveMessage: received.event,
      },
      iconPath: undefined as unknown,
      reveal: () => undefined,
      onDidDispose: disposed.event,
      /** The user closes the tab. */
      dispose: () => disposed.fire(),
      /** The page sends a message. */
      send: (m: unknown) => received.fire(m),
    };
    return panel;
  }

  const vs = {
    l10n: english,
    env: {
      language: 'en',
      clipboard: { writeText: async (text: string) => void clipboard.push(text) },
      openExternal: async (u: { toString(): string }) => (opened.push(u.toString()), true),
    },
    Uri: {
      parse: (value: string) => uri(value),
      file: (value: string) => uri(value),
      joinPath: (base: { toString(): string }, ...parts: string[]) => uri([base.toString(), ...parts].join('/')),
    },
    ViewColumn: { Beside: -2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    window: {
      showInformationMessage: message('info'),
      showWarningMessage: message('warning'),
      showErrorMessage: message('error'),
      setStatusBarMessage: () => ({ dispose: () => undefined }),
      showQuickPick: async (items: { label: string }[]) => quickPickAnswer(items),
      createStatusBarItem: () => {
        const item: Record<string, unknown> = {
          visible: false,
          text: '',
          show: () => (item.visible = true),
          hide: () => (item.visible = false),
          dispose: () => (item.disposed = true),
        };
        statusItems.push(item);
        return item;
      },
      createWebviewPanel: () => {
        const panel = fakePanel();
        panels.push(panel);
        return panel;
      },
    },
    commands: {
      executeCommand: async (id: string, ...args: unknown[]) => void commands.push({ id, args }),
    },
  };
  return {
    vs,
    shown,
    commands,
    clipboard,
    opened,
    listeners,
    panels,
    statusItems,
    /** The button the user presses on the next message. */
    pressNext: (button: string | undefined) => (answer = button),
    pickNext: (choose: (items: { label: string }[]) => unknown) => (quickPickAnswer = choose),
  };
}

/** A log channel that keeps its lines. */
export function fakeLog() {
  const lines: string[] = [];
  const add = (level: string) => (text: string) => void lines.push(`${level}: ${text}`);
  return { lines, info: add('info'), warn: add('warn'), error: add('error'), debug: add('debug') };
}

// The classes take `Pick<typeof vscode, ...>`; the fake has the same shapes for what they use.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const asVs = (fake: object): any => fake;

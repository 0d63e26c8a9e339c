/**
 * The panel's script, bundled by esbuild into dist/webview/importPanel.js: renders the ImportView the extension posts
 * and sends the user's clicks back. It shares its message types with the extension (../vscode/panelMessages).
 */
import { clock } from '../util/clock';
import { type ImportView, linkOf } from '../vscode/importView';
import type { FromPanel, PanelStrings, PanelThumbnail, ToPanel } from '../vscode/panelMessages';

interface WebviewApi {
  postMessage(message: FromPanel): void;
  getState(): PanelMemory | undefined;
  setState(state: PanelMemory): void;
}
interface PanelMemory {
  seq: number;
  view?: ImportView;
  thumbnails?: PanelThumbnail[];
  qr?: { link: string; dataUri: string };
}
declare function acquireVsCodeApi(): WebviewApi;

const vscode = acquireVsCodeApi();
const strings = JSON.parse(document.getElementById('strings')?.textContent || '{}') as PanelStrings;
const memory: PanelMemory = vscode.getState() ?? { seq: -1 };
let timer: ReturnType<typeof setInterval> | undefined;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const format = (key: keyof PanelStrings, ...args: (string | number | undefined)[]) =>
  (strings[key] || key).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
const send = (message: FromPanel) => vscode.postMessage(message);
const onClick = (id: string, message: FromPanel) =>
  $(id).addEventListener('click', (e) => {
    e.preventDefault();
    send(message);
  });

onClick('open', { type: 'openInBrowser' });
onClick('link', { type: 'openInBrowser' });
onClick('signin-open', { type: 'openInBrowser' });
onClick('signin-link', { type: 'openInBrowser' });
onClick('copy', { type: 'copyLink' });
onClick('copy-code', { type: 'copyCode' });
onClick('cancel', { type: 'cancel' });
onClick('retry', { type: 'retry' });
onClick('reveal', { type: 'reveal' });
onClick('insert-all', { type: 'insert' });
onClick('copy-links', { type: 'copyLinks' });

window.addEventListener('message', (event: MessageEvent<ToPanel>) => {
  const message = event.data;
  if (message?.type === 'view' && message.seq > memory.seq) {
    memory.seq = message.seq;
    memory.view = message.view;
    memory.thumbnails = message.thumbnails;
    render();
  } else if (message?.type === 'qr') {
    memory.qr = { link: message.link, dataUri: message.dataUri };
    showQr();
  }
  vscode.setState(memory);
});

/** The QR image, only while the view still names its link (a late drawing never lands on a newer view). */
function showQr(): void {
  const link = memory.view && linkOf(memory.view);
  const src = link && memory.qr?.link === link ? memory.qr.dataUri : '';
  $<HTMLImageElement>('qr').src = memory.view?.kind === 'waiting' ? src : '';
  $<HTMLImageElement>('signin-qr').src = memory.view?.kind === 'signing-in' ? src : '';
}

/** Counts down to the deadline in the element, every second, until the next render. */
function countdown(id: string, key: keyof PanelStrings, deadline: number | undefined): void {
  const tick = () => ($(id).textContent = deadline ? format(key, clock(deadline - Date.now())) : '');
  tick();
  timer = setInterval(tick, 1000);
}

function listItem(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

function button(label: string, message: FromPanel, secondary = true): HTMLButtonElement {
  const b = document.createElement('button');
  b.textContent = label;
  if (secondary) b.className = 'secondary';
  b.addEventListener('click', () => send(message));
  return b;
}

/** One imported file in the result grid: its picture (a video's icon), its name, Insert and Reveal. */
function tile(name: string, path: string, src: string | undefined): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'tile';
  const picture = document.createElement('div');
  picture.className = 'thumb';
  if (src) {
    const img = document.createElement('img');
    img.src = src;
    img.alt = name;
    picture.append(img);
  } else {
    picture.textContent = `▶ ${format('video')}`;
  }
  const caption = document.createElement('p');
  caption.className = 'name';
  caption.textContent = name;
  caption.title = name;
  const actions = document.createElement('div');
  actions.className = 'tile-buttons';
  actions.append(button(format('insert'), { type: 'insert', path }, false), button(format('reveal'), { type: 'reveal', path }));
  li.append(picture, caption, actions);
  return li;
}

function render(): void {
  clearInterval(timer);
  const view = memory.view;
  if (!view) return;
  document.body.dataset.phase = view.kind;
  $('signin').hidden = !(view.kind === 'signing-in' && view.deviceCode);
  $('waiting').hidden = view.kind !== 'waiting';
  $('progress').hidden = view.kind !== 'downloading';
  $('result').hidden = view.kind !== 'done';
  $('failure').hidden = view.kind !== 'failed';
  const status = $('status');
  showQr();
  switch (view.kind) {
    case 'idle':
    case 'starting':
      status.textContent = format('starting');
      break;
    case 'signing-in':
      status.textContent = format('signIn');
      $('user-code').textContent = view.deviceCode?.userCode ?? '';
      $('signin-link').textContent = view.deviceCode?.verificationUrl ?? '';
      countdown('signin-countdown', 'codeLeft', view.deviceCode?.expiresAt);
      break;
    case 'signed-in':
      status.textContent = format('signedIn');
      break;
    case 'waiting':
      status.textContent = format('waiting');
      $('link').textContent = view.pickerUri;
      countdown('countdown', 'leftToPick', view.deadline);
      break;
    case 'downloading': {
      if (view.pausedUntil !== undefined && view.pausedUntil > Date.now()) countdown('status', 'quotaWait', view.pausedUntil);
      else
        status.textContent = view.more
          ? format('downloadingListing', view.done, view.total)
          : view.total
            ? format('downloading', view.done, view.total)
            : format('picked', view.total);
      const bar = $<HTMLProgressElement>('bar');
      bar.max = Math.max(1, view.total);
      // While the pick is still being listed its total grows: a bar without a value moves without going backwards.
      if (view.more) bar.removeAttribute('value');
      else bar.value = view.done;
      break;
    }
    case 'done': {
      const count = view.files.length;
      status.textContent = count === 1 ? format('importedOne', view.folderLabel) : format('importedMany', count, view.folderLabel);
      $('files').replaceChildren(...view.files.map((f) => tile(f.name, f.path, memory.thumbnails?.find((t) => t.path === f.path)?.src)));
      $('problems').replaceChildren(...view.problems.map(listItem));
      break;
    }
    case 'failed':
      status.textContent = format('failed');
      $('error').textContent = view.message;
      break;
    case 'cancelled':
      status.textContent = view.message || format('cancelled');
      break;
  }
}

render();
send({ type: 'ready' });

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { qrcodeLibrary } from '../lazyModules';
import { type FromPanel, type PanelState, parseFromPanel, type ToPanel } from './panelState';

/**
 * The webview that shows the pickerUri as a QR code and a link, and the import's live state. Closing it does not
 * cancel the import; `show` brings it back with the current state.
 */
export class PickerPanel implements vscode.Disposable {
  static readonly viewType = 'googlePhotosImport.picker';
  private panel: vscode.WebviewPanel | undefined;
  private state: PanelState | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly onMessage: (message: FromPanel) => void) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get currentState(): PanelState | undefined {
    return this.state;
  }

  /** Opens (or reveals) the panel beside the editor without taking focus from it. */
  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(PickerPanel.viewType, 'Google Photos', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(media, 'icon.svg');
    panel.title = vscode.l10n.t('Google Photos');
    panel.webview.html = this.html(panel.webview, media);
    panel.webview.onDidReceiveMessage((raw) => {
      const message = parseFromPanel(raw);
      if (!message) return;
      if (message.type === 'ready') this.post();
      else this.onMessage(message);
    }, undefined, this.disposables);
    panel.onDidDispose(() => (this.panel = undefined), undefined, this.disposables);
    this.panel = panel;
  }

  update(state: PanelState): void {
    this.state = state;
    this.post();
  }

  private post(): void {
    if (this.panel && this.state) void this.panel.webview.postMessage({ type: 'state', state: this.state } satisfies ToPanel);
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'picker.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'picker.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    const t = vscode.l10n.t;
    const e = escapeHtml;
    // Strings the script shows; JSON in a non-executed script block, so the CSP stays nonce-only.
    const strings = {
      starting: t('Starting a picker session...'),
      waiting: t('Waiting for your selection'),
      leftToPick: t('{0} left to pick'),
      downloading: t('Downloading {0} of {1}'),
      picked: t('{0} picked'),
      importedOne: t('Imported 1 file to {0}'),
      importedMany: t('Imported {0} files to {1}'),
      reveal: t('Reveal {0}'),
      failed: t('The import did not finish'),
      cancelled: t('The import was cancelled.'),
      signIn: t('Sign in to Google'),
      signedIn: t('Signed in to Google Photos.'),
      codeLeft: t('The code works for {0} more'),
    };
    return `<!DOCTYPE html>
<html lang="${e(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${style}" rel="stylesheet">
<title>${e(t('Google Photos'))}</title>
</head>
<body>
<main id="app" aria-live="polite">
  <h1 id="title">${e(t('Import from Google Photos'))}</h1>
  <p id="status" class="status">${e(strings.starting)}</p>
  <section id="signin" hidden>
    <p>${e(t('On any device, open the page below (or scan the QR code) and enter this code:'))}</p>
    <p class="user-code" id="user-code"></p>
    <div class="qr-frame"><img id="signin-qr" alt="${e(t('QR code of the Google sign-in page'))}"></div>
    <p class="link"><a id="signin-link" href="#"></a></p>
    <div class="buttons">
      <button id="signin-open">${e(t('Open in Browser'))}</button>
      <button id="copy-code" class="secondary">${e(t('Copy Code'))}</button>
    </div>
    <p id="signin-countdown" class="muted"></p>
  </section>
  <section id="waiting" hidden>
    <p>${e(t('Scan with your phone, or open the link in a browser. Pick photos, then press Done.'))}</p>
    <div class="qr-frame"><img id="qr" alt="${e(t('QR code of the Google Photos picker link'))}"></div>
    <p class="link"><a id="link" href="#"></a></p>
    <div class="buttons">
      <button id="open">${e(t('Open in Browser'))}</button>
      <button id="copy" class="secondary">${e(t('Copy Link'))}</button>
      <button id="cancel" class="secondary">${e(t('Cancel Import'))}</button>
    </div>
    <p id="countdown" class="muted"></p>
  </section>
  <section id="progress" hidden><progress id="bar" max="1" value="0"></progress></section>
  <section id="result" hidden>
    <ul id="files"></ul>
    <ul id="problems" class="problems"></ul>
    <div class="buttons"><button id="reveal">${e(t('Reveal in Explorer'))}</button></div>
  </section>
  <section id="failure" hidden>
    <p id="error" class="error"></p>
    <div class="buttons"><button id="retry">${e(t('Retry'))}</button></div>
  </section>
</main>
<script type="application/json" id="strings">${JSON.stringify(strings).replace(/</g, '\\u003c')}</script>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** The QR code as an SVG data URI: black on white with a quiet zone, so phones read it in dark themes too. */
export async function qrDataUri(text: string): Promise<string> {
  const svg = await qrcodeLibrary().toString(text, { type: 'svg', margin: 4, errorCorrectionLevel: 'M', color: { dark: '#000000ff', light: '#ffffffff' } });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

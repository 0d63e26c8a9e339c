import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import { qrcodeLibrary } from '../vendor/libraries';
import { DisposableBase, Emitter, toDisposable } from '../util/lifecycle';
import { type ImportView, linkOf } from './importView';
import { panelHtml } from './panelHtml';
import { type FromPanel, type PanelThumbnail, parseFromPanel, type ToPanel } from './panelMessages';
import type { ViewStore } from './viewStore';

type Vs = Pick<typeof vscode, 'window' | 'l10n' | 'env' | 'Uri' | 'ViewColumn'>;

/**
 * The webview that renders the ImportView: the picker link as a QR code and a link, progress, and the result.
 * Closing it does not cancel the import; `show` brings it back with the current view.
 */
export class ImportPanel extends DisposableBase {
  static readonly viewType = 'googlePhotosImport.importPanel';
  private panel: vscode.WebviewPanel | undefined;
  private seq = 0;
  private readonly qrImages = new Map<string, Promise<string>>();
  private readonly messages = this.register(new Emitter<FromPanel>());
  /** The user's clicks, already checked against the known shapes. */
  readonly onDidReceiveMessage = this.messages.event;

  constructor(
    private readonly vs: Vs,
    private readonly extensionUri: vscode.Uri,
    private readonly store: ViewStore,
  ) {
    super();
    this.register(store.onDidChangeView((view) => this.post(view)));
    this.register(toDisposable(() => this.panel?.dispose()));
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens (or reveals) the panel beside the editor without taking focus from it. */
  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const { vs } = this;
    const { l10n } = vs;
    const roots = this.resourceRoots();
    const panel = vs.window.createWebviewPanel(
      ImportPanel.viewType,
      l10n.t('Google Photos'),
      { viewColumn: vs.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: [...roots, ...this.importFolder(this.store.view)],
        retainContextWhenHidden: false,
      },
    );
    panel.iconPath = vs.Uri.joinPath(roots[0], 'icon.svg');
    const nonce = randomBytes(16).toString('base64');
    panel.webview.html = panelHtml(vs, {
      nonce,
      cspSource: panel.webview.cspSource,
      script: panel.webview.asWebviewUri(vs.Uri.joinPath(roots[1], 'importPanel.js')).toString(),
      style: panel.webview.asWebviewUri(vs.Uri.joinPath(roots[0], 'importPanel.css')).toString(),
    });
    // These listeners live as long as this one panel: disposed with it, not kept for the extension's life.
    const listeners = [
      panel.webview.onDidReceiveMessage((raw) => {
        const message = parseFromPanel(raw);
        if (message?.type === 'ready') this.post(this.store.view);
        else if (message) this.messages.fire(message);
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        for (const l of listeners) l.dispose();
      }),
    ];
    this.panel = panel;
  }

  /** The QR code of a link as an SVG data URI, drawn once per link. */
  qrImage(link: string): Promise<string> {
    let image = this.qrImages.get(link);
    if (!image) {
      image = qrDataUri(link);
      this.qrImages.clear(); // only the current link's image is worth keeping
      this.qrImages.set(link, image);
    }
    return image;
  }

  /** The extension's own media and the webview script: all the panel may load, besides an import's folder. */
  private resourceRoots(): vscode.Uri[] {
    return [this.vs.Uri.joinPath(this.extensionUri, 'media'), this.vs.Uri.joinPath(this.extensionUri, 'dist', 'webview')];
  }

  /** After an import, its destination folder, so the result grid can show the files themselves (and nothing else). */
  private importFolder(view: ImportView): vscode.Uri[] {
    return view.kind === 'done' ? [this.vs.Uri.file(view.folderPath)] : [];
  }

  /** Posts the view at once, then its QR image when drawn: the view never waits for the image. */
  private post(view: ImportView): void {
    if (!this.panel) return;
    const webview = this.panel.webview;
    let thumbnails: PanelThumbnail[] | undefined;
    if (view.kind === 'done') {
      webview.options = { enableScripts: true, localResourceRoots: [...this.resourceRoots(), ...this.importFolder(view)] };
      thumbnails = view.files.map((f) => ({
        path: f.path,
        src: f.kind === 'photo' ? webview.asWebviewUri(this.vs.Uri.file(f.path)).toString() : undefined,
      }));
    }
    void webview.postMessage({ type: 'view', seq: ++this.seq, view, thumbnails } satisfies ToPanel);
    const link = linkOf(view);
    if (link) {
      this.qrImage(link).then(
        (dataUri) => void this.panel?.webview.postMessage({ type: 'qr', link, dataUri } satisfies ToPanel),
        () => undefined, // no image: the link and its buttons are still there
      );
    }
  }
}

/** The QR code as an SVG data URI: black on white with a quiet zone, so phones read it in dark themes too. */
async function qrDataUri(text: string): Promise<string> {
  const svg = await qrcodeLibrary().toString(text, {
    type: 'svg',
    margin: 4,
    errorCorrectionLevel: 'M',
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

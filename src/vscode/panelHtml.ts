import type * as vscode from 'vscode';
import type { PanelStrings } from './panelMessages';

type Vs = Pick<typeof vscode, 'l10n' | 'env'>;

export interface PanelResources {
  nonce: string;
  cspSource: string;
  script: string;
  style: string;
}

/** The panel's page: a strict CSP (scripts by nonce only), translated strings as inert JSON, and empty sections. */
export function panelHtml(vs: Vs, r: PanelResources): string {
  const t = vs.l10n.t;
  const e = escapeHtml;
  const csp = ["default-src 'none'", `img-src ${r.cspSource} data:`, `style-src ${r.cspSource}`, `script-src 'nonce-${r.nonce}'`].join('; ');
  const strings: PanelStrings = {
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
<html lang="${e(vs.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${e(r.style)}" rel="stylesheet">
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
<script nonce="${r.nonce}" src="${e(r.script)}"></script>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

import type * as vscode from 'vscode';
import { escapeHtml } from '../util/html';
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
  const { l10n } = vs;
  const e = escapeHtml;
  const csp = ["default-src 'none'", `img-src ${r.cspSource} data:`, `style-src ${r.cspSource}`, `script-src 'nonce-${r.nonce}'`].join(
    '; ',
  );
  const strings: PanelStrings = {
    starting: l10n.t('Starting a picker session...'),
    waiting: l10n.t('Waiting for your selection'),
    leftToPick: l10n.t('{0} left to pick'),
    downloading: l10n.t('Downloading {0} of {1}'),
    downloadingListing: l10n.t('Downloading {0} of at least {1}'),
    quotaWait: l10n.t('Google asked to wait (download quota): going on in {0}'),
    picked: l10n.t('{0} picked'),
    importedOne: l10n.t('Imported 1 file to {0}'),
    importedMany: l10n.t('Imported {0} files to {1}'),
    reveal: l10n.t('Reveal'),
    insert: l10n.t('Insert'),
    video: l10n.t('Video'),
    failed: l10n.t('The import did not finish'),
    cancelled: l10n.t('The import was cancelled.'),
    signIn: l10n.t('Sign in to Google'),
    signedIn: l10n.t('Signed in to Google Photos.'),
    codeLeft: l10n.t('The code works for {0} more'),
  };
  return `<!DOCTYPE html>
<html lang="${e(vs.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${e(r.style)}" rel="stylesheet">
<title>${e(l10n.t('Google Photos'))}</title>
</head>
<body>
<main id="app" aria-live="polite">
  <h1 id="title">${e(l10n.t('Import from Google Photos'))}</h1>
  <p id="status" class="status">${e(strings.starting)}</p>
  <section id="signin" hidden>
    <p>${e(l10n.t('On any device, open the page below (or scan the QR code) and enter this code:'))}</p>
    <p class="user-code" id="user-code"></p>
    <div class="qr-frame"><img id="signin-qr" alt="${e(l10n.t('QR code of the Google sign-in page'))}"></div>
    <p class="link"><a id="signin-link" href="#"></a></p>
    <div class="buttons">
      <button id="signin-open">${e(l10n.t('Open in Browser'))}</button>
      <button id="copy-code" class="secondary">${e(l10n.t('Copy Code'))}</button>
    </div>
    <p id="signin-countdown" class="muted"></p>
  </section>
  <section id="waiting" hidden>
    <p>${e(l10n.t('Scan with your phone, or open the link in a browser. Pick photos, then press Done.'))}</p>
    <p id="albums-hint" class="muted">${e(l10n.t('Looking for an album? Search for its name in the picker: albums are not listed there on their own.'))}</p>
    <div class="qr-frame"><img id="qr" alt="${e(l10n.t('QR code of the Google Photos picker link'))}"></div>
    <p class="link"><a id="link" href="#"></a></p>
    <div class="buttons">
      <button id="open">${e(l10n.t('Open in Browser'))}</button>
      <button id="copy" class="secondary">${e(l10n.t('Copy Link'))}</button>
      <button id="cancel" class="secondary">${e(l10n.t('Cancel Import'))}</button>
    </div>
    <p id="countdown" class="muted"></p>
  </section>
  <section id="progress" hidden><progress id="bar" max="1" value="0"></progress></section>
  <section id="result" hidden>
    <div class="buttons">
      <button id="insert-all">${e(l10n.t('Insert All'))}</button>
      <button id="copy-links" class="secondary">${e(l10n.t('Copy Links'))}</button>
      <button id="reveal" class="secondary">${e(l10n.t('Reveal in Explorer'))}</button>
    </div>
    <ul id="files" class="grid"></ul>
    <ul id="problems" class="problems"></ul>
  </section>
  <section id="failure" hidden>
    <p id="error" class="error"></p>
    <div class="buttons"><button id="retry">${e(l10n.t('Retry'))}</button></div>
  </section>
</main>
<script type="application/json" id="strings">${JSON.stringify(strings).replace(/</g, '\\u003c')}</script>
<script nonce="${r.nonce}" src="${e(r.script)}"></script>
</body>
</html>`;
}

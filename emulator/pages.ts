/** The emulator's HTML: Google's consent page and the Google Photos picker, reduced to what a person needs to click. */
import { escapeHtml } from '../src/util/html';
import type { SampleItem } from './sampleMedia';

const STYLE = `<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f8f9fa;color:#202124}
header{background:#fff;border-bottom:1px solid #dadce0;padding:12px 20px;display:flex;align-items:center;gap:12px}
main{padding:20px;max-width:980px;margin:auto}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}
label.tile{display:block;background:#fff;border:2px solid #dadce0;border-radius:8px;padding:6px;cursor:pointer;font-size:12px;word-break:break-all}
label.tile:has(input:checked){border-color:#1a73e8;background:#e8f0fe}
label.tile img{width:100%;height:110px;object-fit:cover;border-radius:4px;display:block;margin-bottom:4px}
button{background:#1a73e8;color:#fff;border:0;border-radius:4px;padding:10px 24px;font-size:15px;cursor:pointer}
button.secondary{background:#fff;color:#1a73e8;border:1px solid #dadce0}
.bar{position:sticky;bottom:0;background:#fff;border-top:1px solid #dadce0;padding:12px 20px;display:flex;gap:12px;align-items:center;justify-content:flex-end}
.card{background:#fff;border:1px solid #dadce0;border-radius:8px;padding:24px;max-width:480px;margin:60px auto}
</style>`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>${STYLE}</head><body>${body}</body></html>`;
}

/** Links are relative to the page, so the pages also work behind a path proxy (code-server's /proxy/PORT/). */
export function consentPage(params: URLSearchParams, clientName: string): string {
  const hidden = [...params].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  return page(
    'Sign in - Google Accounts (emulator)',
    `<div class="card">
<h2>Google Photos Import wants to access your Google Account</h2>
<p><b>${escapeHtml(clientName)}</b> asks to:</p>
<ul><li>View the photos and videos you select in Google Photos</li></ul>
<p style="color:#5f6368;font-size:13px">This is the project's emulator of Google's consent page, signed in as <i>emulated-user@example.com</i>.</p>
<form method="post" action="auth/decide">${hidden}
<button class="secondary" name="decision" value="deny" id="deny">Cancel</button>
<button name="decision" value="allow" id="allow">Allow</button>
</form></div>`,
  );
}

export function errorPage(title: string, text: string): string {
  return page(title, `<div class="card"><h2>${escapeHtml(title)}</h2><p>${escapeHtml(text)}</p></div>`);
}

export function pickerPage(sessionId: string, items: SampleItem[], maxItemCount: number, autoclose: boolean): string {
  // The page is at /picker/ID or /picker/ID/autoclose; these paths lead back to /thumb/ and /picker/ID/done.
  const root = autoclose ? '../../' : '../';
  const done = autoclose ? 'done?autoclose=1' : `${encodeURIComponent(sessionId)}/done`;
  const tiles = items
    .map(
      (item) => `<label class="tile" data-item-id="${escapeHtml(item.id)}">
<img src="${root}thumb/${encodeURIComponent(item.id)}" alt="${escapeHtml(item.filename)}">
<input type="checkbox" name="itemId" value="${escapeHtml(item.id)}"> ${escapeHtml(item.filename || '(no name)')}${item.type === 'VIDEO' ? ' ▶' : ''}
</label>`,
    )
    .join('\n');
  return page(
    'Google Photos - Select (emulator)',
    `<header><b>Google Photos</b><span style="color:#5f6368">Select up to ${maxItemCount} items (emulator)</span></header>
<form method="post" action="${done}">
<main><div class="grid">${tiles}</div></main>
<div class="bar"><span id="count">0 selected</span><button id="done" type="submit">Done</button></div>
</form>
<script>
const boxes=[...document.querySelectorAll('input[name=itemId]')];
const count=document.getElementById('count');
boxes.forEach(b=>b.addEventListener('change',()=>{const n=boxes.filter(x=>x.checked).length;
if(n>${maxItemCount}){b.checked=false;return;}count.textContent=n+' selected';}));
</script>`,
  );
}

export function pickedPage(count: number, autoclose: boolean): string {
  return page(
    'Google Photos - Done (emulator)',
    `<div class="card"><h2>Done</h2><p id="picked">${count} item(s) selected. You can go back to your editor.</p></div>${autoclose ? '<script>window.close()</script>' : ''}`,
  );
}

/** Google's "enter the code shown on your device" page (www.google.com/device), reduced. */
export function devicePage(): string {
  return page(
    'Connect a device - Google Accounts (emulator)',
    `<div class="card">
<h2>Enter the code displayed on your device</h2>
<form method="post" action="device/approve">
<input name="user_code" id="user_code" autocomplete="off" style="font-size:20px;padding:8px;width:12em;text-transform:uppercase">
<p>Import from Google Photos wants to view the photos and videos you select in Google Photos.</p>
<button class="secondary" name="decision" value="deny" id="deny">Cancel</button>
<button name="decision" value="allow" id="allow">Allow</button>
</form></div>`,
  );
}

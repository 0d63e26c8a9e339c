import * as assert from 'node:assert/strict';
import type { ToPanel } from '../../src/vscode/panelMessages';
import { ImportPanel } from '../../src/vscode/importPanel';
import { ViewStore } from '../../src/vscode/viewStore';
import { asVs, fakeVscode } from './fakeVscode';

describe('ImportPanel (renders the view into the webview)', () => {
  it('keeps no listener of a closed panel, however often it is reopened', () => {
    const fake = fakeVscode();
    const panel = new ImportPanel(asVs(fake.vs), asVs(fake.vs.Uri.file('/ext')), new ViewStore());
    for (let i = 0; i < 5; i++) {
      panel.show();
      assert.equal(fake.listeners.live, 2, 'one message and one dispose listener while open');
      fake.panels[i].dispose();
      assert.equal(fake.listeners.live, 0, 'none once closed');
    }
    panel.dispose();
  });

  it('posts each view at once, in order, and the QR image after it, for that link only', async () => {
    const fake = fakeVscode();
    const store = new ViewStore();
    const panel = new ImportPanel(asVs(fake.vs), asVs(fake.vs.Uri.file('/ext')), store);
    panel.show();
    store.dispatch({ type: 'starting' });
    store.dispatch({ type: 'session-created', sessionId: 's', pickerUri: 'https://photos.google.com/picker/s' });
    store.dispatch({ type: 'waiting', polls: 1, deadline: 5 });
    store.dispatch({ type: 'cancelled', message: 'stopped' });
    const posted = () => fake.panels[0].posted as ToPanel[];
    // The views went out synchronously, before any QR drawing finished: the countdown does not wait for it.
    assert.deepEqual(
      posted().map((m) => (m.type === 'view' ? `${m.seq}:${m.view.kind}` : m.type)),
      ['1:starting', '2:waiting', '3:waiting', '4:cancelled'],
    );
    await panel.qrImage('https://photos.google.com/picker/s');
    await new Promise((r) => setImmediate(r));
    const qr = posted().filter((m) => m.type === 'qr');
    assert.ok(
      qr.length >= 1 &&
        qr.every(
          (m) => m.type === 'qr' && m.link === 'https://photos.google.com/picker/s' && m.dataUri.startsWith('data:image/svg+xml;base64,'),
        ),
    );
    assert.match(
      fake.panels[0].html,
      /Content-Security-Policy" content="default-src 'none'; img-src vscode-resource: data:; style-src vscode-resource:; script-src 'nonce-/,
    );
    assert.match(
      fake.panels[0].html,
      /<section id="waiting"[^]*id="albums-hint"[^>]*>Looking for an album\? Search for its name in the picker/,
      'the picker has no album list: the QR panel says to search',
    );
    panel.dispose();
  });

  it('a link too long to draw as a QR code leaves the view and the link in place, with no unhandled rejection', async () => {
    const fake = fakeVscode();
    const store = new ViewStore();
    const panel = new ImportPanel(asVs(fake.vs), asVs(fake.vs.Uri.file('/ext')), store);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      panel.show();
      store.dispatch({ type: 'starting' });
      const huge = `https://photos.google.com/picker/${'x'.repeat(5000)}`; // beyond any QR code's capacity
      store.dispatch({ type: 'session-created', sessionId: 's', pickerUri: huge });
      await assert.rejects(panel.qrImage(huge));
      await new Promise((r) => setTimeout(r, 20));
      const posted = fake.panels[0].posted as ToPanel[];
      assert.deepEqual(
        posted.map((m) => (m.type === 'view' ? m.view.kind : m.type)),
        ['starting', 'waiting'],
        'the waiting view (with its link) went out; no image',
      );
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      panel.dispose();
    }
  });
});

import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { mediaCertificatesFromSettings, type CertificateStores } from '../../src/vscode/systemCertificates';

describe("the media downloads' certificate authorities from VS Code's settings (systemCertificates.ts)", () => {
  const vsWith = (values: Record<string, unknown>) =>
    ({ workspace: { getConfiguration: () => ({ get: (key: string) => values[key] }) } }) as unknown as Pick<typeof vscode, 'workspace'>;
  const stores = (system: string[], defaults = ['node-root', 'extra-ca']): CertificateStores => ({
    getCACertificates: (store) => (store === 'system' ? system : defaults),
  });

  it("trusts the system's authorities beside Node's own when http.systemCertificates is on (VS Code's default), each once", () => {
    assert.deepEqual(mediaCertificatesFromSettings(vsWith({}), stores(['corp-ca', 'node-root'])), ['node-root', 'extra-ca', 'corp-ca']);
    assert.deepEqual(mediaCertificatesFromSettings(vsWith({ systemCertificates: true }), stores(['corp-ca'])), [
      'node-root',
      'extra-ca',
      'corp-ca',
    ]);
  });

  it("gives none when the setting is off, VS Code adds its own (V2), the system has none, or this Node cannot read the system's", () => {
    assert.equal(mediaCertificatesFromSettings(vsWith({ systemCertificates: false }), stores(['corp-ca'])), undefined);
    // VS Code's own list, added to each connection made without one, under its experimental V2 loading.
    assert.equal(mediaCertificatesFromSettings(vsWith({ 'experimental.systemCertificatesV2': true }), stores(['corp-ca'])), undefined);
    assert.equal(mediaCertificatesFromSettings(vsWith({}), stores([])), undefined);
    assert.equal(mediaCertificatesFromSettings(vsWith({}), {}), undefined);
    const failing: CertificateStores = {
      getCACertificates: () => {
        throw new Error('no store');
      },
    };
    assert.equal(mediaCertificatesFromSettings(vsWith({}), failing), undefined);
  });
});

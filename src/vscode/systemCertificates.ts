/**
 * The certificate authorities the media downloads trust inside VS Code. VS Code adds the system's trusted ones (a
 * company's, for a proxy or security software that intercepts HTTPS) to its own requests when http.systemCertificates
 * is on; the downloads run on the extension's own connections, so they are given the same list here, read with
 * Node's tls.getCACertificates (Node 22.15 and later; on an older Node, Node's own list stays).
 */
import * as tls from 'node:tls';
import type * as vscode from 'vscode';

type Vs = Pick<typeof vscode, 'workspace'>;

/** The part of node:tls read here (absent before Node 22.15, so optional). */
export interface CertificateStores {
  getCACertificates?: (store: 'default' | 'system') => readonly string[];
}

/** Node's own authorities and the system's, each once; undefined: Node's own alone. */
export function mediaCertificatesFromSettings(vs: Vs, stores: CertificateStores = tls as CertificateStores): string[] | undefined {
  const http = vs.workspace.getConfiguration('http');
  if (http.get<boolean>('systemCertificates') === false) return undefined;
  // With it, VS Code adds its own list to every TLS connection made without one, the extension's included.
  if (http.get<boolean>('experimental.systemCertificatesV2') === true) return undefined;
  if (typeof stores.getCACertificates !== 'function') return undefined;
  try {
    const system = stores.getCACertificates('system');
    if (system.length === 0) return undefined;
    // 'default' is what Node trusts without being told: its bundled list and NODE_EXTRA_CA_CERTS.
    return [...new Set([...stores.getCACertificates('default'), ...system])];
  } catch {
    return undefined;
  }
}

/**
 * The media proxy as VS Code's settings describe it, for the engine's transport (which never reads settings itself).
 * http.proxy wins; without it, the environment's HTTPS_PROXY and HTTP_PROXY, as VS Code itself reads them.
 * VS Code's system proxy (the OS settings or a PAC script) has no public API: it is not seen here.
 */
import type * as vscode from 'vscode';
import { type MediaProxy, proxyFromEnvironment } from '../util/proxy';

type Vs = Pick<typeof vscode, 'workspace'>;

export function mediaProxyFromSettings(vs: Vs, env: Record<string, string | undefined> = process.env): MediaProxy {
  const http = vs.workspace.getConfiguration('http');
  // 'off': extensions get no proxy support from VS Code; the downloads connect directly, as VS Code's own modules would.
  if (http.get<string>('proxySupport') === 'off') return {};
  const fromEnvironment = proxyFromEnvironment(env);
  const configured = http.get<string>('proxy')?.trim();
  const noProxy = [...((http.get<unknown>('noProxy') as unknown[]) ?? []), fromEnvironment.noProxy].filter(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  const authorization = http.get<string | null>('proxyAuthorization');
  return {
    ...(configured
      ? { httpsProxy: configured, httpProxy: configured }
      : { httpsProxy: fromEnvironment.httpsProxy, httpProxy: fromEnvironment.httpProxy }),
    noProxy: noProxy.join(','),
    authorization: typeof authorization === 'string' && authorization ? authorization : undefined,
    strictSSL: http.get<boolean>('proxyStrictSSL') !== false,
  };
}

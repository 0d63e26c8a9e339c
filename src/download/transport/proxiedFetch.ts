/**
 * fetch for the CLI's Picker API calls through the same proxy as its media: Node's own fetch ignores HTTPS_PROXY
 * before Node 24 (and there only with NODE_USE_ENV_PROXY). VS Code needs none: its fetch carries VS Code's proxy.
 */
import { fetch as undiciFetch, ProxyAgent } from 'undici';
import { type MediaProxy, proxyFor } from '../../util/proxy';

/** Undefined when no proxy is configured: Node's fetch as it is. */
export function fetchThroughProxy(proxy: MediaProxy): typeof fetch | undefined {
  if (!proxy.httpsProxy && !proxy.httpProxy) return undefined;
  const agents = new Map<string, ProxyAgent>();
  const agentFor = (uri: string) => {
    let agent = agents.get(uri);
    if (!agent)
      agents.set(
        uri,
        (agent = new ProxyAgent({ uri, token: proxy.authorization, proxyTls: { rejectUnauthorized: proxy.strictSSL !== false } })),
      );
    return agent;
  };
  return (async (input: string | URL | Request, init?: RequestInit) => {
    // Its callers pass a URL and options; a Request's method, headers and body would be lost on the way.
    if (input instanceof Request) throw new TypeError('fetchThroughProxy takes a URL and options, not a Request');
    const url = new URL(String(input));
    const uri = proxyFor(url, proxy);
    if (!uri) return fetch(input, init);
    // undici's Response is the one Node's fetch returns, under another type name.
    return (await undiciFetch(url, { ...(init as object), dispatcher: agentFor(uri) })) as unknown as Response;
  }) as typeof fetch;
}

/**
 * Which proxy, if any, a media request goes through. The faces decide the settings (the CLI from HTTPS_PROXY,
 * HTTP_PROXY and NO_PROXY; VS Code from its http.* settings); this module only applies them to a URL. Pure.
 */

export interface MediaProxy {
  /** The proxy for https URLs (http://host:port or https://host:port); none: connect directly. */
  httpsProxy?: string;
  /** The proxy for plain http URLs (the test emulator). */
  httpProxy?: string;
  /** Hosts reached directly, NO_PROXY style: "example.com, .internal, 10.0.0.1:8080, *". */
  noProxy?: string;
  /** Sent to the proxy as Proxy-Authorization. */
  authorization?: string;
  /** false: the proxy's own certificate (an https:// proxy) is not checked. */
  strictSSL?: boolean;
}

/**
 * The conventional environment variables, lower case first as curl reads them. HTTP_PROXY also stands in for a
 * missing HTTPS_PROXY, as undici's EnvHttpProxyAgent does (curl does not): a proxy set only that way is still used.
 */
export function proxyFromEnvironment(env: Record<string, string | undefined>): MediaProxy {
  // A value without a scheme ("proxy.corp:3128", as curl accepts) is an http:// proxy.
  const pick = (name: string) => (env[name.toLowerCase()] ?? env[name])?.trim() || undefined;
  const httpProxy = withScheme(pick('HTTP_PROXY'));
  return { httpsProxy: withScheme(pick('HTTPS_PROXY')) ?? httpProxy, httpProxy, noProxy: pick('NO_PROXY') };
}

function withScheme(value: string | undefined): string | undefined {
  return value && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? `http://${value}` : value;
}

/** The proxy URL for `url`, or undefined to connect directly. */
export function proxyFor(url: URL, proxy: MediaProxy | undefined): string | undefined {
  const uri = url.protocol === 'https:' ? proxy?.httpsProxy : proxy?.httpProxy;
  if (!uri || bypasses(url, proxy?.noProxy ?? '')) return undefined;
  return uri;
}

/** NO_PROXY: "*" for every host; a name matches itself and its subdomains; ":port" narrows an entry to one port. */
export function bypasses(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[,\s]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const [bare, entryPort] = hostAndPort(entry.toLowerCase());
      const name = bare.replace(/^\*?\./, '');
      if (entryPort && entryPort !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

/** "host:port", "[::1]:port", or a bare IPv6 address (its colons are not a port). */
function hostAndPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1], bracketed[2]];
  const parts = entry.split(':');
  return parts.length === 2 ? [parts[0], parts[1]] : [entry, undefined];
}

/** Before any request: a proxy that cannot be used is said at once, not after the user has picked. */
export function checkMediaProxy(proxy: MediaProxy | undefined): void {
  for (const uri of [proxy?.httpsProxy, proxy?.httpProxy]) {
    if (!uri) continue;
    let protocol: string | undefined;
    try {
      protocol = new URL(uri).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'http:' && protocol !== 'https:')
      throw new Error(
        `the proxy "${withoutCredentials(uri)}" cannot be used: give it as http://host:port or https://host:port (SOCKS proxies are not supported)`,
      );
  }
}

/** A proxy address for a message: any user name and password in it left out. */
function withoutCredentials(uri: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(uri)?.[0] ?? '';
  const at = uri.lastIndexOf('@');
  return at < 0 ? uri : scheme + uri.slice(at + 1);
}

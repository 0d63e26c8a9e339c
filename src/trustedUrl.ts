/**
 * Which URLs from a server's answers may be trusted, and with what: a page the user is asked to open (the pickerUri,
 * the device sign-in page: shown as a link and a QR code), or a host that may receive the bearer token (media bytes).
 * Only Google's own hosts over https qualify, or the configured test endpoint by exact origin.
 */

/**
 * Pages on google.com (photos.google.com, www.google.com/device): shown to the user as a link and a QR code, printed
 * in a terminal. The text itself must be the URL as parsed: URL parsing drops tabs and newlines, so a string with
 * those (or escape sequences, or fake text after a line break) would pass the host check and still print something
 * else.
 */
export function isTrustedGooglePage(uri: string, extraOrigins: readonly string[]): boolean {
  if (typeof uri !== 'string' || /[\s\u0000-\u001f\u007f-\u009f]/.test(uri) || parsedHref(uri) !== uri) return false;
  return isGoogleHttps(uri, extraOrigins, (host) => host === 'google.com' || host.endsWith('.google.com'));
}

function parsedHref(value: string): string | undefined {
  try {
    return new URL(value).href;
  } catch {
    return undefined;
  }
}

/** Google's media host: the only place besides the API that receives the token, for baseUrl downloads. */
export function isAllowedMediaUrl(url: string, extraOrigins: readonly string[]): boolean {
  return isGoogleHttps(
    url,
    extraOrigins,
    (host) => host.endsWith('.googleusercontent.com') && host.length > '.googleusercontent.com'.length,
  );
}

/** The URL's origin, or undefined when it is not a URL (for messages that must not echo a hostile string). */
export function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

function isGoogleHttps(value: string, extraOrigins: readonly string[], hostMatches: (host: string) => boolean): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (extraOrigins.some((origin) => originOf(origin) === url.origin)) return true;
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  return hostMatches(url.hostname.toLowerCase());
}

/** A plain-http URL on this machine (127.0.0.1, localhost, [::1]): where a loopback OAuth redirect may go. */
export function isLoopbackHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/** URL.hostname keeps the brackets of an IPv6 address; a bare "::1" is accepted too for callers that strip them. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname === '::1';
}

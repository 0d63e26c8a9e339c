/**
 * The bearer token may travel only to Google's media host or to the configured test endpoint: a baseUrl that
 * points anywhere else (a hostile or broken server response) must not receive it.
 */
export function isAllowedMediaUrl(url: string, extraOrigins: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (extraOrigins.some((origin) => safeOrigin(origin) === parsed.origin)) return true;
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  return host.endsWith('.googleusercontent.com') && host.length > '.googleusercontent.com'.length;
}

function safeOrigin(origin: string): string | undefined {
  try {
    return new URL(origin).origin;
  } catch {
    return undefined;
  }
}

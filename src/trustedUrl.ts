/**
 * Links from Google that the user is asked to open (the pickerUri, the device sign-in page) are shown as a link and
 * a QR code, so a user will trust them: only an https URL on Google's own host (or the configured test endpoint) is
 * shown. Anything else means a broken or hostile server.
 */
export function isTrustedGooglePage(uri: string, extraOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (extraOrigins.some((o) => originOf(o) === url.origin)) return true;
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return host === 'google.com' || host.endsWith('.google.com');
}

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

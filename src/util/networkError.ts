/**
 * Node's fetch fails with the bare message "fetch failed" and puts what happened in `cause`: a refused connection, an
 * unknown host, a certificate not trusted (a proxy or security software intercepting HTTPS). The message the user
 * reads names it and says what to do. Pure.
 */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** The error's message, with a network failure's cause and advice in place of "fetch failed". */
export function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (message !== 'fetch failed') return message;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const detail = typeof cause?.message === 'string' && cause.message ? cause.message : code;
  if (!detail) return 'the connection to Google failed. Check your network connection and try again.';
  if (code && CERTIFICATE_CODES.has(code)) {
    return `the connection to Google was refused: its certificate is not trusted (${detail}). A proxy or security software may be intercepting HTTPS: add its certificate authority to the system's trusted ones (for the CLI, NODE_EXTRA_CA_CERTS=file.pem), then try again.`;
  }
  const proxyStatus = /^Proxy response \((\d{3})\)/.exec(detail)?.[1]; // undici's words for a refused CONNECT
  if (proxyStatus) {
    const advice =
      proxyStatus === '407'
        ? " Check the proxy's user name and password (in the proxy address, http://user:password@host:port, or VS Code's http.proxyAuthorization)."
        : '';
    return `the proxy refused the connection to Google (${proxyStatus}).${advice}`;
  }
  if (code && CONNECTION_CODES.has(code)) {
    return `could not connect to Google (${detail}). Check your network connection and proxy settings, then try again.`;
  }
  return `the connection to Google failed (${detail}).`;
}

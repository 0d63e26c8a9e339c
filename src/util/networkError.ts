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

/** A failure's causes, outermost first (fetch nests them: "fetch failed", a cancelled request, the proxy's answer). */
function causes(err: unknown): { code?: string; message?: string }[] {
  const chain: { code?: string; message?: string }[] = [];
  for (
    let at = (err as { cause?: unknown })?.cause;
    at && typeof at === 'object' && chain.length < 5;
    at = (at as { cause?: unknown }).cause
  ) {
    const { code, message } = at as { code?: unknown; message?: unknown };
    chain.push({
      code: typeof code === 'string' ? code : undefined,
      message: typeof message === 'string' && message ? message : undefined,
    });
  }
  return chain;
}

/** The status a proxy answered CONNECT with, when that is why the request failed (undici's words, anywhere in it). */
export function proxyRefusalStatus(err: unknown): number | undefined {
  const messages = [err instanceof Error ? err.message : undefined, ...causes(err).map((c) => c.message)];
  for (const message of messages) {
    const status = message && /^Proxy response \((\d{3})\)/.exec(message)?.[1];
    if (status) return Number(status);
  }
  return undefined;
}

/** What to say when the proxy refused: 407 wants a user name and password. */
export function proxyRefusalAdvice(status: number): string {
  return status === 407
    ? "Check the proxy's user name and password (in the proxy address, http://user:password@host:port, or VS Code's http.proxyAuthorization)."
    : 'The proxy does not let this connection through.';
}

/** Whether a TLS failure's code says the host's certificate is not trusted here. */
export function isUntrustedCertificate(code: string | undefined): boolean {
  return code !== undefined && CERTIFICATE_CODES.has(code);
}

/**
 * A certificate refused, in a sentence with the advice for its cause: a clock that is off (a certificate not yet or
 * no longer valid), one made for another name, or an authority not trusted here. None clears by asking again.
 */
export function untrustedCertificateMessage(host: string, detail: string, code: string | undefined): string {
  const refused = `the connection to ${host} was refused: its certificate is not trusted (${detail}).`;
  if (code === 'CERT_NOT_YET_VALID' || code === 'CERT_HAS_EXPIRED')
    return `${refused} Check this computer's date and time; if they are right, a proxy or security software that intercepts HTTPS may be using an out-of-date certificate.`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `${refused} The certificate was made for another host: a proxy, a firewall or a wrong DNS answer is in the way. Check the network's settings, then try again.`;
  return `${refused} A proxy or security software may be intercepting HTTPS: add its certificate authority to the system's trusted ones (for the CLI, NODE_EXTRA_CA_CERTS=file.pem), then try again.`;
}

/** A refused tunnel to Google, in a sentence with its advice. */
export function proxyRefusalMessage(status: number): string {
  return `the proxy refused the connection to Google (${status}). ${proxyRefusalAdvice(status)}`;
}

/** The error's message, with a network failure's cause and advice in place of "fetch failed". */
export function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (message !== 'fetch failed') return message;
  const proxyStatus = proxyRefusalStatus(err);
  if (proxyStatus) return proxyRefusalMessage(proxyStatus);
  // The cause with a code known here, however deep ("Request was cancelled." may wrap it); else the outermost.
  const chain = causes(err);
  const cause = chain.find((c) => c.code && (CERTIFICATE_CODES.has(c.code) || CONNECTION_CODES.has(c.code))) ?? chain[0];
  const code = cause?.code;
  const detail = cause?.message ?? code;
  if (!detail) return 'the connection to Google failed. Check your network connection and try again.';
  if (isUntrustedCertificate(code)) return untrustedCertificateMessage('Google', detail, code);
  if (code && CONNECTION_CODES.has(code)) {
    return `could not connect to Google (${detail}). Check your network connection and proxy settings, then try again.`;
  }
  return `the connection to Google failed (${detail}).`;
}

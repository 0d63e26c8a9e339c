/**
 * Stable codes for the errors a face tells apart. extension.js loads the engine (dist/engine.js) at the first
 * import, so each bundle has its own copy of every class: `instanceof` and class names cannot tell an error from
 * the other copy; its `code` can. The values never change (a face, a log or a script may match them).
 */
export const ERROR_CODES = {
  cancelled: 'GPI_CANCELLED',
  importCancelled: 'GPI_IMPORT_CANCELLED',
  signInRequired: 'GPI_SIGN_IN_REQUIRED',
  signInFailed: 'GPI_SIGN_IN_FAILED',
  signInFlowUnavailable: 'GPI_SIGN_IN_FLOW_UNAVAILABLE',
  missingOAuthClient: 'GPI_MISSING_OAUTH_CLIENT',
  untrustedLink: 'GPI_UNTRUSTED_LINK',
  pickerApi: 'GPI_PICKER_API',
  pickerTimeout: 'GPI_PICKER_TIMEOUT',
  malformedDuration: 'GPI_MALFORMED_DURATION',
  download: 'GPI_DOWNLOAD',
  rateLimited: 'GPI_RATE_LIMITED',
  destination: 'GPI_DESTINATION',
  outsideRoot: 'GPI_OUTSIDE_ROOT',
  template: 'GPI_TEMPLATE',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Whether `err` carries one of `codes`, whichever bundle's class made it. */
export function hasErrorCode(err: unknown, ...codes: ErrorCode[]): boolean {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && (codes as readonly string[]).includes(code);
}

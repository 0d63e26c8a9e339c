import { parseRetryAfter } from '../util/retryAfter';

/** Google's JSON error body, `{ error: { code, message, status } }`, as a typed error. */
export class PickerApiError extends Error {
  constructor(
    /** HTTP status code (403, 404, ...). */
    readonly httpStatus: number,
    /** Google's canonical status name (PERMISSION_DENIED, NOT_FOUND, ...), or "UNKNOWN" when the body had none. */
    readonly status: string,
    message: string,
    /** Seconds the server asked us to wait (Retry-After), when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'PickerApiError';
  }
}

const STATUS_BY_HTTP: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Google's canonical status name for an HTTP status (the emulator answers with the same table). */
export function canonicalStatus(httpStatus: number): string {
  return STATUS_BY_HTTP[httpStatus] ?? 'UNKNOWN';
}

/** Builds the typed error from a failed response's status and body text, whatever shape the body has. */
export function pickerErrorFrom(httpStatus: number, bodyText: string, what: string, retryAfter?: string | null): PickerApiError {
  let status = canonicalStatus(httpStatus);
  let detail = '';
  try {
    const body = JSON.parse(bodyText) as { error?: { status?: unknown; message?: unknown } };
    if (typeof body.error?.status === 'string') status = body.error.status;
    if (typeof body.error?.message === 'string') detail = body.error.message;
  } catch {
    detail = bodyText.slice(0, 200).replace(/\s+/g, ' ').trim();
  }
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  return new PickerApiError(httpStatus, status, `${what} failed: ${httpStatus} ${status}${detail ? ` (${detail})` : ''}. ${adviceFor(status, what)}`.trim(), retryAfterSeconds);
}

function adviceFor(status: string, what: string): string {
  switch (status) {
    case 'UNAUTHENTICATED':
      return 'Sign in to Google again.';
    case 'PERMISSION_DENIED':
      return what.startsWith('sessions.') ? 'The picker session has expired; start a new import.' : 'Check that the Photos Picker API is enabled for your OAuth client\'s Google Cloud project.';
    case 'FAILED_PRECONDITION':
      return what === 'sessions.create' ? 'This Google account has no Google Photos library.' : 'The selection is not finished yet.';
    case 'RESOURCE_EXHAUSTED':
      return 'Too many requests or open picker sessions; wait a minute and try again.';
    case 'NOT_FOUND':
      return 'The picker session no longer exists; start a new import.';
    default:
      return '';
  }
}

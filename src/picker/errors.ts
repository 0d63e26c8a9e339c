import { parseRetryAfter } from '../util/retryAfter';
import { type ErrorCode, ERROR_CODES } from '../util/errorCodes';

/** Google's JSON error body, `{ error: { code, message, status } }`, as a typed error. */
export class PickerApiError extends Error {
  readonly code: ErrorCode = ERROR_CODES.pickerApi;
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

/** Said when a create is not sent again after an answer that may have come after the session was made. */
export const NOT_SENT_AGAIN = 'It was not sent again, since Google may have made a session anyway (it ends by itself when it expires)';

/** Builds the typed error from a failed response's status and body text, whatever shape the body has. */
export function pickerErrorFrom(httpStatus: number, bodyText: string, what: string, retryAfter?: string | null): PickerApiError {
  let status = canonicalStatus(httpStatus);
  let detail = '';
  let reason: string | undefined;
  try {
    const body = JSON.parse(bodyText) as { error?: { status?: unknown; message?: unknown; details?: unknown } };
    if (typeof body.error?.status === 'string') status = body.error.status;
    if (typeof body.error?.message === 'string') detail = body.error.message;
    reason = errorInfoReason(body.error?.details);
  } catch {
    detail = bodyText.slice(0, 200).replace(/\s+/g, ' ').trim();
  }
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  const advice = adviceFor({ what, httpStatus, status, reason, retryAfterSeconds });
  return new PickerApiError(
    httpStatus,
    status,
    `${what} failed: ${httpStatus} ${status}${detail ? ` (${detail})` : ''}. ${advice}`.trim(),
    retryAfterSeconds,
  );
}

/** The `reason` of the google.rpc.ErrorInfo in an error's details (SERVICE_DISABLED, ACCESS_TOKEN_SCOPE_INSUFFICIENT, ...). */
function errorInfoReason(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  const info = details.find((d) => typeof d?.reason === 'string' && String(d['@type']).endsWith('google.rpc.ErrorInfo'));
  return info?.reason;
}

const ENABLE_API =
  'enable the "Photos Picker API" for the Google Cloud project of your OAuth client (Google Cloud console, APIs & Services > Library), wait a minute and import again';
const GRANT_PHOTOS = "sign in again and tick the Google Photos permission on Google's consent page";
const SERVER_TROUBLE = "Google's service had a problem; try again in a few minutes.";

interface Failure {
  what: string;
  httpStatus: number;
  status: string;
  reason?: string;
  retryAfterSeconds?: number;
}

/** What the user can do about a failed call: by Google's reason when it gave one, else by status and call. */
export function adviceFor({ what, httpStatus, status, reason, retryAfterSeconds }: Failure): string {
  const create = what === 'sessions.create';
  if (reason === 'SERVICE_DISABLED') return `The Photos Picker API is not enabled for your OAuth client's project: ${ENABLE_API}.`;
  if (reason === 'ACCESS_TOKEN_SCOPE_INSUFFICIENT') return `This sign-in does not allow access to Google Photos: ${GRANT_PHOTOS}.`;
  switch (status) {
    case 'UNAUTHENTICATED':
      return 'Sign in to Google again.';
    case 'PERMISSION_DENIED':
      if (create)
        return `Either the Photos Picker API is not enabled for your OAuth client's project (${ENABLE_API}), or this sign-in does not allow access to Google Photos (${GRANT_PHOTOS}).`;
      if (what === 'sessions.delete') return 'The picker session has expired already; Google ends it by itself, nothing to do.';
      if (what === 'mediaItems.list')
        return 'Google no longer gives access to this selection (the session expired, or access was withdrawn); start a new import and pick again.';
      return 'The picker session has expired; start a new import.';
    case 'NOT_FOUND':
      if (create) return 'The Picker API does not answer at this address; check the API endpoint setting.';
      return 'The picker session no longer exists (it was deleted, or belongs to another Google account); start a new import.';
    case 'FAILED_PRECONDITION':
      if (create) return 'This Google account has no Google Photos library; sign in with an account that uses Google Photos.';
      return 'The selection is not finished yet; press Done in Google Photos, or start a new import.';
    case 'RESOURCE_EXHAUSTED':
      if (create && retryAfterSeconds === undefined) {
        return 'Too many picker sessions are open for this Google account. Close Google Photos picker pages you no longer use and try again in an hour: open sessions end by themselves when they expire.';
      }
      return "Google's request quota for this OAuth client is used up for now; wait a few minutes and try again.";
    case 'INVALID_ARGUMENT':
      return 'Google refused the request as malformed; please report this, with the output log.';
    default:
      if (httpStatus < 500) return '';
      return create && httpStatus !== 503
        ? `Google's service had a problem. ${NOT_SENT_AGAIN}; start the import again in a minute.`
        : SERVER_TROUBLE;
  }
}

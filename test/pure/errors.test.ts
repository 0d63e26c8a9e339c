import * as assert from 'node:assert/strict';
import { canonicalStatus, PickerApiError, pickerErrorFrom } from '../../src/picker/errors';

describe("Google's error bodies as typed errors (pickerErrorFrom)", () => {
  it("takes the status and message from Google's JSON body", () => {
    const err = pickerErrorFrom(
      403,
      JSON.stringify({ error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } }),
      'sessions.get',
    );
    assert.ok(err instanceof PickerApiError);
    assert.equal(err.name, 'PickerApiError');
    assert.equal(err.httpStatus, 403);
    assert.equal(err.status, 'PERMISSION_DENIED');
    assert.equal(
      err.message,
      'sessions.get failed: 403 PERMISSION_DENIED (The caller does not have permission). The picker session has expired; start a new import.',
    );
  });

  it('falls back to the HTTP status table, and to the body text (shortened, one line) when it is not JSON', () => {
    const html = pickerErrorFrom(502, `<html>\n  <body>${'x'.repeat(300)}</body>\n</html>`, 'mediaItems.list');
    assert.equal(html.status, 'UNKNOWN');
    assert.equal(
      html.message,
      `mediaItems.list failed: 502 UNKNOWN (<html> <body>${'x'.repeat(185)}). Google's service had a problem; try again in a few minutes.`,
    );
    const odd = pickerErrorFrom(
      503,
      JSON.stringify({ error: { status: 7, message: ['not a string'], details: 'none' } }),
      'sessions.create',
    );
    assert.equal(odd.status, 'UNAVAILABLE');
    assert.equal(odd.message, "sessions.create failed: 503 UNAVAILABLE. Google's service had a problem; try again in a few minutes.");
    assert.equal(
      pickerErrorFrom(500, 'null', 'x').message,
      "x failed: 500 INTERNAL (null). Google's service had a problem; try again in a few minutes.",
    );
  });

  it('names each HTTP status the way Google does', () => {
    const table: [number, string][] = [
      [400, 'INVALID_ARGUMENT'],
      [401, 'UNAUTHENTICATED'],
      [403, 'PERMISSION_DENIED'],
      [404, 'NOT_FOUND'],
      [409, 'ABORTED'],
      [429, 'RESOURCE_EXHAUSTED'],
      [500, 'INTERNAL'],
      [503, 'UNAVAILABLE'],
      [504, 'DEADLINE_EXCEEDED'],
      [418, 'UNKNOWN'],
    ];
    for (const [code, name] of table) assert.equal(canonicalStatus(code), name, String(code));
  });

  describe('says what to do next, for each status of each call', () => {
    const enable =
      'enable the "Photos Picker API" for the Google Cloud project of your OAuth client (Google Cloud console, APIs & Services > Library), wait a minute and import again';
    const grant = "sign in again and tick the Google Photos permission on Google's consent page";
    const serverTrouble = "Google's service had a problem; try again in a few minutes.";
    const notSentAgain =
      "Google's service had a problem. It was not sent again, since Google may have made a session anyway (it ends by itself when it expires); start the import again in a minute.";
    const gone = 'The picker session no longer exists (it was deleted, or belongs to another Google account); start a new import.';
    const table: [what: string, httpStatus: number, status: string, advice: string, retryAfter?: string][] = [
      ['sessions.create', 401, 'UNAUTHENTICATED', 'Sign in to Google again.'],
      [
        'sessions.create',
        403,
        'PERMISSION_DENIED',
        `Either the Photos Picker API is not enabled for your OAuth client's project (${enable}), or this sign-in does not allow access to Google Photos (${grant}).`,
      ],
      [
        'sessions.create',
        400,
        'FAILED_PRECONDITION',
        'This Google account has no Google Photos library; sign in with an account that uses Google Photos.',
      ],
      [
        'sessions.create',
        429,
        'RESOURCE_EXHAUSTED',
        'Too many picker sessions are open for this Google account. Close Google Photos picker pages you no longer use and try again in an hour: open sessions end by themselves when they expire.',
      ],
      [
        'sessions.create',
        429,
        'RESOURCE_EXHAUSTED',
        "Google's request quota for this OAuth client is used up for now; wait a few minutes and try again.",
        '30',
      ],
      ['sessions.create', 404, 'NOT_FOUND', 'The Picker API does not answer at this address; check the API endpoint setting.'],
      ['sessions.create', 400, 'INVALID_ARGUMENT', 'Google refused the request as malformed; please report this, with the output log.'],
      ['sessions.create', 500, 'INTERNAL', notSentAgain],
      ['sessions.create', 502, 'UNKNOWN', notSentAgain],
      ['sessions.create', 504, 'DEADLINE_EXCEEDED', notSentAgain],
      ['sessions.create', 503, 'UNAVAILABLE', serverTrouble],
      ['sessions.get', 401, 'UNAUTHENTICATED', 'Sign in to Google again.'],
      ['sessions.get', 403, 'PERMISSION_DENIED', 'The picker session has expired; start a new import.'],
      ['sessions.get', 404, 'NOT_FOUND', gone],
      [
        'sessions.get',
        429,
        'RESOURCE_EXHAUSTED',
        "Google's request quota for this OAuth client is used up for now; wait a few minutes and try again.",
      ],
      ['sessions.get', 500, 'INTERNAL', serverTrouble],
      [
        'mediaItems.list',
        403,
        'PERMISSION_DENIED',
        'Google no longer gives access to this selection (the session expired, or access was withdrawn); start a new import and pick again.',
      ],
      ['mediaItems.list', 404, 'NOT_FOUND', gone],
      [
        'mediaItems.list',
        400,
        'FAILED_PRECONDITION',
        'The selection is not finished yet; press Done in Google Photos, or start a new import.',
      ],
      ['mediaItems.list', 400, 'INVALID_ARGUMENT', 'Google refused the request as malformed; please report this, with the output log.'],
      ['mediaItems.list', 503, 'UNAVAILABLE', serverTrouble],
      ['sessions.delete', 403, 'PERMISSION_DENIED', 'The picker session has expired already; Google ends it by itself, nothing to do.'],
      ['sessions.delete', 500, 'INTERNAL', serverTrouble],
      ['sessions.get', 409, 'ABORTED', ''],
      ['x', 400, 'OUT_OF_RANGE', ''],
    ];
    for (const [what, httpStatus, status, advice, retryAfter] of table) {
      it(`${what} ${httpStatus} ${status}${retryAfter ? ' with Retry-After' : ''}`, () => {
        const err = pickerErrorFrom(httpStatus, JSON.stringify({ error: { code: httpStatus, status } }), what, retryAfter);
        assert.equal(err.message, `${what} failed: ${httpStatus} ${status}.${advice ? ` ${advice}` : ''}`);
      });
    }

    it("by Google's reason when it gives one: the API not enabled, or the Photos permission not granted", () => {
      const body = (reason: string, message: string) =>
        JSON.stringify({
          error: {
            code: 403,
            message,
            status: 'PERMISSION_DENIED',
            details: [
              { '@type': 'type.googleapis.com/google.rpc.Help', links: [] },
              { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' },
            ],
          },
        });
      const disabled = pickerErrorFrom(
        403,
        body('SERVICE_DISABLED', 'Photos Picker API has not been used in project 123 before or it is disabled.'),
        'sessions.create',
      );
      assert.equal(
        disabled.message,
        `sessions.create failed: 403 PERMISSION_DENIED (Photos Picker API has not been used in project 123 before or it is disabled.). The Photos Picker API is not enabled for your OAuth client's project: ${enable}.`,
      );
      const scope = pickerErrorFrom(
        403,
        body('ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'Request had insufficient authentication scopes.'),
        'mediaItems.list',
      );
      assert.equal(
        scope.message,
        `mediaItems.list failed: 403 PERMISSION_DENIED (Request had insufficient authentication scopes.). This sign-in does not allow access to Google Photos: ${grant}.`,
      );
      const otherReason = pickerErrorFrom(403, body('SOMETHING_ELSE', 'no'), 'sessions.get');
      assert.match(otherReason.message, /The picker session has expired; start a new import\.$/, 'an unknown reason: by status');
    });
  });

  it('reads Retry-After in seconds or as an HTTP date, and nothing else', () => {
    const retry = (value: string | null) => pickerErrorFrom(429, '', 'x', value).retryAfterSeconds;
    assert.equal(retry('30'), 30);
    assert.equal(retry(' 7 '), 7);
    assert.equal(retry(null), undefined);
    assert.equal(retry('soon'), undefined);
    assert.equal(retry('1.5'), undefined, 'not a whole number of seconds, not a date');
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const fromDate = retry(inTenSeconds)!;
    assert.ok(fromDate >= 9 && fromDate <= 11, `an HTTP date ten seconds ahead: ${fromDate}`);
    assert.equal(retry(new Date(Date.now() - 60_000).toUTCString()), 0, 'a date in the past: no wait');
  });
});

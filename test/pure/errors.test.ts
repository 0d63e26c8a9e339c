import * as assert from 'node:assert/strict';
import { canonicalStatus, PickerApiError, pickerErrorFrom } from '../../src/picker/errors';

describe('Google\'s error bodies as typed errors (pickerErrorFrom)', () => {
  it('takes the status and message from Google\'s JSON body', () => {
    const err = pickerErrorFrom(403, JSON.stringify({ error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } }), 'sessions.get');
    assert.ok(err instanceof PickerApiError);
    assert.equal(err.name, 'PickerApiError');
    assert.equal(err.httpStatus, 403);
    assert.equal(err.status, 'PERMISSION_DENIED');
    assert.equal(err.message, 'sessions.get failed: 403 PERMISSION_DENIED (The caller does not have permission). The picker session has expired; start a new import.');
  });

  it('falls back to the HTTP status table, and to the body text (shortened, one line) when it is not JSON', () => {
    const html = pickerErrorFrom(502, `<html>\n  <body>${'x'.repeat(300)}</body>\n</html>`, 'mediaItems.list');
    assert.equal(html.status, 'UNKNOWN');
    assert.equal(html.message, `mediaItems.list failed: 502 UNKNOWN (<html> <body>${'x'.repeat(185)}).`);
    const odd = pickerErrorFrom(503, JSON.stringify({ error: { status: 7, message: ['not a string'] } }), 'sessions.create');
    assert.equal(odd.status, 'UNAVAILABLE');
    assert.equal(odd.message, 'sessions.create failed: 503 UNAVAILABLE.');
    assert.equal(pickerErrorFrom(500, 'null', 'x').message, 'x failed: 500 INTERNAL (null).');
  });

  it('names each HTTP status the way Google does', () => {
    const table: [number, string][] = [[400, 'INVALID_ARGUMENT'], [401, 'UNAUTHENTICATED'], [403, 'PERMISSION_DENIED'], [404, 'NOT_FOUND'], [409, 'ABORTED'], [429, 'RESOURCE_EXHAUSTED'], [500, 'INTERNAL'], [503, 'UNAVAILABLE'], [504, 'DEADLINE_EXCEEDED'], [418, 'UNKNOWN']];
    for (const [code, name] of table) assert.equal(canonicalStatus(code), name, String(code));
  });

  it('says what to do next for each status', () => {
    const advice = (status: string, what: string) => pickerErrorFrom(400, JSON.stringify({ error: { status } }), what).message.split('. ').slice(1).join('. ');
    assert.equal(advice('UNAUTHENTICATED', 'sessions.get'), 'Sign in to Google again.');
    assert.equal(advice('PERMISSION_DENIED', 'mediaItems.list'), 'Check that the Photos Picker API is enabled for your OAuth client\'s Google Cloud project.');
    assert.equal(advice('FAILED_PRECONDITION', 'sessions.create'), 'This Google account has no Google Photos library.');
    assert.equal(advice('FAILED_PRECONDITION', 'mediaItems.list'), 'The selection is not finished yet.');
    assert.equal(advice('RESOURCE_EXHAUSTED', 'sessions.create'), 'Too many requests or open picker sessions; wait a minute and try again.');
    assert.equal(advice('NOT_FOUND', 'sessions.get'), 'The picker session no longer exists; start a new import.');
    assert.equal(pickerErrorFrom(400, JSON.stringify({ error: { status: 'OUT_OF_RANGE' } }), 'x').message, 'x failed: 400 OUT_OF_RANGE.');
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

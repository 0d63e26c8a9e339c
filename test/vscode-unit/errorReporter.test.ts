import * as assert from 'node:assert/strict';
import { MissingOAuthClientError } from '../../src/auth/oauthClientConfig';
import { SignInRequiredError } from '../../src/auth/tokenSource';
import { CancelledError } from '../../src/util/abort';
import { ERROR_CODES } from '../../src/util/errorCodes';
import { ErrorReporter } from '../../src/vscode/errorReporter';
import { asVs, fakeLog, fakeVscode } from './fakeVscode';

describe('ErrorReporter (the one way errors reach the user)', () => {
  it('logs any kind of cancellation and shows nothing, a plain AbortError included', () => {
    const fake = fakeVscode();
    const log = fakeLog();
    const reporter = new ErrorReporter(asVs(fake.vs), log);
    const abort = new Error('This operation was aborted');
    abort.name = 'AbortError'; // what fetch and the device-code flow throw, not the engine's CancelledError
    for (const err of [abort, new CancelledError(), new DOMException('aborted', 'AbortError')]) reporter.report(err, 'Sign-in');
    assert.deepEqual(fake.shown, []);
    assert.deepEqual(log.lines, ['info: Sign-in: cancelled.', 'info: Sign-in: cancelled.', 'info: Sign-in: cancelled.']);
  });

  it('offers the button that fixes the error', async () => {
    const fake = fakeVscode();
    const reporter = new ErrorReporter(asVs(fake.vs), fakeLog());
    fake.pressNext('Sign In');
    reporter.report(new SignInRequiredError('Sign in to Google again.'), 'Import', 'googlePhotosImport.import');
    fake.pressNext('Retry');
    reporter.report(new Error('sessions.create failed: 503'), 'Import', 'googlePhotosImport.import');
    reporter.report(new MissingOAuthClientError('googlePhotosImport.oauth.clientId'), 'Import');
    reporter.report(new Error('revoke failed'), 'Sign-out');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      fake.shown.map((s) => s.buttons),
      [['Sign In'], ['Retry'], ['Open Settings', 'How to Create a Client'], []],
    );
    assert.equal(fake.shown[1].message, 'Google Photos: sessions.create failed: 503');
    assert.deepEqual(
      fake.commands.map((c) => c.id),
      ['googlePhotosImport.signIn', 'googlePhotosImport.import'],
    );
  });

  it("tells errors by their code, also from another copy of their class (the engine's bundle)", async () => {
    const fake = fakeVscode();
    const log = fakeLog();
    const reporter = new ErrorReporter(asVs(fake.vs), log);
    const foreign = (code: string, message: string) => Object.assign(new Error(message), { code });
    reporter.report(foreign(ERROR_CODES.signInRequired, 'Sign in to Google again.'), 'Import', 'googlePhotosImport.import');
    reporter.report(foreign(ERROR_CODES.missingOAuthClient, 'No OAuth client.'), 'Import');
    reporter.report(foreign(ERROR_CODES.cancelled, 'The import was cancelled.'), 'Import');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      fake.shown.map((s) => s.buttons),
      [['Sign In'], ['Open Settings', 'How to Create a Client']],
    );
    assert.deepEqual(
      log.lines.filter((l) => l.startsWith('info:')),
      ['info: Import: cancelled.'],
    );
  });
});

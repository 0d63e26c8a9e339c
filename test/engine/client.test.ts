import * as assert from 'node:assert/strict';
import type { AccessTokenSource } from '../../src/auth/tokenSource';
import { PickerClient, type RequestLogEntry } from '../../src/picker/client';
import { PickerApiError } from '../../src/picker/errors';
import type { GoogleEmulator } from '../../emulator/server';
import { clientFor, startEmulator } from './helpers';

describe('Picker client against the emulator', () => {
  let emulator: GoogleEmulator;
  beforeEach(async () => (emulator = await startEmulator()));
  afterEach(() => emulator.close());

  it('creates, gets, lists and deletes a session', async () => {
    const { client } = clientFor(emulator);
    const session = await client.createSession({ maxItemCount: 5 });
    assert.match(session.pickerUri, /\/picker\//);
    assert.equal(session.mediaItemsSet, false);
    assert.equal(session.pickingConfig?.maxItemCount, '5');
    assert.ok(session.pollingConfig?.pollInterval);
    emulator.pick(session.id, { count: 3 });
    const done = await client.getSession(session.id);
    assert.equal(done.mediaItemsSet, true);
    assert.equal(done.pollingConfig, undefined, 'pollingConfig only while not done');
    const page = await client.listMediaItems(session.id);
    assert.equal(page.mediaItems?.length, 3);
    assert.equal(await client.deleteSession(session.id), 'deleted');
    assert.equal(await client.deleteSession(session.id), 'already-gone', 'NOT_FOUND on delete counts as deleted');
  });

  it('turns Google error bodies into typed errors', async () => {
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    await assert.rejects(
      client.listMediaItems(session.id),
      (e: PickerApiError) => e.httpStatus === 400 && e.status === 'FAILED_PRECONDITION' && /not finished/.test(e.message),
    );
    await assert.rejects(client.getSession('no-such-session'), (e: PickerApiError) => e.httpStatus === 404 && e.status === 'NOT_FOUND');
    emulator.injectFault({ path: '/v1/sessions', method: 'POST', status: 400, errorStatus: 'FAILED_PRECONDITION' });
    await assert.rejects(
      client.createSession(),
      (e: PickerApiError) => e.status === 'FAILED_PRECONDITION' && /no Google Photos/.test(e.message),
    );
    emulator.injectFault({ path: '/v1/sessions/', status: 403, errorStatus: 'PERMISSION_DENIED' });
    await assert.rejects(
      client.getSession(session.id),
      (e: PickerApiError) => e.httpStatus === 403 && e.status === 'PERMISSION_DENIED' && /expired/.test(e.message),
    );
  });

  it('reports an expired session as PERMISSION_DENIED', async () => {
    await emulator.close();
    emulator = await startEmulator({ sessionLifetimeMs: 50 });
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    await new Promise((r) => setTimeout(r, 80));
    await assert.rejects(client.getSession(session.id), (e: PickerApiError) => e.status === 'PERMISSION_DENIED');
  });

  // The old code failed a create at once on a 429 even when the server said when to come back.
  it("honours Retry-After on a create's 429", async () => {
    const { client } = clientFor(emulator);
    emulator.injectFault({ method: 'POST', path: '/v1/sessions', status: 429, retryAfter: '0' });
    const session = await client.createSession();
    assert.ok(session.id);
    assert.equal(emulator.requests.filter((r) => r.method === 'POST').length, 2);
  });

  it('answers 429 RESOURCE_EXHAUSTED to too many open sessions, without retrying the create', async () => {
    await emulator.close();
    emulator = await startEmulator({ maxOpenSessionsPerUser: 2 });
    const { client } = clientFor(emulator);
    await client.createSession();
    await client.createSession();
    const before = emulator.requests.length;
    await assert.rejects(client.createSession(), (e: PickerApiError) => e.httpStatus === 429 && e.status === 'RESOURCE_EXHAUSTED');
    assert.equal(emulator.requests.length - before, 1);
  });

  // sessions.create has no idempotency key: sent again only when the answer shows that no session was made.
  it('sends a create again after a 503 or a refused connection, and then makes one session', async () => {
    const { client } = clientFor(emulator);
    emulator.injectFault({ path: '/v1/sessions', method: 'POST', status: 503, times: 2 });
    const session = await client.createSession();
    assert.ok(session.id);
    assert.equal(emulator.requests.filter((r) => r.method === 'POST').length, 3);
    assert.equal(emulator.sessions.size, 1);

    const origin = emulator.origin;
    await emulator.close(); // nothing listens: the connection is refused before a byte is sent
    const log: RequestLogEntry[] = [];
    const refused = new PickerClient({
      endpoint: origin,
      tokens: clientFor(emulator).tokens,
      log: (e) => log.push(e),
      retry: { maxRetries: 2, serverErrorBaseDelayMs: 5 },
    });
    await assert.rejects(refused.createSession(), /could not reach 127\.0\.0\.1:\d+ .*Check your network connection/);
    assert.deepEqual(
      log.map((e) => e.status),
      ['network-error', 'network-error', 'network-error'],
      'tried three times',
    );
    emulator = await startEmulator();
  });

  for (const status of [500, 502, 504]) {
    it(`does not send a create again after a ${status}: Google may have made the session`, async () => {
      const { client } = clientFor(emulator);
      emulator.injectFault({ path: '/v1/sessions', method: 'POST', status, times: 5 });
      await assert.rejects(
        client.createSession(),
        (e: PickerApiError) =>
          e.httpStatus === status &&
          /It was not sent again, since Google may have made a session anyway .*start the import again in a minute\.$/.test(e.message),
      );
      assert.equal(emulator.requests.filter((r) => r.method === 'POST').length, 1);
    });
  }

  it('does not send a create again when its answer is lost, so no second session is left open', async () => {
    const { tokens } = clientFor(emulator);
    // The session is made, then the connection breaks before its answer arrives.
    const losesAnswer: typeof fetch = async (input, init) => {
      await fetch(input, init);
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    };
    const client = new PickerClient({ endpoint: emulator.origin, tokens, fetch: losesAnswer, retry: { serverErrorBaseDelayMs: 10 } });
    await assert.rejects(
      client.createSession(),
      /sessions\.create failed: no answer from 127\.0\.0\.1:\d+ \(fetch failed\)\. It was not sent again, since Google may have made a session anyway .*check your network connection and start the import again\./,
    );
    assert.equal(emulator.sessions.size, 1, 'one session, not one per attempt');

    // An answer that does not come in time: the same.
    const log: RequestLogEntry[] = [];
    const patient = new PickerClient({
      endpoint: emulator.origin,
      tokens,
      log: (e) => log.push(e),
      retry: { serverErrorBaseDelayMs: 10, requestTimeoutMs: 200 },
    });
    emulator.injectFault({ path: '/v1/sessions', method: 'POST', delayMs: 500 });
    await assert.rejects(patient.createSession(), /no answer within 0\.2 s\)\. It was not sent again/);
    assert.deepEqual(
      log.map((e) => [e.method, e.status]),
      [['POST', 'network-error']],
      'one attempt',
    );
  });

  it('the emulator, like Google, makes a new session for a repeated requestId', async () => {
    const token = emulator.issueAccessToken();
    const create = async () =>
      (await (
        await fetch(`${emulator.origin}/v1/sessions?requestId=8a1c6f0e-3a55-4f0e-9b1e-7c2f1d3b4a5c`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}` },
        })
      ).json()) as { id: string };
    const [first, second] = [await create(), await create()];
    assert.notEqual(first.id, second.id);
  });

  it('gives up after the retry budget on a persistent 500', async () => {
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    emulator.injectFault({ path: '/v1/sessions/', method: 'GET', status: 500, times: 10 });
    await assert.rejects(client.getSession(session.id), (e: PickerApiError) => e.httpStatus === 500 && e.status === 'INTERNAL');
    assert.equal(emulator.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/sessions/')).length, 4, '1 try + 3 retries');
  });

  // Each request has a time limit of its own: a server that never answers must not hold the import until the user gives up.
  it('gives each request a time limit: a stalled answer is retried, then reported', async () => {
    const { tokens } = clientFor(emulator);
    const client = new PickerClient({ endpoint: emulator.origin, tokens, retry: { serverErrorBaseDelayMs: 10, requestTimeoutMs: 200 } });
    const session = await client.createSession();
    emulator.injectFault({ path: '/v1/sessions/', method: 'GET', delayMs: 60_000 });
    assert.equal((await client.getSession(session.id)).id, session.id, 'the retry got through');
    emulator.injectFault({ path: '/v1/sessions/', method: 'GET', delayMs: 60_000, times: 4 });
    await assert.rejects(
      client.getSession(session.id),
      /sessions\.get failed: could not reach 127\.0\.0\.1:\d+ \(no answer within 0\.2 s\)/,
    );
  });

  // A Retry-After of 9999999999 s overflowed setTimeout and gave three retries in 22 ms on the old code.
  it('waits (capped at 5 minutes) on a huge Retry-After instead of retrying at once', async () => {
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    emulator.injectFault({ path: '/v1/sessions/', method: 'GET', status: 429, retryAfter: '9999999999', times: 5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(client.getSession(session.id, controller.signal));
    assert.equal(
      emulator.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/sessions/')).length,
      1,
      'one request, then a long wait',
    );
  });

  it('waits Retry-After on a quota 429 for a read', async () => {
    const { client } = clientFor(emulator);
    const session = await client.createSession();
    emulator.injectFault({ path: '/v1/sessions/', method: 'GET', status: 429, retryAfter: '1' });
    const started = Date.now();
    await client.getSession(session.id);
    assert.ok(Date.now() - started >= 950, 'waited about the second the server asked for');
  });

  it('refreshes the token once on 401, then succeeds', async () => {
    const stale = emulator.issueAccessToken();
    emulator.expireAccessTokens();
    let refreshes = 0;
    let current = stale;
    const tokens: AccessTokenSource = {
      getAccessToken: async () => current,
      refreshAccessToken: async () => {
        refreshes++;
        current = emulator.issueAccessToken();
        return current;
      },
    };
    const client = new PickerClient({ endpoint: emulator.origin, tokens });
    const session = await client.createSession();
    assert.ok(session.id);
    assert.equal(refreshes, 1);
  });

  it('does not loop when the refreshed token is rejected too', async () => {
    let refreshes = 0;
    const tokens: AccessTokenSource = { getAccessToken: async () => 'bogus', refreshAccessToken: async () => (refreshes++, 'still-bogus') };
    const client = new PickerClient({ endpoint: emulator.origin, tokens });
    await assert.rejects(
      client.createSession(),
      (e: PickerApiError) => e.httpStatus === 401 && e.status === 'UNAUTHENTICATED' && /Sign in/.test(e.message),
    );
    assert.equal(refreshes, 1);
  });

  it('logs method, path and status, never the token', async () => {
    const log: RequestLogEntry[] = [];
    const { client, token } = clientFor(emulator, undefined, (e) => log.push(e));
    const session = await client.createSession();
    await client.getSession(session.id);
    assert.deepEqual(
      log.map((e) => [e.method, e.status]),
      [
        ['POST', 200],
        ['GET', 200],
      ],
    );
    assert.ok(log[1].path.endsWith(session.id));
    assert.ok(!JSON.stringify(log).includes(token));
  });

  it('reports an unreachable endpoint clearly after retries', async () => {
    const origin = emulator.origin;
    await emulator.close();
    const client = new PickerClient({
      endpoint: origin,
      tokens: { getAccessToken: async () => 't', refreshAccessToken: async () => 't' },
      retry: { maxRetries: 1, serverErrorBaseDelayMs: 5 },
    });
    await assert.rejects(client.createSession(), /could not reach 127\.0\.0\.1/);
    emulator = await startEmulator();
  });

  it('stops at once when cancelled', async () => {
    const { client } = clientFor(emulator);
    emulator.injectFault({ path: '/v1/sessions', delayMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await assert.rejects(client.createSession({}, controller.signal));
    assert.ok(Date.now() - started < 1000);
  });
});

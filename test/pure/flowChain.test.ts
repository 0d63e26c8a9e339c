import * as assert from 'node:assert/strict';
import { signInByFirstAvailable } from '../../src/auth/flowChain';
import type { SignInFlow } from '../../src/auth/flowChoice';
import { FlowUnavailableError, SignInError } from '../../src/auth/loopbackFlow';

const flows = ['loopback', 'device', 'paste'] as unknown as SignInFlow[];

/** Runs the chain with each flow's outcome scripted; returns the flows tried and those reported unavailable. */
async function chain(outcomes: Record<string, Error | undefined>): Promise<{ tried: string[]; unavailable: string[] }> {
  const tried: string[] = [];
  const unavailable: string[] = [];
  await signInByFirstAvailable(
    flows,
    async (flow) => {
      tried.push(String(flow));
      const outcome = outcomes[String(flow)];
      if (outcome) throw outcome;
    },
    (flow, err) => unavailable.push(`${String(flow)}: ${err.message}`),
  );
  return { tried, unavailable };
}

describe('sign-in flows tried in order (signInByFirstAvailable)', () => {
  it('stops at the first flow that succeeds', async () => {
    assert.deepEqual(await chain({}), { tried: ['loopback'], unavailable: [] });
  });

  it('gives way to the next flow only when one cannot run here, and says so', async () => {
    const result = await chain({
      loopback: new FlowUnavailableError('no loopback client'),
      device: new FlowUnavailableError('no TV client'),
    });
    assert.deepEqual(result, {
      tried: ['loopback', 'device', 'paste'],
      unavailable: ['loopback: no loopback client', 'device: no TV client'],
    });
  });

  it('a refusal or a cancel ends the sign-in at once', async () => {
    const refused = new SignInError('You declined access to Google Photos.');
    await assert.rejects(chain({ loopback: refused }), (err) => err === refused);
  });

  it('the last flow that cannot run fails the sign-in with its own error', async () => {
    const last = new FlowUnavailableError('no paste client');
    await assert.rejects(
      chain({ loopback: new FlowUnavailableError('a'), device: new FlowUnavailableError('b'), paste: last }),
      (err) => err === last,
    );
  });
});

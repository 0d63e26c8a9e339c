import type { SignInFlow } from './flowChoice';
import { FlowUnavailableError } from './loopbackFlow';

/**
 * Runs the sign-in flows in order until one succeeds. Only a flow that cannot run here (FlowUnavailableError: its
 * client type refused, say) gives way to the next; a cancel or a refusal ends the sign-in, as does the last failure.
 */
export async function signInByFirstAvailable(
  flows: readonly SignInFlow[],
  run: (flow: SignInFlow) => Promise<void>,
  onUnavailable: (flow: SignInFlow, err: FlowUnavailableError) => void,
): Promise<void> {
  for (const [i, flow] of flows.entries()) {
    try {
      return await run(flow);
    } catch (err) {
      if (!(err instanceof FlowUnavailableError) || i === flows.length - 1) throw err;
      onUnavailable(flow, err);
    }
  }
}

// The security-gate step: its inputs are checked first, and the scan and judgment — with
// everything only they need — are loaded after, so a step with a bad input fails in a blink.
import { runAction } from '../action.js';
import { getGateInputs } from './inputs.js';

export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = await getGateInputs();
    const { gateStep } = await import('./run.js');
    await gateStep(inputs);
  });
}

// The bluegreen-deploy step: its deploy inputs are checked first, and the deploy — with everything
// only it needs — is loaded after, so a step with a bad input fails in a blink.
import { runAction } from '../action.js';
import { Inputs } from '../inputs.js';
import { getDeployInputs } from './inputs.js';

export async function run(): Promise<void> {
  await runAction(async () => {
    const raw = new Inputs();
    const inputs = await getDeployInputs(raw);
    const { bluegreenStep } = await import('./run.js');
    await bluegreenStep(raw, inputs);
  });
}

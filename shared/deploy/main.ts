// The deploy step: its deploy inputs are checked first, and the deploy, verification and rollback —
// with everything only they need — are loaded after, so a step with a bad input fails in a blink.
import { runAction } from '../action.js';
import { getDeployInputs } from '../bluegreen-deploy/inputs.js';
import { Inputs } from '../inputs.js';

export async function run(): Promise<void> {
  await runAction(async () => {
    const source = new Inputs();
    const deployInputs = await getDeployInputs(source);
    const { deployStep } = await import('./run.js');
    await deployStep(source, deployInputs);
  });
}

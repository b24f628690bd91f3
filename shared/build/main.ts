// The build-push step: its inputs are checked first, and the build, push and signing — with
// everything only they need — are loaded after, so a step with a bad input fails in a blink.
import { runAction } from '../action.js';
import { getBuildPushInputs } from './inputs.js';

export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = getBuildPushInputs();
    const { buildPushStep } = await import('./run.js');
    await buildPushStep(inputs);
  });
}

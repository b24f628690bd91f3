// The rollback step: its inputs are checked first, and the rollback — with everything only it
// needs — is loaded after, so a step with a bad input fails in a blink.
import { runAction } from '../action.js';
import { getRollbackInputs } from './inputs.js';

export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = await getRollbackInputs();
    const { rollbackStep } = await import('./run.js');
    await rollbackStep(inputs);
  });
}

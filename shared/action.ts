// The one place an action's failure is turned into a failed step, and where what the action
// writes is kept from becoming runner commands.

import { ConfigurationError, errorMessage, ToolError } from './errors.js';
import { guardRunnerCommands } from './log.js';
import * as core from './runner.js';

/**
 * Runs an action body and ends every failure — an Error, a thrown string, anything — in
 * core.setFailed with one line. Stack traces go to the debug log only, for bugs.
 */
export async function runAction(body: () => Promise<void>): Promise<void> {
  guardRunnerCommands();
  try {
    await body();
  } catch (thrown) {
    if (
      !(thrown instanceof ConfigurationError) &&
      !(thrown instanceof ToolError) &&
      thrown instanceof Error
    ) {
      core.debug(thrown.stack ?? thrown.message);
    }
    core.setFailed(errorMessage(thrown));
  }
}

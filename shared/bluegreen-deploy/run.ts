// The bluegreen-deploy action: inputs → bluegreenDeploy → outputs and summary.

import type { Inputs } from '../inputs.js';
import { SummaryBuilder } from '../report/summary.js';
import * as core from '../runner.js';
import { CleanupState } from '../state.js';
import { bluegreenDeploy, type DeployOutcome } from './bluegreen.js';
import type { DeployInputs } from './inputs.js';
import { getPreSwitchCheck } from './pre-switch.js';

/** `heading` replaces the default one (the deploy umbrella leads with its own outcome). */
export function deploySummary(
  inputs: DeployInputs,
  outcome: DeployOutcome,
  heading?: string,
): SummaryBuilder {
  const summary = new SummaryBuilder().heading(
    heading ??
      (outcome.noop
        ? `✅ ${inputs.release}: ${outcome.version} already live on ${outcome.color}`
        : `✅ ${inputs.release}: ${outcome.version} live on ${outcome.color}`),
  );
  summary.table(
    ['', ''],
    [
      ['Environment', `${inputs.environment} (namespace ${inputs.namespace})`],
      ['Image', `\`${inputs.imageByDigest}\``],
      ['Live color', outcome.color],
      ['Previous color (warm)', outcome.previousColor ?? '—'],
      [
        'Traffic',
        `${inputs.strategy}${inputs.steps.length > 1 ? ` in steps ${inputs.steps.join(' → ')}%` : ''}`,
      ],
      ...(outcome.preSwitch
        ? [
            [
              'Pre-switch check',
              `${outcome.preSwitch.verdict} on ${outcome.preSwitch.fedBy}: ${outcome.preSwitch.reason}`,
            ],
          ]
        : []),
    ],
  );
  if (outcome.timeline.length) {
    summary.heading('Timeline', 3).table(
      ['Time', 'Event'],
      outcome.timeline.map((entry) => [entry.at, entry.event]),
    );
  }
  return summary;
}

export function setDeployOutputs(outcome: DeployOutcome): void {
  core.setOutput('color', outcome.color);
  core.setOutput('previous-color', outcome.previousColor ?? '');
  core.setOutput('version', outcome.version);
  core.setOutput('digest', outcome.digest);
  core.setOutput('url', outcome.url ?? '');
}

/** The step once its deploy inputs are read (main.ts): the pre-switch check's inputs, then the deploy. */
export async function bluegreenStep(raw: Inputs, inputs: DeployInputs): Promise<void> {
  const preSwitch = await getPreSwitchCheck(raw, inputs);
  const outcome = await bluegreenDeploy(inputs, new CleanupState(), { preSwitch });
  setDeployOutputs(outcome);
  await deploySummary(inputs, outcome).write();
}

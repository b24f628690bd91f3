// deploy: bluegreen-deploy, then verify-slo on the new color against the old one, then — when the
// verdict is fail — an automatic rollback (a switch back to the warm color, an incident record).
// One step, one summary; the step fails if it rolled back.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { runAction } from '../action.js';
import { errorMessage } from '../errors.js';
import { Inputs } from '../inputs.js';
import { Kubectl } from '../kube/kubectl.js';
import { SummaryBuilder } from '../report/summary.js';
import { type Incident, incidentSummary, rollback } from '../rollback/run.js';
import { attestVerification } from '../slo/attest.js';
import { getVerifySloInputs } from '../slo/inputs.js';
import { PrometheusClient } from '../slo/prometheus.js';
import { sloSummary } from '../slo/summary.js';
import { type VerificationReport, verifySlo } from '../slo/verify.js';
import { CleanupState } from '../state.js';
import { bluegreenDeploy, colorUrl, type DeployOutcome, kubeconfigFile } from './bluegreen.js';
import { type DeployInputs, getDeployInputs } from './inputs.js';
import { deploySummary, setDeployOutputs } from './run.js';
import { readState, writeState } from './state.js';

/** The verify-slo inputs with target and baseline defaulting to the new and the old color. */
function verifyInputsFor(source: Inputs, target: string, baseline: string | undefined, environment: string) {
  // The image is the deployed one; it is attested only when asked (`attest`).
  const attest = source.boolean('attest', false);
  return getVerifySloInputs(
    new Inputs((name) => {
      if (name === 'image' || name === 'digest') return attest ? source.raw(name) : '';
      if (name === 'environment') return attest ? source.raw(name) || environment : '';
      // {color} in the selectors is the new color in `target`, the previous one in `baseline`.
      const template = source.raw('target') || 'color="{color}"';
      if (name === 'target') return template.replaceAll('{color}', target);
      if (name === 'baseline') {
        const given = source.raw('baseline');
        if (given && !given.includes('{color}')) return given;
        if (given) return baseline ? given.replaceAll('{color}', baseline) : '';
        return baseline ? template.replaceAll('{color}', baseline) : '';
      }
      return source.raw(name);
    }),
  );
}

export async function run(): Promise<void> {
  await runAction(async () => {
    const source = new Inputs();
    const deployInputs = getDeployInputs(source);
    // Every input is checked before anything changes (the colors are placeholders here).
    verifyInputsFor(source, 'green', 'blue', deployInputs.environment);
    const autoRollback = source.boolean('auto-rollback', true);
    const cleanup = new CleanupState();

    const outcome = await bluegreenDeploy(deployInputs, cleanup);
    setDeployOutputs(outcome);
    if (outcome.noop) {
      await deploySummary(deployInputs, outcome).write();
      core.setOutput('verdict', 'pass');
      core.setOutput('rolled-back', 'false');
      core.info('the same digest was already live and verified: nothing to verify again');
      return;
    }
    // One summary, its outcome first; written however the step ends (a crash keeps what happened).
    const summary: UmbrellaSummary = {
      sections: [deploySummary(deployInputs, outcome, `🚀 Deploy: ${outcome.version} to ${outcome.color}`)],
    };
    try {
      await verifyAndDecide({ source, deployInputs, outcome, autoRollback, cleanup }, summary);
    } finally {
      const top = new SummaryBuilder();
      if (summary.headline) top.heading(summary.headline);
      await top.append(...summary.sections).write();
    }
  });
}

interface UmbrellaSummary {
  /** The outcome, once there is one. */
  headline?: string;
  sections: SummaryBuilder[];
}

interface Deployed {
  source: Inputs;
  deployInputs: DeployInputs;
  outcome: DeployOutcome;
  autoRollback: boolean;
  cleanup: CleanupState;
}

/** Verifies the new color against its SLOs; on a breach counts it and rolls back (unless told not to). */
async function verifyAndDecide(deployed: Deployed, summary: UmbrellaSummary): Promise<void> {
  const { source, deployInputs, outcome, autoRollback, cleanup } = deployed;
  const { release } = deployInputs;
  const { version } = outcome;
  const verify = verifyInputsFor(source, outcome.color, outcome.previousColor, deployInputs.environment);
  const givenBaseline = source.raw('baseline');
  if (!givenBaseline || givenBaseline.includes('{color}')) {
    // The previous color is the baseline: none on a first deploy, and after the switch it serves
    // nothing, so it is judged over the window before traffic moved.
    if (!outcome.previousColor)
      verify.plan.noBaselineReason = 'first deploy: no previous color to compare with';
    else if (outcome.trafficMovedAt)
      verify.plan.baselineBefore = Math.floor(Date.parse(outcome.trafficMovedAt) / 1000);
  }
  const client = new PrometheusClient(verify.prometheusUrl, { token: verify.prometheusToken });
  let report: VerificationReport;
  try {
    report = await verifySlo(verify.plan, client, { log: (line) => core.info(line) });
  } catch (error) {
    // No verdict (a rejected query, a crash): fail closed, like a breach.
    const now = new Date().toISOString();
    report = {
      verdict: 'fail',
      reason: `no verdict could be reached: ${errorMessage(error)}`,
      breached: [],
      prometheus: verify.prometheusUrl,
      target: verify.plan.target,
      windowSeconds: verify.plan.windowSeconds,
      intervalSeconds: verify.plan.intervalSeconds,
      warmUpSeconds: verify.plan.warmUpSeconds,
      onNoData: verify.plan.onNoData,
      startedAt: now,
      windowStart: now,
      finishedAt: now,
      elapsedSeconds: 0,
      slo: { sources: [] },
      warnings: [],
      objectives: [],
    };
  }
  const decidedAt = Date.now();
  core.setOutput('verdict', report.verdict);
  core.setOutput('breached', report.breached.join(','));
  core.setOutput('report', JSON.stringify(report));
  summary.sections.push(sloSummary(report, undefined));

  if (report.verdict === 'pass') {
    core.setOutput('rolled-back', 'false');
    if (report.noData) {
      // on-no-data: pass lets the step go on, but nothing was judged: no attestation vouches for it.
      summary.headline = `⚠️ ${release}: ${version} live on ${outcome.color}, not verified (${report.reason})`;
      return;
    }
    if (verify.attestation) await attestVerification(report, verify.attestation, verify.workDir, cleanup);
    summary.headline = `✅ ${release}: ${version} live on ${outcome.color}, its SLOs held`;
    return;
  }
  if (report.verdict === 'inconclusive') {
    core.warning(`SLO verification inconclusive: ${report.reason}; ${outcome.version} stays live`);
    core.setOutput('rolled-back', 'false');
    summary.headline = `⚠️ ${release}: ${version} live on ${outcome.color}, SLO verification inconclusive`;
    return;
  }

  // The breach counts in the release's record whatever happens next.
  const kubectl = new Kubectl(
    deployInputs.namespace,
    kubeconfigFile(deployInputs, deployInputs.workDir, cleanup),
  );
  const stored = await readState(kubectl, deployInputs.release);
  const state = structuredClone(stored.state);
  state.counters.sla_violations_total++;
  await writeState(kubectl, stored, state, deployInputs.historyLimit).catch((error) =>
    core.warning(`could not count the SLA violation: ${errorMessage(error)}`),
  );

  if (!autoRollback || !outcome.previousColor) {
    const why = autoRollback ? 'nothing to roll back to' : 'auto-rollback is off';
    core.setOutput('rolled-back', 'false');
    summary.headline = `❌ ${release}: ${version} breached its SLOs and stays live on ${outcome.color} (${why})`;
    core.setFailed(
      `SLO verification failed: ${report.reason}; ${outcome.version} stays live on ${outcome.color} (${why})`,
    );
    return;
  }

  const incident: Incident = await rollback(
    {
      ...deployInputs,
      to: 'previous',
      reason: `SLO breached (${report.breached.join(', ') || 'verification failed'}): ${report.reason}`,
    },
    cleanup,
  );
  const switchedAt = Date.parse(incident.finishedAt);
  const timeToRollback = {
    detectionSeconds: report.elapsedSeconds,
    decisionToTrafficBackSeconds: Math.max(0, (switchedAt - decidedAt) / 1000),
  };
  const dir = join(deployInputs.workDir, 'incidents');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `incident-${incident.id}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { ...incident, verification: { reason: report.reason, breached: report.breached }, timeToRollback },
      null,
      2,
    ),
  );
  core.setOutput('rolled-back', 'true');
  core.setOutput('incident', file);
  // What is live now: the version rolled back to; the rolled-back color stays as the previous one.
  core.setOutput('color', incident.to.color);
  core.setOutput('previous-color', incident.from.color ?? outcome.color);
  core.setOutput('version', incident.to.version);
  core.setOutput('digest', incident.to.digest);
  core.setOutput('url', colorUrl(deployInputs, incident.to.color) ?? '');
  summary.headline = `❌ ${release}: ${version} rolled back to ${incident.to.version} on ${incident.to.color} — ${report.breached.join(', ') || 'SLO verification failed'}`;
  summary.sections.push(incidentSummary(incident));
  summary.sections.push(
    new SummaryBuilder().heading('Time to rollback', 3).table(
      ['Part', 'Seconds'],
      [
        [
          'Verification until the breach was judged (window start → verdict)',
          timeToRollback.detectionSeconds.toFixed(1),
        ],
        [
          'Verdict → traffic back on the previous color',
          timeToRollback.decisionToTrafficBackSeconds.toFixed(1),
        ],
      ],
    ),
  );
  core.setFailed(
    `rolled back ${outcome.version} → ${incident.to.version} on ${incident.to.color}: SLO verification failed: ${report.reason}`,
  );
}

// deploy: bluegreen-deploy, then verify-slo on the new color against the old one, then — when the
// verdict is fail — an automatic rollback (a switch back to the warm color, an incident record).
// One step, one summary; the step fails if it rolled back. Verification starts when the new color
// takes its first real traffic (the first traffic step), so a release that breaches while traffic
// is still moving is judged from its first bad answer, not from the end of the steps.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  bluegreenDeploy,
  type DeployOutcome,
  heldForDecision,
  promoteHeld,
  type TrafficMoving,
} from '../bluegreen-deploy/bluegreen.js';
import type { DeployInputs } from '../bluegreen-deploy/inputs.js';
import { getPreSwitchCheck } from '../bluegreen-deploy/pre-switch.js';
import { deploySummary, setDeployOutputs } from '../bluegreen-deploy/run.js';
import { colorUrl } from '../bluegreen-deploy/smoke.js';
import { kubeconfigFile } from '../cluster/access.js';
import { DEFAULT_TARGET, fillSelector, type ReleasePlace } from '../cluster/release-labels.js';
import { entryOf, readState, updateReleaseRecord } from '../cluster/release-record.js';
import { errorMessage } from '../errors.js';
import { Inputs } from '../inputs.js';
import { Kubectl } from '../kube/kubectl.js';
import { getNotifyTargets, type Notifier, notifier } from '../notify/notify.js';
import { SummaryBuilder } from '../report/summary.js';
import type { Incident } from '../rollback/run.js';
import * as core from '../runner.js';
import { getVerifySloInputs, prometheusClientFor, type VerifySloInputs } from '../slo/inputs.js';
import { sloSummary } from '../slo/summary.js';
import { type VerificationReport, verifyFailClosed } from '../slo/verify.js';
import { CleanupState } from '../state.js';

/**
 * The verify-slo inputs: `target` and `baseline` are templates whose {namespace}, {release},
 * {color} and {version} are the new release's place and the previous one's (default: all four, so
 * the pods that ran on this color a minute ago are not judged with the new ones).
 */
async function verifyInputsFor(
  source: Inputs,
  target: ReleasePlace,
  baseline: ReleasePlace | undefined,
  environment: string,
) {
  // The image is the deployed one; it is attested only when asked (`attest`).
  const attest = source.boolean('attest', false);
  const template = source.raw('target') || DEFAULT_TARGET;
  return getVerifySloInputs(
    new Inputs((name) => {
      if (name === 'image' || name === 'digest') return attest ? source.raw(name) : '';
      if (name === 'environment') return attest ? source.raw(name) || environment : '';
      if (name === 'target') return fillSelector(template, target);
      if (name === 'baseline') {
        const given = source.raw('baseline');
        if (given && !PLACEHOLDER.test(given)) return given;
        return baseline ? fillSelector(given || template, baseline) : '';
      }
      return source.raw(name);
    }),
  );
}

/** A selector that names the previous release through placeholders, rather than fixed matchers. */
const PLACEHOLDER = /\{(namespace|release|color|version)\}/;

/** The step once its deploy inputs are read (main.ts). */
export async function deployStep(source: Inputs, deployInputs: DeployInputs): Promise<void> {
  // Every input is checked before anything changes (the colors are placeholders here).
  const place = {
    namespace: deployInputs.namespace,
    release: deployInputs.release,
    version: deployInputs.version,
  };
  await verifyInputsFor(
    source,
    { ...place, color: 'green' },
    { ...place, color: 'blue' },
    deployInputs.environment,
  );
  const preSwitch = await getPreSwitchCheck(source, deployInputs);
  const autoRollback = source.boolean('auto-rollback', true);
  const decision = source.oneOf('decision', DECISIONS, 'none');
  const notify = notifier(getNotifyTargets(source));
  const cleanup = new CleanupState();
  if (decision !== 'none') {
    await decide(decision, deployInputs, cleanup, notify);
    return;
  }
  const event = {
    release: deployInputs.release,
    environment: deployInputs.environment,
    version: deployInputs.version,
  };
  // Sent beside the deploy, not before it: a slow receiver must not delay the release (send never
  // throws; it is awaited before the step ends).
  const started = notify.send({ ...event, event: 'started' });
  try {
    let judging: Judging | undefined;
    let outcome: DeployOutcome;
    try {
      outcome = await bluegreenDeploy(deployInputs, cleanup, {
        preSwitch,
        trafficMoving: (moving) => {
          judging = startJudging(source, deployInputs, moving);
        },
        holding: () => judging?.holdReason(),
      });
    } catch (error) {
      judging?.stop();
      // `started` went out: the team hears how it ended (the lock, a pod that never got ready…).
      await notify.send({ ...event, event: 'failed', reason: errorMessage(error) });
      throw error;
    }
    setDeployOutputs(outcome);
    if (outcome.noop && outcome.recordedOutcome === 'verified') {
      await deploySummary(deployInputs, outcome).write();
      core.setOutput('verdict', 'pass');
      core.setOutput('rolled-back', 'false');
      core.info('the same digest was already live and verified: nothing to verify again');
      return;
    }
    // One summary, its outcome first; written however the step ends (a crash keeps what happened).
    const summary: UmbrellaSummary = {
      sections: [
        deploySummary(
          deployInputs,
          outcome,
          outcome.noop
            ? `🔁 ${outcome.version} already live on ${outcome.color}, never verified (${outcome.recordedOutcome ?? 'not in the record'}): verifying it now`
            : `🚀 Deploy: ${outcome.version} to ${outcome.color}`,
        ),
      ],
    };
    if (outcome.noop) {
      // Nothing moved: the live release is judged on its own traffic, with nothing beside it.
      core.info(
        `${outcome.version} is live but the record has it ${outcome.recordedOutcome ?? 'nowhere'}: verifying it`,
      );
      judging = startJudging(
        source,
        // The pods carry the version they were deployed with.
        { ...deployInputs, version: outcome.version },
        { color: outcome.color, previousColor: outcome.previousColor, at: new Date().toISOString() },
        're-run of the live digest: nothing serves beside it to compare with',
      );
    }
    judging ??= startJudging(source, deployInputs, {
      color: outcome.color,
      previousColor: outcome.previousColor,
      at: outcome.trafficMovedAt ?? new Date().toISOString(),
    });
    try {
      await verifyAndDecide(
        { source, deployInputs, outcome, autoRollback, cleanup, judging, notify },
        summary,
      );
    } finally {
      const top = new SummaryBuilder();
      if (summary.headline) top.heading(summary.headline);
      await top.append(...summary.sections).write();
    }
  } finally {
    await started;
  }
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
  judging: Judging;
  notify: Notifier;
}

/** A verification under way: its verdict, whatever happens (a crash is a failed report). */
interface Judging {
  verify: ReturnType<typeof verifyInputsFor>;
  report: Promise<VerificationReport>;
  /** The deploy failed: end the verification's waiting at once. */
  stop(): void;
  /**
   * With on-marginal: wait, why traffic must stop moving (the score fell below pass: the release
   * can no longer pass, and a person will decide); undefined otherwise.
   */
  holdReason(): string | undefined;
}

/**
 * Starts judging the new color as it takes its first traffic. With traffic steps the window is
 * lengthened by their planned time, so the new color is still judged for the whole window once
 * it holds all traffic.
 */
function startJudging(
  source: Inputs,
  deployInputs: DeployInputs,
  moving: Parameters<TrafficMoving>[0],
  noBaselineReason?: string,
): Judging {
  // One signal ends whichever wait is running; each wait removes its own listener when it ends.
  const stopped = new AbortController();
  const sleep = (ms: number) => delay(ms, undefined, { signal: stopped.signal });
  const verify = judgingInputs(source, deployInputs, moving, noBaselineReason);
  let holdReason: string | undefined;
  const report = verify.then((inputs) =>
    verifyFailClosed(inputs.plan, prometheusClientFor(inputs), {
      log: (line) => core.info(line),
      sleep,
      cannotPass: (why) => {
        // Only a person may take it further: a score that cannot pass never gets more traffic.
        if (inputs.plan.onMarginal === 'wait') holdReason = `${why}: on-marginal: wait`;
      },
    }),
  );
  // Inputs checked at the start cannot fail here; if they did, verifyAndDecide rethrows it, and a
  // deploy that failed first (nobody awaits the report) must not end in an unhandled rejection.
  report.catch(() => undefined);
  return { verify, report, stop: () => stopped.abort(), holdReason: () => holdReason };
}

/** What the new color is judged on: its place, the previous color as baseline, the window. */
async function judgingInputs(
  source: Inputs,
  deployInputs: DeployInputs,
  moving: Parameters<TrafficMoving>[0],
  noBaselineReason?: string,
): Promise<VerifySloInputs> {
  const { namespace, release, version } = deployInputs;
  const previous =
    moving.previousColor && moving.previousVersion
      ? { namespace, release, color: moving.previousColor, version: moving.previousVersion }
      : undefined;
  const verify = await verifyInputsFor(
    source,
    { namespace, release, color: moving.color, version },
    previous,
    deployInputs.environment,
  );
  const givenBaseline = source.raw('baseline');
  if (!givenBaseline || PLACEHOLDER.test(givenBaseline)) {
    // The previous release is the baseline: none on a first deploy, and once traffic moves it
    // serves less and then nothing, so it is judged over the window before traffic moved.
    if (noBaselineReason) verify.plan.noBaselineReason = noBaselineReason;
    else if (!moving.previousColor)
      verify.plan.noBaselineReason = 'first deploy: no previous color to compare with';
    else if (!previous)
      verify.plan.noBaselineReason = `the release record has no version for ${moving.previousColor}: nothing to compare with`;
    else verify.plan.baselineBefore = Math.floor(Date.parse(moving.at) / 1000);
  }
  const waits =
    moving.previousColor && !noBaselineReason
      ? deployInputs.steps.filter((step) => step < 100).length + (deployInputs.canary ? 1 : 0)
      : 0;
  const stepSeconds = Math.ceil((waits * deployInputs.stepIntervalMs) / 1000);
  if (stepSeconds > 0) {
    verify.plan.windowSeconds += stepSeconds;
    core.info(
      `verifying ${moving.color} from its first traffic step: a ${verify.plan.windowSeconds}s window (${stepSeconds}s of steps + ${verify.plan.windowSeconds - stepSeconds}s)`,
    );
  }
  return verify;
}

/** Verifies the new color against its SLOs; on a breach counts it and rolls back (unless told not to). */
async function verifyAndDecide(deployed: Deployed, summary: UmbrellaSummary): Promise<void> {
  const { deployInputs, outcome, autoRollback, cleanup, judging, notify } = deployed;
  const { release } = deployInputs;
  const { version } = outcome;
  const event = { release, environment: deployInputs.environment, version };
  const verify = await judging.verify;
  const report = await judging.report;
  const decidedAt = Date.now();
  core.setOutput('verdict', report.verdict);
  core.setOutput('breached', report.breached.join(','));
  core.setOutput('score', report.score === undefined ? '' : String(report.score));
  core.setOutput('report', JSON.stringify(report));
  summary.sections.push(sloSummary(report, undefined));

  const kubectl = new Kubectl(
    deployInputs.namespace,
    await kubeconfigFile(deployInputs, deployInputs.workDir, cleanup),
  );
  /** The deploy's own history entry gets the verdict's outcome (a breach is counted too). */
  const recordOutcome = (result: 'verified' | 'breached') =>
    updateReleaseRecord(
      kubectl,
      release,
      (state) => {
        const entry = entryOf(state, outcome.digest);
        // The rollback may have written first: what was rolled back stays so.
        if (entry && entry.outcome !== 'rolled-back') entry.outcome = result;
        if (result === 'breached') state.counters.sla_violations_total++;
      },
      deployInputs.historyLimit,
    );

  const url = colorUrl(deployInputs, outcome.color);
  if (report.verdict === 'pass') {
    core.setOutput('rolled-back', 'false');
    if (report.noData) {
      // on-no-data: pass lets the step go on, but nothing was judged: no attestation vouches for it,
      // the record keeps it as deployed, and the GitHub Deployment does not say success.
      summary.headline = `⚠️ ${release}: ${version} live on ${outcome.color}, not verified (${report.reason})`;
      await notify.send({ ...event, event: 'not-verified', verdict: report.verdict, reason: report.reason });
      await outcome.github?.status(
        'error',
        `${version} live on ${outcome.color}, not verified: ${report.reason}`,
        url,
      );
      return;
    }
    if (verify.attestation) {
      const { attestVerification } = await import('../slo/attest.js');
      await attestVerification(report, verify.attestation, verify.workDir, cleanup);
    }
    await recordOutcome('verified');
    await outcome.github?.status('success', `${version} live on ${outcome.color}, its SLOs held`, url);
    summary.headline = `✅ ${release}: ${version} live on ${outcome.color}, its SLOs held`;
    await notify.send({ ...event, event: 'verified', verdict: 'pass' });
    return;
  }
  // Held part-way, the release waits for a person unless it failed outright (then it is rolled back).
  if (report.verdict === 'marginal' || (outcome.heldAt !== undefined && report.verdict !== 'fail')) {
    await holdForDecision(deployed, report, kubectl, summary);
    return;
  }
  if (report.verdict === 'inconclusive') {
    core.warning(`SLO verification inconclusive: ${report.reason}; ${outcome.version} stays live`);
    core.setOutput('rolled-back', 'false');
    await notify.send({ ...event, event: 'not-verified', verdict: report.verdict, reason: report.reason });
    await outcome.github?.status(
      'error',
      `${version} live on ${outcome.color}, verification inconclusive`,
      url,
    );
    summary.headline = `⚠️ ${release}: ${version} live on ${outcome.color}, SLO verification inconclusive`;
    return;
  }

  // The breach is in the release's record whatever happens next: `previous` never picks it. It is
  // written beside the rollback, not before it: traffic goes back first (the two writes retry on
  // each other's conflicts, and a rolled-back entry stays rolled back).
  const breachRecorded = recordOutcome('breached').catch((error) =>
    core.warning(`the breach is not in the release record: ${errorMessage(error)}`),
  );
  const breached = { ...event, verdict: 'fail', breached: report.breached, reason: report.reason };
  const reportFailure = async () => {
    await notify.send({ ...breached, event: 'breached' });
    await breachRecorded;
    await outcome.github?.status(
      'failure',
      `${version} breached its SLOs: ${report.breached.join(', ') || report.reason}`,
    );
  };

  if (!autoRollback || !outcome.previousColor) {
    await reportFailure();
    const why = autoRollback ? 'nothing to roll back to' : 'auto-rollback is off';
    core.setOutput('rolled-back', 'false');
    summary.headline = `❌ ${release}: ${version} breached its SLOs and stays live on ${outcome.color} (${why})`;
    core.setFailed(
      `SLO verification failed: ${report.reason}; ${outcome.version} stays live on ${outcome.color} (${why})`,
    );
    return;
  }

  // Loaded only on a breach: most deploys never roll back, and the action starts faster without it.
  const { incidentSummary, rollback } = await import('../rollback/run.js');
  const incident: Incident = await rollback(
    {
      ...deployInputs,
      to: 'previous',
      force: false,
      // The previous color is what was live until this deploy, not a version picked from history.
      unsignedBecause: 'automatic rollback to the version live before this deploy',
      reason: `SLO breached (${report.breached.join(', ') || 'verification failed'}): ${report.reason}`,
    },
    cleanup,
  ).finally(reportFailure);
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
  await notify.send({
    ...breached,
    event: 'rolled-back',
    rolledBackTo: incident.to.version,
    timeToRollbackSeconds: timeToRollback.decisionToTrafficBackSeconds,
  });
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

const DECISIONS = ['none', 'promote', 'rollback'] as const;

/**
 * on-marginal: wait. The release keeps the traffic it has (the steps stopped when the score fell
 * below pass), the record holds it for a decision, and the step succeeds with a warning: the
 * reusable workflow's next job, behind an environment's required reviewers, promotes it or rolls
 * it back (this action with `decision`, or the Rollback form).
 */
async function holdForDecision(
  deployed: Deployed,
  report: VerificationReport,
  kubectl: Kubectl,
  summary: UmbrellaSummary,
): Promise<void> {
  const { deployInputs, outcome, notify } = deployed;
  const { release } = deployInputs;
  const breached = report.objectives.filter((o) => o.status === 'breached').map((o) => o.name);
  const percent = outcome.heldAt ?? 100;
  await updateReleaseRecord(
    kubectl,
    release,
    (state) => {
      const entry = entryOf(state, outcome.digest);
      if (entry && entry.outcome !== 'rolled-back') entry.outcome = 'held';
      state.held = {
        color: outcome.color,
        percent,
        version: outcome.version,
        digest: outcome.digest,
        ...(report.score === undefined ? {} : { score: report.score }),
        breached,
        since: new Date().toISOString(),
      };
    },
    deployInputs.historyLimit,
  );
  const where = `${percent}% on ${outcome.color}`;
  core.setOutput('rolled-back', 'false');
  core.setOutput('held-at', String(percent));
  core.warning(
    `${outcome.version} is held at ${where}: ${report.reason}. A person decides: deploy it again with 'decision: promote' or 'decision: rollback'`,
  );
  summary.headline = `🟡 ${release}: ${outcome.version} held at ${where} — score ${report.score ?? '—'}, marginal: waiting for a decision`;
  summary.sections.push(
    new SummaryBuilder()
      .heading('Waiting for a decision', 3)
      .paragraph(
        `${outcome.version} keeps ${percent}% of the traffic; ${breached.join(', ') || 'nothing'} breached. Promote it (the remaining traffic steps, then recorded as verified) or roll it back (its traffic back to the live color): the deploy action with \`decision: promote\` or \`decision: rollback\` and the same image — in the reusable workflow, the approval of the \`marginal-environment\` — or the Rollback form.`,
      ),
  );
  await notify.send({
    release,
    environment: deployInputs.environment,
    version: outcome.version,
    event: 'held',
    verdict: 'marginal',
    breached,
    reason: report.reason,
  });
  await outcome.github?.status('in_progress', `${outcome.version} held at ${where}, waiting for a decision`);
}

/** A person's decision on a held release: promote it, or roll it back (through the rollback path). */
async function decide(
  decision: 'promote' | 'rollback',
  deployInputs: DeployInputs,
  cleanup: CleanupState,
  notify: Notifier,
): Promise<void> {
  const event = {
    release: deployInputs.release,
    environment: deployInputs.environment,
    version: deployInputs.version,
  };
  core.setOutput('rolled-back', 'false');
  if (decision === 'promote') {
    const outcome = await promoteHeld(deployInputs, cleanup);
    setDeployOutputs(outcome);
    core.setOutput('verdict', 'pass');
    await deploySummary(
      deployInputs,
      outcome,
      `✅ ${deployInputs.release}: ${outcome.version} promoted on ${outcome.color} by a person's decision`,
    ).write();
    await notify.send({ ...event, event: 'verified', verdict: 'promoted', reason: 'promoted by decision' });
    return;
  }
  const kubectl = new Kubectl(
    deployInputs.namespace,
    await kubeconfigFile(deployInputs, deployInputs.workDir, cleanup),
  );
  const held = heldForDecision((await readState(kubectl, deployInputs.release)).state, deployInputs);
  const { incidentSummary, rollback } = await import('../rollback/run.js');
  const incident = await rollback(
    {
      ...deployInputs,
      to: 'previous',
      force: false,
      unsignedBecause: 'a held release taken back: the version live before it',
      reason: `rolled back by a person's decision: score ${held.score ?? '—'} (${held.breached.join(', ') || 'nothing'} breached)`,
    },
    cleanup,
  );
  core.setOutput('rolled-back', 'true');
  core.setOutput('verdict', 'fail');
  core.setOutput('color', incident.to.color);
  core.setOutput('version', incident.to.version);
  core.setOutput('digest', incident.to.digest);
  core.setOutput('url', colorUrl(deployInputs, incident.to.color) ?? '');
  await new SummaryBuilder()
    .heading(
      `↩️ ${deployInputs.release}: ${deployInputs.version} rolled back to ${incident.to.version} on ${incident.to.color} by a person's decision`,
    )
    .append(incidentSummary(incident))
    .write();
  await notify.send({
    ...event,
    event: 'rolled-back',
    rolledBackTo: incident.to.version,
    reason: incident.reason,
  });
}

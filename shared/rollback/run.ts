// rollback: put a known-good version back. With the previous color still warm and holding it,
// this is one traffic switch; otherwise the version is redeployed through the blue-green path.
// Always: post-rollback smoke checks and an incident record (summary + JSON file).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bluegreenDeploy, Deployer, type DeployOutcome } from '../bluegreen-deploy/bluegreen.js';
import { releaseVersion } from '../bluegreen-deploy/inputs.js';
import { colorUrl } from '../bluegreen-deploy/smoke.js';
import { kubeconfigFile } from '../cluster/access.js';
import { withLock } from '../cluster/lock.js';
import { fillSelector } from '../cluster/release-labels.js';
import {
  type Color,
  type ColorRecord,
  entryOf,
  type HeldRelease,
  type HistoryEntry,
  NOT_GOOD,
  otherColor,
  type ReleaseState,
  readState,
  updateReleaseRecord,
} from '../cluster/release-record.js';
import { keepWarm } from '../cluster/scale-down.js';
import { deploymentsOf, liveColorOf } from '../cluster/workloads.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { actor } from '../github/client.js';
import { startGithubDeployment } from '../github/deployment.js';
import { Inputs } from '../inputs.js';
import { Kubectl } from '../kube/kubectl.js';
import { getNotifyTargets, notifier } from '../notify/notify.js';
import { parseImageReference, repositoryName } from '../release/reference.js';
import { SummaryBuilder } from '../report/summary.js';
import * as core from '../runner.js';
import { prometheusClientFor } from '../slo/inputs.js';
import type { VerificationReport } from '../slo/verify.js';
import { CleanupState } from '../state.js';
import type { RollbackInputs, RollbackRequest, RollbackSigner } from './inputs.js';
import { type RollbackTarget, requireSignature, targetFromRegistry } from './trust.js';

export type { RollbackTarget } from './trust.js';

/**
 * Finds `to` (previous | version | sha | digest | #N history index) in the release's record.
 * `previous` is the newest version, other than the live one, whose latest outcome is deployed or
 * verified: never one that breached, was rolled back or failed. A version, sha or digest named
 * outright may be one that was rolled back (someone chose it); a failed entry never ran and is
 * refused unless `force` (its image may still be sound: the failure may have been the cluster's).
 */
export function resolveRollbackTarget(
  state: ReleaseState,
  to: string,
  liveDigest: string | undefined,
  options: { force?: boolean } = {},
): RollbackTarget {
  const ran = state.history.filter((entry) => entry.outcome !== 'failed');
  const imageOf = (entry: HistoryEntry) =>
    entry.image ?? Object.values(state.colors).find((record) => record?.digest === entry.digest)?.image ?? '';
  const pick = (entry: HistoryEntry | undefined): RollbackTarget | undefined =>
    entry ? { version: entry.version, digest: entry.digest, image: imageOf(entry) } : undefined;
  let found: RollbackTarget | undefined;
  if (to === 'previous' || to === '') {
    found = pick(lastGood(state.history).find((entry) => entry.digest !== liveDigest));
  } else if (/^#\d+$/.test(to)) {
    const entry = state.history[Number(to.slice(1))];
    if (entry?.outcome === 'failed' && !options.force)
      throw new ConfigurationError(
        `input 'to': ${to} is ${entry.version}, whose deploy failed (${entry.reason ?? 'no reason recorded'}): it never ran; name a version that did, or set 'force: true'`,
      );
    found = pick(entry);
  } else if (/^sha256:[a-f0-9]{64}$/.test(to)) {
    found = pick(ran.find((entry) => entry.digest === to));
  } else if (to.includes('/')) {
    // An image reference: an entry of that very repository, by its digest, else its tag's version.
    const named = parseImageReference(to, 'to');
    const tag = named.tag ?? '';
    found = pick(
      ran.find(
        (entry) =>
          repositoryOf(imageOf(entry)) === repositoryName(named) &&
          (named.digest
            ? entry.digest === named.digest
            : entry.version === tag || entry.version === tag.replace(/^v/, '')),
      ),
    );
  } else {
    found = pick(
      ran.find(
        (entry) =>
          entry.version === to ||
          entry.version === to.replace(/^v/, '') ||
          (/^[0-9a-f]{7,40}$/.test(to) && entry.version === `sha-${to.slice(0, 7)}`),
      ),
    );
  }
  if (!found) {
    const known = [...new Set(ran.map((entry) => entry.version))].join(', ') || 'none';
    throw new ConfigurationError(
      `input 'to': '${to || 'previous'}' is not in the release history of ${state.release} (known versions: ${known})`,
    );
  }
  if (!found.image) {
    throw new ConfigurationError(
      `input 'to': ${found.version} (${found.digest}) is in the history of ${state.release} but its image is no longer recorded; deploy it with bluegreen-deploy`,
    );
  }
  return found;
}

/** registry/repository of a recorded image; undefined when there is none (or it does not parse). */
function repositoryOf(image: string): string | undefined {
  try {
    return image ? repositoryName(parseImageReference(image)) : undefined;
  } catch {
    return undefined;
  }
}

/** Each digest's newest entry, newest first, kept only when that outcome is deployed or verified. */
function lastGood(history: readonly HistoryEntry[]): HistoryEntry[] {
  const seen = new Set<string>();
  return history.filter((entry) => {
    if (seen.has(entry.digest)) return false;
    seen.add(entry.digest);
    return !NOT_GOOD.includes(entry.outcome);
  });
}

/** In the history; else, with a signer, in the registry (its signature is checked next). */
async function findRollbackTarget(
  state: ReleaseState,
  inputs: { to: string; force: boolean; signer?: RollbackSigner },
  liveDigest: string | undefined,
): Promise<RollbackTarget> {
  try {
    return resolveRollbackTarget(state, inputs.to, liveDigest, { force: inputs.force });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    if (!inputs.signer)
      throw new ConfigurationError(
        `${error.message}; with 'cosign-key' or 'certificate-identity' a signed image from the registry can be put back too`,
      );
    const fromRegistry = await targetFromRegistry(inputs.to, state, inputs.signer);
    if (!fromRegistry) throw new ConfigurationError(`${error.message}, nor in the registry`);
    return fromRegistry;
  }
}

export interface Incident {
  id: string;
  release: string;
  environment: string;
  reason: string;
  from: { version?: string; digest?: string; color?: Color };
  to: { version: string; digest: string; color: Color };
  method: 'switch' | 'redeploy' | 'none';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  timeline: { at: string; event: string }[];
  /** smoke and slo: after the rollback (slo when verified); signature: before anything changed. */
  verdicts: { smoke: string; signature?: string; slo?: string };
  triggeredBy?: string;
  runUrl?: string;
}

export async function rollback(inputs: RollbackRequest, cleanup: CleanupState): Promise<Incident> {
  const started = new Date();
  mkdirSync(inputs.workDir, { recursive: true });
  const kubeconfig = await kubeconfigFile(inputs, inputs.workDir, cleanup);
  const kubectl = new Kubectl(inputs.namespace, kubeconfig);
  // Only the switch moves traffic with it, and all at once: a known-good version needs no steps.
  const deployer = new Deployer(kubectl, { ...inputs, steps: [100] }, kubeconfig);
  // Decided from this read, before the lock: under it, the switch or withdrawal reads again and
  // goes on only if what it was decided from still holds.
  const before = await readLive(kubectl, inputs);
  const { state, color: liveColor, record: live } = before;
  const held = state.held;
  if (held && held.percent < 100 && liveColor && live && (inputs.to === 'previous' || !inputs.to))
    return withdrawHeld(kubectl, deployer, inputs, { held, before, liveColor, live, started });
  const target = await findRollbackTarget(state, inputs, live?.digest);

  if (live?.digest === target.digest)
    return nothingToRollBack(inputs, started, target, liveColor as Color, live);

  const idle: Color | undefined = liveColor ? otherColor(liveColor) : undefined;
  const warm = idle && state.colors[idle]?.digest === target.digest ? idle : undefined;
  // Said before the signature check and the lock: found out in the deploy, it would be recorded
  // there as a failed deploy of the version, which `previous` then passes over.
  if (!warm && inputs.source.kind === 'none')
    throw new ConfigurationError(
      `${target.version} is not warm on ${idle ?? 'either color'}, so it can only be put back by a redeploy: give 'manifests' or 'chart'; nothing was changed`,
    );
  // Before anything changes: the version put back must carry the release signer's signature.
  if (!inputs.signer && !inputs.unsignedBecause)
    throw new Error('rollback without a signer needs a reason the signature goes unchecked');
  const signature = inputs.signer
    ? await requireSignature(target.image, state, inputs.signer, inputs.environment, inputs.workDir, cleanup)
    : `not checked: ${inputs.unsignedBecause}`;
  let outcome: {
    color: Color;
    timeline: { at: string; event: string }[];
    method: Incident['method'];
    settled?: Settled;
  };
  if (warm) {
    outcome = await withLock(kubectl, inputs.release, inputs.lockTimeoutMs, async () => {
      // Another run (a deploy, a second rollback) may have moved the release while this one
      // waited: the switch decided above is made only if what it rests on is as it was.
      const now = await readLive(kubectl, inputs);
      if (now.record?.digest === target.digest)
        return { color: now.color as Color, timeline: deployer.timeline, method: 'none' as const };
      const change =
        liveChange(before, now) ??
        (now.state.colors[warm]?.digest !== target.digest
          ? `${warm} held ${target.version}, now ${now.state.colors[warm]?.version ?? 'nothing'}`
          : undefined);
      if (change) throw changedWhileWaiting(inputs.release, change);
      deployer.note(
        `rolling back ${inputs.release} from ${live?.version} to ${target.version}, warm on ${warm}: ${inputs.reason}`,
      );
      const deployments = await deploymentsOf(kubectl, inputs, warm);
      for (const deployment of deployments) {
        const replicas = (deployment.spec as { replicas?: number }).replicas ?? 0;
        if (replicas === 0) await kubectl.scale(deployment.metadata.name, 1);
      }
      // An idle color shrinks (its autoscaler saw no load, or scale-down took it to 0): it gets
      // back at least what the live color runs before it takes the load again.
      await deployer.preScale(
        warm,
        liveColor,
        deployments.map((d) => d.metadata.name),
      );
      await deployer.waitReady(
        warm,
        deployments.map((d) => d.metadata.name),
      );
      await deployer.shiftTraffic(warm, undefined);
      // The environment's active deployment is the version put back again (auto_inactive retires
      // the one rolled back); a redeploy reports its own.
      const github = await startGithubDeployment(inputs.token, {
        environment: inputs.environment,
        version: target.version,
        description: `rollback to ${target.version} on ${warm}: ${inputs.reason}`,
      });
      await github.status(
        'success',
        `${target.version} live on ${warm} (rolled back)`,
        colorUrl(inputs, warm),
      );
      // Still under the lock: a deploy waiting for it must find the record (active color, what
      // stays warm) as this switch left it, and the color taken away not scaled down under it.
      const settled = await settle(kubectl, deployer, inputs, {
        target,
        color: warm,
        takenAway: live?.digest,
        switchedFrom: liveColor,
      });
      return { color: warm, timeline: deployer.timeline, method: 'switch' as const, settled };
    });
  } else {
    const redeployed: DeployOutcome = await bluegreenDeploy(
      { ...inputs, ...releaseVersion(target.image, target.version, 'to') },
      cleanup,
      {
        // As a switch does: what is taken away (and named in the incident) is what was live when
        // the rollback was decided, or nothing changes.
        stillDecided: ({ color, state }) => {
          const change = liveChange(before, liveRelease(state, color));
          if (change) throw changedWhileWaiting(inputs.release, change);
        },
      },
    );
    // Its deploy decides again under its own lock: a no-op there is the target put back meanwhile.
    outcome = {
      color: redeployed.color,
      timeline: redeployed.timeline,
      method: redeployed.noop ? 'none' : 'redeploy',
    };
  }
  // Another run put the target back while this one waited for the lock: nothing to record.
  if (outcome.method === 'none') return nothingToRollBack(inputs, started, target, outcome.color);

  // The switch settles under its lock; a redeploy's own lock ended with its deploy.
  const { smoke, finished } =
    outcome.settled ??
    (await settle(kubectl, deployer, inputs, { target, color: outcome.color, takenAway: live?.digest }));
  return incidentOf(inputs, started, finished, {
    from: { version: live?.version, digest: live?.digest, color: liveColor },
    to: { version: target.version, digest: target.digest, color: outcome.color },
    method: outcome.method,
    timeline: outcome.timeline,
    verdicts: { smoke, signature },
  });
}

/** The incident of this rollback: what was asked, when and by whom, and `what` it did. */
function incidentOf(
  inputs: RollbackRequest,
  started: Date,
  finished: Date,
  what: Pick<Incident, 'from' | 'to' | 'method' | 'timeline' | 'verdicts'>,
): Incident {
  return {
    id: `${inputs.release}-${started.getTime()}`,
    release: inputs.release,
    environment: inputs.environment,
    reason: inputs.reason,
    from: what.from,
    to: what.to,
    method: what.method,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    timeline: what.timeline,
    verdicts: what.verdicts,
    triggeredBy: actor().actor,
    runUrl: actor().run,
  };
}

interface Settled {
  smoke: string;
  finished: Date;
}

/**
 * After the version is back: its smoke check, the color taken away scaled down (scale-down-delay
 * 0), and the record: the rollback in the history, what it took away never `previous` again.
 */
async function settle(
  kubectl: Kubectl,
  deployer: Deployer,
  inputs: RollbackRequest,
  rollback: {
    target: RollbackTarget;
    color: Color;
    /** The digest that was live: what the rollback took away. */
    takenAway?: string;
    /** A switch's: the color it took the traffic from (a redeploy's deploy recorded its own). */
    switchedFrom?: Color;
  },
): Promise<Settled> {
  const { target, color, takenAway, switchedFrom } = rollback;
  const smoke = await smokeAfter(deployer, inputs, color);
  if (switchedFrom && inputs.scaleDownDelayMs === 0) await deployer.scaleDown(switchedFrom);
  const finished = new Date();
  const entry: HistoryEntry = {
    action: 'rollback',
    version: target.version,
    digest: target.digest,
    image: target.image,
    color,
    at: finished.toISOString(),
    outcome: 'deployed',
    reason: inputs.reason,
    ...actor(),
  };
  await updateReleaseRecord(
    kubectl,
    inputs.release,
    (state) => {
      // What was taken away is never `previous` again (a version named outright still may be).
      const rolledBack = entryOf(state, takenAway);
      if (rolledBack) rolledBack.outcome = 'rolled-back';
      state.history.unshift(entry);
      state.counters.rollbacks_total++;
      // Whatever was held for a decision is decided: it was rolled back, or replaced.
      delete state.held;
      if (switchedFrom) {
        state.previousColor = switchedFrom;
        state.activeColor = color;
        // What was taken away stays warm for scale-down-delay (to look into, or to switch to
        // again), then the next run or housekeeping scales it down.
        keepWarm(state, switchedFrom, finished, inputs.scaleDownDelayMs);
      }
    },
    inputs.historyLimit,
  );
  return { smoke, finished };
}

/** What is live: the color the live Service selects, and what the release record has on it. */
interface LiveRelease {
  state: ReleaseState;
  color?: Color;
  record?: ColorRecord;
}

async function readLive(kubectl: Kubectl, inputs: RollbackRequest): Promise<LiveRelease> {
  const { state } = await readState(kubectl, inputs.release);
  return liveRelease(state, liveColorOf(await kubectl.get('service', inputs.service)));
}

function liveRelease(state: ReleaseState, color: Color | undefined): LiveRelease {
  return { state, color, record: color ? state.colors[color] : undefined };
}

/** How what is live moved between two reads, in words; undefined when it did not. */
function liveChange(before: LiveRelease, now: LiveRelease): string | undefined {
  if (now.color === before.color && now.record?.digest === before.record?.digest) return undefined;
  const text = (live: LiveRelease) =>
    live.color ? `${live.record?.version ?? 'an unrecorded version'} on ${live.color}` : 'nothing';
  return `live was ${text(before)}, now ${text(now)}`;
}

/** A decision made before the lock that no longer holds: deciding again is the operator's call. */
function changedWhileWaiting(release: string, change: string): ConfigurationError {
  return new ConfigurationError(
    `release ${release} changed while this rollback waited for its lock: ${change}; nothing was changed; run the rollback again to decide against what is live now`,
  );
}

/** The incident of a rollback whose target is already live, on `color`: nothing changed. */
function nothingToRollBack(
  inputs: RollbackRequest,
  started: Date,
  target: { version: string; digest: string },
  color: Color,
  live: { version?: string; digest?: string } = target,
): Incident {
  const now = new Date();
  return incidentOf(inputs, started, now, {
    from: { version: live.version, digest: live.digest, color },
    to: { version: target.version, digest: target.digest, color },
    method: 'none',
    timeline: [
      { at: now.toISOString(), event: `${target.version} is already live on ${color}: nothing to roll back` },
    ],
    verdicts: { smoke: 'not run' },
  });
}

/** The smoke check of what was put back, as the incident records it: never a reason to stop. */
async function smokeAfter(deployer: Deployer, inputs: RollbackRequest, color: Color): Promise<string> {
  if (!inputs.smoke) return 'not configured';
  try {
    await deployer.smoke(color);
    return 'pass';
  } catch (error) {
    return `fail: ${errorMessage(error)}`;
  }
}

/**
 * Rolls back a release held part-way (on-marginal: wait): its share of the traffic goes back to
 * the live color, which never stopped being active. Nothing is redeployed and nothing else moves.
 */
async function withdrawHeld(
  kubectl: Kubectl,
  deployer: Deployer,
  inputs: RollbackRequest,
  context: { held: HeldRelease; before: LiveRelease; liveColor: Color; live: ColorRecord; started: Date },
): Promise<Incident> {
  const { held, before, liveColor, live, started } = context;
  const finished = await withLock(kubectl, inputs.release, inputs.lockTimeoutMs, async () => {
    // As for the switch: another run may have withdrawn, promoted or replaced it meanwhile.
    const now = await readLive(kubectl, inputs);
    const change = liveChange(before, now);
    if (!change && !now.state.held) return undefined;
    const still = now.state.held;
    if (change || still?.digest !== held.digest || still.color !== held.color)
      throw changedWhileWaiting(
        inputs.release,
        change ??
          `${held.version} was held at ${held.percent}% on ${held.color}, now ${still?.version} is held at ${still?.percent}% on ${still?.color}`,
      );
    deployer.note(
      `withdrawing ${held.version} (held at ${held.percent}% on ${held.color}, score ${held.score ?? '—'}): all traffic back to ${live.version} on ${liveColor}: ${inputs.reason}`,
    );
    await deployer.shiftTraffic(liveColor, undefined);
    if (inputs.scaleDownDelayMs === 0) await deployer.scaleDown(held.color);
    const at = new Date();
    // Recorded under the lock: only the record says it is no longer held, and the next run to
    // take the lock decides from it.
    await updateReleaseRecord(
      kubectl,
      inputs.release,
      (state) => {
        const withdrawn = entryOf(state, held.digest);
        if (withdrawn) {
          withdrawn.outcome = 'rolled-back';
          withdrawn.reason = inputs.reason;
        }
        delete state.held;
        state.counters.rollbacks_total++;
        keepWarm(state, held.color, at, inputs.scaleDownDelayMs);
      },
      inputs.historyLimit,
    );
    return at;
  });
  if (!finished) return nothingToRollBack(inputs, started, live, liveColor);
  const smoke = await smokeAfter(deployer, inputs, liveColor);
  return incidentOf(inputs, started, finished, {
    from: { version: held.version, digest: held.digest, color: held.color },
    to: { version: live.version, digest: live.digest, color: liveColor },
    method: 'switch',
    timeline: deployer.timeline,
    verdicts: { smoke, signature: `not needed: ${live.version} never stopped being live` },
  });
}

export function incidentSummary(incident: Incident): SummaryBuilder {
  return new SummaryBuilder()
    .heading(
      `⏪ Rollback of ${incident.release} (${incident.environment}): ${incident.from.version ?? '?'} → ${incident.to.version}`,
    )
    .paragraph(`**Reason:** ${incident.reason}`)
    .table(
      ['', 'From', 'To'],
      [
        ['Version', incident.from.version ?? '—', incident.to.version],
        ['Digest', `\`${incident.from.digest ?? '—'}\``, `\`${incident.to.digest}\``],
        ['Color', incident.from.color ?? '—', incident.to.color],
      ],
    )
    .paragraph(
      `Method: **${incident.method}** in ${(incident.durationMs / 1000).toFixed(1)}s · smoke: ${incident.verdicts.smoke}${incident.verdicts.slo ? ` · SLO: ${incident.verdicts.slo}` : ''}${incident.verdicts.signature ? ` · signature: ${incident.verdicts.signature}` : ''} · triggered by ${incident.triggeredBy ?? 'unknown'}${incident.runUrl ? ` in ${incident.runUrl}` : ''}`,
    )
    .heading('Timeline', 3)
    .table(
      ['Time', 'Event'],
      incident.timeline.map((entry) => [entry.at, entry.event]),
    );
}

/** The rollback step once its inputs are checked (shared/rollback/main.ts checks them first). */
export async function rollbackStep(inputs: RollbackInputs): Promise<void> {
  {
    const notify = notifier(getNotifyTargets(new Inputs()));
    const cleanup = new CleanupState();
    const incident = await rollback(inputs, cleanup);
    // The post-rollback verification selects the version put back only, nothing beside it.
    const target = fillSelector(inputs.targetTemplate, {
      namespace: inputs.namespace,
      release: inputs.release,
      color: incident.to.color,
      version: incident.to.version,
    });
    core.setOutput('target', target);
    core.setOutput('version', incident.to.version);
    core.setOutput('digest', incident.to.digest);
    core.setOutput('color', incident.to.color);
    const { verify } = inputs;

    let report: VerificationReport | undefined;
    let recordError = '';
    // Smoke first: a version that does not answer is not judged for a whole window.
    if (verify && incident.method !== 'none' && !incident.verdicts.smoke.startsWith('fail')) {
      verify.plan.target = target;
      core.info(`verifying ${incident.to.version} after the rollback: ${target}`);
      // Verification, its summary and the incident issue are loaded by the runs that use them.
      const { verifyFailClosed } = await import('../slo/verify.js');
      const client = prometheusClientFor(verify);
      report = await verifyFailClosed(verify.plan, client, { log: (line) => core.info(line) });
      incident.verdicts.slo = report.verdict;
      core.setOutput('verdict', report.verdict);
      core.setOutput('report', JSON.stringify(report));
      if (report.verdict === 'fail') {
        // The version put back did not hold either: recorded, never `previous` again.
        const kubectl = new Kubectl(inputs.namespace, await kubeconfigFile(inputs, inputs.workDir, cleanup));
        await updateReleaseRecord(
          kubectl,
          inputs.release,
          (state) => {
            const entry = entryOf(state, incident.to.digest);
            if (entry) entry.outcome = 'breached';
          },
          inputs.historyLimit,
        ).catch((error) => {
          recordError = errorMessage(error);
        });
      }
    }

    const dir = join(process.env.RUNNER_TEMP || resolve('.tmp'), 'rollback');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `incident-${incident.id}.json`);
    writeFileSync(file, JSON.stringify(incident, null, 2));
    core.setOutput('incident', file);
    const summary = incidentSummary(incident);
    if (report) summary.append((await import('../slo/summary.js')).sloSummary(report, undefined));
    await summary.write();
    if (inputs.incidentIssue && incident.method !== 'none') {
      const { openIncidentIssue } = await import('./incident-issue.js');
      const url = await openIncidentIssue(inputs.token, incident, summary);
      if (url) core.setOutput('issue-url', url);
    }
    if (incident.method !== 'none')
      await notify.send({
        event: 'rolled-back',
        release: inputs.release,
        environment: inputs.environment,
        version: incident.from.version ?? '?',
        rolledBackTo: incident.to.version,
        verdict: report?.verdict,
        reason: inputs.reason,
        timeToRollbackSeconds: incident.durationMs / 1000,
      });
    const failed = [
      incident.verdicts.smoke.startsWith('fail')
        ? `the post-rollback smoke check failed: ${incident.verdicts.smoke}`
        : '',
      report?.verdict === 'fail' ? `its SLO verification failed: ${report.reason}` : '',
      recordError,
    ].filter(Boolean);
    if (failed.length) core.setFailed(`rolled back to ${incident.to.version}, but ${failed.join('; ')}`);
    else if (report?.verdict === 'inconclusive')
      core.warning(`post-rollback SLO verification inconclusive: ${report.reason}`);
  }
}

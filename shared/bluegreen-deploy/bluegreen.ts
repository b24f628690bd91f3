// bluegreen-deploy: lock → read state → deploy the idle color pinned by digest → wait ready →
// smoke → move traffic (at every step a health check; any failure routes everything back) →
// record state → keep the previous color warm. Traffic never reaches a color that is not ready.

import { mkdirSync } from 'node:fs';
import { Cancelled, pause, whileCancellable } from '../cancel.js';
import { kubeconfigFile } from '../cluster/access.js';
import { withLock } from '../cluster/lock.js';
import { versionLabelValue } from '../cluster/release-labels.js';
import {
  type Color,
  entryOf,
  type HeldRelease,
  type HistoryEntry,
  type Outcome,
  otherColor,
  type ReleaseState,
  readState,
  updateReleaseRecord,
} from '../cluster/release-record.js';
import { keepWarm, scaleDownDue } from '../cluster/scale-down.js';
import { deploymentsOf, liveColorOf } from '../cluster/workloads.js';
import { ConfigurationError, errorMessage, ToolError } from '../errors.js';
import { actor } from '../github/client.js';
import { type DeploymentReporter, startGithubDeployment } from '../github/deployment.js';
import { Kubectl, type KubeObject } from '../kube/kubectl.js';
import * as core from '../runner.js';
import type { CleanupState } from '../state.js';
import { execTool } from '../tools/exec.js';
import type { DeployInputs, ReleaseInputs, ReleaseVersion } from './inputs.js';
import { colorManifests, serviceTemplate } from './manifests.js';
import { type PreSwitchCheck, type PreSwitchReport, runPreSwitchCheck } from './pre-switch.js';
import { colorUrl, runSmoke } from './smoke.js';
import { colorService, describeCanary, RouteMirror, routeTraffic, type TrafficTarget } from './traffic.js';

export interface DeployOutcome {
  color: Color;
  previousColor?: Color;
  version: string;
  digest: string;
  url?: string;
  noop: boolean;
  /** On a no-op: what the record says became of the live digest (verified, or not yet). */
  recordedOutcome?: Outcome;
  /**
   * The GitHub Deployment of this deploy. Under verification it is left in progress for the
   * verdict: success only once verified, failure when it breached.
   */
  github?: DeploymentReporter;
  /** The pre-switch SLO check's report, when one ran (it passed, or the deploy failed). */
  preSwitch?: PreSwitchReport;
  /** When traffic began to move to the new color: the previous color's metrics before it are its baseline. */
  trafficMovedAt?: string;
  /** The traffic steps stopped here (below 100%) because the verification can no longer pass. */
  heldAt?: number;
  timeline: { at: string; event: string }[];
}

/** What a deploy hooks into besides the mechanics. */
export interface DeployHooks {
  /**
   * Set by the deploy umbrella, which judges the new color from its first traffic step: the GitHub
   * Deployment is left in progress for its verdict.
   */
  trafficMoving?: TrafficMoving;
  /** The pre-switch SLO check: the idle color judged on smoke traffic before any real traffic. */
  preSwitch?: PreSwitchCheck;
  /**
   * Asked before each further traffic step: a reason to stop moving traffic and hold where it is
   * (on-marginal: wait, once the verification can no longer pass).
   */
  holding?: () => string | undefined;
  /**
   * Asked under the lock, with what is live then, before anything changes (never on a no-op): a run
   * decided before the lock (a rollback) throws here if what it decided from no longer holds.
   */
  stillDecided?: (live: { color?: Color; state: ReleaseState }) => void;
}

/** Called once, just before the first traffic step (never on a no-op): the new color starts to take real traffic. */
export type TrafficMoving = (moving: {
  color: Color;
  previousColor?: Color;
  /** The version the previous color runs, as the release record has it. */
  previousVersion?: string;
  at: string;
}) => void;

export class Deployer {
  readonly timeline: { at: string; event: string }[] = [];
  constructor(
    readonly kubectl: Kubectl,
    readonly inputs: ReleaseInputs,
    private readonly kubeconfigPath?: string,
  ) {}

  note(event: string): void {
    this.timeline.push({ at: new Date().toISOString(), event });
    core.info(event);
  }

  /** Applies the idle color's workloads pinned by digest and returns the Deployments to wait for. */
  async applyColor(color: Color, { imageByDigest, version }: ReleaseVersion): Promise<string[]> {
    const { inputs } = this;
    if (inputs.source.kind === 'manifests') {
      const colored = colorManifests(inputs.source.objects, color, imageByDigest, inputs.selector, version);
      await this.kubectl.apply(colored.workloads);
      return colored.deployments;
    }
    if (inputs.source.kind === 'none') {
      throw new ConfigurationError(`deploying ${imageByDigest} to ${color} needs 'chart' or 'manifests'`);
    }
    const helmRelease = `${inputs.release}-${color}`;
    const args = ['upgrade', '--install', helmRelease, inputs.source.chart, '--namespace', inputs.namespace];
    if (this.kubeconfigPath) args.push('--kubeconfig', this.kubeconfigPath);
    for (const file of inputs.source.values) args.push('--values', file);
    for (const entry of inputs.source.set) args.push('--set', entry);
    const [repository, digest] = imageByDigest.split('@') as [string, string];
    args.push(
      '--set',
      `color=${color}`,
      // The pods' version label (what verification selects on), as for plain manifests.
      '--set-string',
      `version=${versionLabelValue(version)}`,
      '--set',
      `image.repository=${repository}`,
      '--set',
      `image.digest=${digest}`,
      '--set',
      'service.create=false',
    );
    await execTool('helm', args, { timeoutMs: inputs.timeoutMs + 60_000 });
    // Helm's standard instance label names exactly this color's release, whatever else shares the selector.
    const deployments = await this.kubectl.list('deployment', `app.kubernetes.io/instance=${helmRelease}`);
    if (!deployments.length) {
      throw new ConfigurationError(
        `chart ${inputs.source.chart} rendered no Deployment labelled app.kubernetes.io/instance=${helmRelease}: the chart must set Helm's standard labels, and label its pods with 'selector' and color`,
      );
    }
    return deployments.map((d) => d.metadata.name);
  }

  /**
   * Before `color` takes traffic from `live`: each of its Deployments gets at least as many
   * replicas as its counterpart on the live color has now (an autoscaler may have grown it far
   * past the manifests' count), so a switch never hands the live load to a minimum-sized color.
   */
  async preScale(color: Color, live: Color | undefined, deployments: string[]): Promise<void> {
    if (!live) return;
    const liveDeployments = await deploymentsOf(this.kubectl, this.inputs, live);
    const replicasOf = (object: KubeObject | undefined) =>
      (object?.spec as { replicas?: number })?.replicas ?? 1;
    for (const name of deployments) {
      const counterpart = liveDeployments.find(
        (candidate) => candidate.metadata.name === counterpartName(name, color, live),
      );
      if (!counterpart) continue;
      const wanted = replicasOf(counterpart);
      const current = replicasOf(await this.kubectl.get('deployment', name));
      if (wanted > current) {
        await this.kubectl.scale(name, wanted);
        this.note(
          `pre-scaled ${name} to ${wanted} replicas, as ${counterpart.metadata.name} runs now (was ${current})`,
        );
      }
    }
  }

  async waitReady(color: Color, deployments: string[]): Promise<void> {
    for (const name of deployments) {
      try {
        await this.kubectl.rolloutStatus(name, this.inputs.timeoutMs);
      } catch (error) {
        const why = error instanceof ToolError ? error.message : errorMessage(error);
        throw new DeployFailure(`${color} never became ready (${name}): ${why}`);
      }
    }
    this.note(`${color} is ready (${deployments.join(', ')})`);
  }

  /** The live Service (and, for weighted strategies, one Service per color) exist. */
  async ensureServices(): Promise<void> {
    const { inputs } = this;
    const template = inputs.source.kind === 'manifests' ? serviceTemplate(inputs.source.objects) : undefined;
    const ports = (template?.spec as { ports?: unknown[] } | undefined)?.ports ?? [
      { name: 'http', port: inputs.servicePort, targetPort: inputs.targetPort },
    ];
    const service = (name: string, color?: Color): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name,
        labels: { 'app.kubernetes.io/managed-by': 'pipeline', 'pipeline/release': inputs.release },
      },
      spec: { selector: { ...inputs.selector, ...(color ? { color } : {}) }, ports },
    });
    const wanted: KubeObject[] = [];
    if (!(await this.kubectl.get('service', inputs.service))) wanted.push(service(inputs.service));
    if (inputs.strategy !== 'service') {
      for (const color of ['blue', 'green'] as Color[])
        wanted.push(service(colorService(inputs.service, color), color));
    }
    if (wanted.length) await this.kubectl.apply(wanted);
  }

  /**
   * Every request to the live color before the idle one is replaced: a run stopped part-way
   * (cancelled, its runner lost, its routing back failed) or a release held for a decision leaves a
   * share of the traffic, a canary match or a mirror on the idle color, and its pods are about to
   * change under that traffic. Routing is idempotent: when nothing was left, nothing changes.
   */
  async clearIdle(idle: Color, live: Color): Promise<void> {
    await this.ensureServices();
    await routeTraffic(this.kubectl, this.trafficTarget(), live, 100);
    this.note(`traffic: all on ${live} before ${idle} is replaced`);
  }

  /** Where this release's traffic is moved: its strategy, live Service, router and canary match. */
  trafficTarget(): TrafficTarget {
    const { strategy, service, router, canary } = this.inputs;
    return { strategy, service, router, canary };
  }

  /** Smoke-checks `color`; a run cancelled meanwhile stops checking with the cancel as its error. */
  async smoke(color: Color, cancelled?: AbortSignal): Promise<void> {
    if (!this.inputs.smoke) return;
    try {
      this.note(`smoke ${color}: ${await runSmoke(this.inputs.smoke, color, cancelled)}`);
    } catch (error) {
      if (error instanceof Cancelled) throw error;
      throw new DeployFailure(errorMessage(error));
    }
  }

  /**
   * Moves traffic to `color` step by step (those above `after` percent); on any failure, or when
   * the run is cancelled meanwhile, everything goes back to `from`. Returns the percentage it held
   * at when `holding` gave a reason to stop.
   */
  shiftTraffic(
    color: Color,
    from: Color | undefined,
    options: { after?: number; holding?: () => string | undefined } = {},
  ): Promise<number | undefined> {
    // Cancelled between steps, the run would end with its share left on `color`.
    return whileCancellable((cancelled) => this.stepTraffic(color, from, options, cancelled));
  }

  private async stepTraffic(
    color: Color,
    from: Color | undefined,
    options: { after?: number; holding?: () => string | undefined },
    cancelled: AbortSignal,
  ): Promise<number | undefined> {
    const { inputs } = this;
    const target = this.trafficTarget();
    // A canary match first gets the matching requests alone (0%), then the weighted steps.
    const planned = from ? [...(inputs.canary ? [0] : []), ...inputs.steps] : [100];
    const steps = planned.filter((step) => options.after === undefined || step > options.after);
    let reached = options.after ?? 0;
    let moved = options.after !== undefined;
    // The step whose routing is under way: cancelled then, its share may or may not have landed.
    let moving: number | undefined;
    for (const step of steps) {
      const hold = moved ? options.holding?.() : undefined;
      if (hold) {
        this.note(`traffic held at ${reached}% to ${color}: ${hold}`);
        return reached;
      }
      try {
        cancelled.throwIfAborted();
        moving = step;
        await routeTraffic(this.kubectl, target, color, step);
        moving = undefined;
        this.note(
          step === 0 && inputs.canary
            ? `traffic: requests with ${describeCanary(inputs.canary)} to ${color}, no share of the rest`
            : `traffic ${step}% to ${color}`,
        );
        reached = step;
        moved = true;
        if (step < 100) {
          await pause(inputs.stepIntervalMs, cancelled);
          await this.smoke(color, cancelled);
        }
      } catch (error) {
        if (!from) throw error;
        // Cancelled while a step ran: whatever broke then (a kubectl the signal reached too) is the cancel.
        const cause: unknown = cancelled.aborted ? cancelled.reason : error;
        const why = errorMessage(cause);
        // "traffic step 50% to green failed (why)", or "the run was cancelled (SIGINT) at 50% to
        // green" ("while moving 50% to green" when it came during that step's routing).
        const [what, detail] =
          cause instanceof Cancelled
            ? [
                `${why} ${moving === undefined ? `at ${reached}%` : `while moving ${moving}%`} to ${color}`,
                '',
              ]
            : [`traffic step ${step}% to ${color} failed`, why];
        try {
          await routeTraffic(this.kubectl, target, from, 100);
          this.note(`traffic back to ${from} after: ${why}`);
        } catch (backError) {
          throw new DeployFailure(
            `${what}${detail && ` (${detail})`} and routing back to ${from} failed too (${errorMessage(backError)}); re-run to converge`,
          );
        }
        throw new DeployFailure(`${what}, all traffic is back on ${from}${detail && `: ${detail}`}`);
      }
    }
    return undefined;
  }

  async scaleDown(color: Color): Promise<void> {
    const deployments = await deploymentsOf(this.kubectl, this.inputs, color);
    for (const deployment of deployments) await this.kubectl.scale(deployment.metadata.name, 0);
    if (deployments.length)
      this.note(`scaled ${color} down (${deployments.map((d) => d.metadata.name).join(', ')})`);
  }
}

/**
 * Judges the idle color before any user gets an answer from it; anything but a pass with data
 * fails the deploy. Mirroring copies the live color's requests, so a first deploy (nothing live)
 * is judged on smoke traffic when there are URLs for it, and otherwise not before the switch.
 */
async function preSwitchCheck(
  deployer: Deployer,
  inputs: DeployInputs,
  check: PreSwitchCheck,
  color: Color,
  live: Color | undefined,
): Promise<PreSwitchReport | undefined> {
  const mirror =
    check.mirrorPercent !== undefined && live
      ? new RouteMirror(deployer.kubectl, deployer.trafficTarget(), live, check.mirrorPercent)
      : undefined;
  if (!mirror && !check.urls) {
    deployer.note(`pre-switch check of ${color}: skipped, no live requests to mirror on a first deploy`);
    return undefined;
  }
  let report: PreSwitchReport;
  try {
    report = await runPreSwitchCheck(
      check,
      { namespace: inputs.namespace, release: inputs.release, color, version: inputs.version },
      (line) => core.info(line),
      mirror,
    );
  } catch (error) {
    if (!mirror || error instanceof ConfigurationError) throw error;
    throw new DeployFailure(
      `the pre-switch check of ${color} could not mirror: ${errorMessage(error)}; no traffic moved`,
    );
  }
  deployer.note(`pre-switch check of ${color}: ${report.verdict}, ${report.reason} (${report.fedBy})`);
  if (report.verdict !== 'pass' || report.noData)
    throw new DeployFailure(
      `the pre-switch SLO check of ${color} did not pass (${report.verdict}: ${report.reason}); no traffic moved`,
    );
  return report;
}

/** A deploy that failed after the lock was taken: the state records it, the step fails. */
export class DeployFailure extends Error {
  override name = 'DeployFailure';
}

/** The history record of one deploy of `inputs` to `color`. */
function deployEntry(
  inputs: DeployInputs,
  color: Color,
  at: Date,
  outcome: 'deployed' | 'failed',
  reason?: string,
): HistoryEntry {
  return {
    action: 'deploy',
    version: inputs.version,
    digest: inputs.image.digest,
    image: inputs.imageByDigest,
    color,
    at: at.toISOString(),
    outcome,
    ...(reason ? { reason } : {}),
    ...actor(),
  };
}

/** The same Deployment on the other color: `web-green` for `web-blue`, `shop-green-web` for `shop-blue-web`. */
export function counterpartName(name: string, color: Color, other: Color): string {
  if (name.endsWith(`-${color}`)) return `${name.slice(0, -color.length)}${other}`;
  return name.replace(`-${color}-`, `-${other}-`);
}

function colorRecord(inputs: DeployInputs, at: Date) {
  return {
    digest: inputs.image.digest,
    image: inputs.imageByDigest,
    version: inputs.version,
    deployedAt: at.toISOString(),
  };
}

export async function bluegreenDeploy(
  inputs: DeployInputs,
  cleanup: CleanupState,
  hooks: DeployHooks = {},
): Promise<DeployOutcome> {
  mkdirSync(inputs.workDir, { recursive: true });
  const kubeconfig = await kubeconfigFile(inputs, inputs.workDir, cleanup);
  const kubectl = new Kubectl(inputs.namespace, kubeconfig);
  return withLock(kubectl, inputs.release, inputs.lockTimeoutMs, async () => {
    const deployer = new Deployer(kubectl, inputs, kubeconfig);
    const stored = await readState(kubectl, inputs.release);
    const active = liveColorOf(await kubectl.get('service', inputs.service));
    const held = stored.state.held;
    if (held?.digest === inputs.image.digest)
      throw new ConfigurationError(
        `${inputs.version} is held at ${held.percent}% on ${held.color} for a decision (score ${held.score ?? '—'}): deploy it with 'decision: promote' or 'decision: rollback', or roll it back with the Rollback form`,
      );

    if (active && stored.state.colors[active]?.digest === inputs.image.digest) {
      deployer.note(`${inputs.imageByDigest} is already live on ${active}: nothing to do`);
      const housekept = await scaleDownDue(kubectl, inputs, active);
      if (housekept.scaledDown)
        deployer.note(
          `scaled ${housekept.scaledDown.color} down, its scale-down-delay passed (${housekept.scaledDown.deployments.join(', ') || 'no Deployments'})`,
        );
      return {
        color: active,
        previousColor: stored.state.previousColor,
        version: stored.state.colors[active]!.version,
        digest: inputs.image.digest,
        url: colorUrl(inputs, active),
        noop: true,
        recordedOutcome: entryOf(stored.state, inputs.image.digest)?.outcome,
        timeline: deployer.timeline,
      };
    }

    hooks.stillDecided?.({ color: active, state: stored.state });
    const color: Color = active ? otherColor(active) : 'blue';
    deployer.note(
      `live: ${active ?? 'nothing'}; deploying ${inputs.version} (${inputs.image.digest}) to ${color}`,
    );
    const github = await startGithubDeployment(inputs.token, {
      environment: inputs.environment,
      version: inputs.version,
      description: `${inputs.version} to ${color}`,
    });
    let trafficMovedAt: string | undefined;
    let heldAt: number | undefined;
    let preSwitch: DeployOutcome['preSwitch'];
    // From here the idle color is being replaced: a release held there is held no more.
    let replacing = false;
    try {
      if (active && inputs.strategy !== 'service') await deployer.clearIdle(color, active);
      replacing = true;
      const deployments = await deployer.applyColor(color, inputs);
      await deployer.preScale(color, active, deployments);
      await deployer.waitReady(color, deployments);
      await deployer.ensureServices();
      await deployer.smoke(color);
      if (hooks.preSwitch) preSwitch = await preSwitchCheck(deployer, inputs, hooks.preSwitch, color, active);
      trafficMovedAt = new Date().toISOString();
      const previousVersion = active ? stored.state.colors[active]?.version : undefined;
      hooks.trafficMoving?.({ color, previousColor: active, previousVersion, at: trafficMovedAt });
      heldAt = await deployer.shiftTraffic(color, active, { holding: hooks.holding });
    } catch (error) {
      await updateReleaseRecord(
        kubectl,
        inputs.release,
        (state) => {
          state.history.unshift(deployEntry(inputs, color, new Date(), 'failed', errorMessage(error)));
          if (replacing && state.held?.color === color) delete state.held;
        },
        inputs.historyLimit,
      ).catch((recordError) =>
        core.warning(`the failed deploy is not in the record: ${errorMessage(recordError)}`),
      );
      await github.status('failure', errorMessage(error));
      throw error;
    }

    const now = new Date();
    const deployed: DeployOutcome = {
      color,
      previousColor: active,
      version: inputs.version,
      digest: inputs.image.digest,
      url: colorUrl(inputs, color),
      noop: false,
      trafficMovedAt,
      preSwitch,
      github,
      timeline: deployer.timeline,
    };
    if (heldAt !== undefined) {
      // Part of the traffic on the new color: the old one stays active (the Service selects it).
      await updateReleaseRecord(
        kubectl,
        inputs.release,
        (state) => {
          state.colors[color] = colorRecord(inputs, now);
          state.history.unshift(deployEntry(inputs, color, now, 'deployed'));
          state.counters.deployments_total++;
          // A color that serves part of the traffic is never due to be scaled down.
          if (state.scaleDown?.color === color) delete state.scaleDown;
          state.held = {
            color,
            percent: heldAt as number,
            version: inputs.version,
            digest: inputs.image.digest,
            breached: [],
            since: now.toISOString(),
          };
        },
        inputs.historyLimit,
      );
      return { ...deployed, heldAt };
    }
    if (active && inputs.scaleDownDelayMs === 0) await deployer.scaleDown(active);
    await updateReleaseRecord(
      kubectl,
      inputs.release,
      (state) => {
        state.previousColor = active;
        state.activeColor = color;
        state.colors[color] = colorRecord(inputs, now);
        delete state.held;
        state.history.unshift(deployEntry(inputs, color, now, 'deployed'));
        state.counters.deployments_total++;
        keepWarm(state, active, now, inputs.scaleDownDelayMs);
      },
      inputs.historyLimit,
    );
    if (hooks.trafficMoving)
      await github.status('in_progress', `${inputs.version} live on ${color}, verifying its SLOs`);
    else await github.status('success', `${inputs.version} live on ${color}`, colorUrl(inputs, color));
    deployer.note(
      `${inputs.version} is live on ${color}${active ? `; ${active} kept warm for rollback` : ''}`,
    );
    return deployed;
  });
}

/** The release held for a decision, which must be the one `inputs` names; else one line why not. */
export function heldForDecision(state: ReleaseState, inputs: DeployInputs): HeldRelease {
  const held = state.held;
  if (!held)
    throw new ConfigurationError(
      `input 'decision': nothing of ${inputs.release} is held for a decision (the record's latest: ${state.history[0] ? `${state.history[0].version} ${state.history[0].outcome}` : 'none'})`,
    );
  if (held.digest !== inputs.image.digest)
    throw new ConfigurationError(
      `input 'decision': ${inputs.release} holds ${held.version} (${held.digest}) for a decision, not ${inputs.version} (${inputs.image.digest})`,
    );
  return held;
}

/**
 * A person promoted the release held for a decision (on-marginal: wait): the remaining traffic
 * steps move it to 100% (each with its health check), and the record has it verified by that
 * decision, with the score it was held at.
 */
export async function promoteHeld(inputs: DeployInputs, cleanup: CleanupState): Promise<DeployOutcome> {
  mkdirSync(inputs.workDir, { recursive: true });
  const kubeconfig = await kubeconfigFile(inputs, inputs.workDir, cleanup);
  const kubectl = new Kubectl(inputs.namespace, kubeconfig);
  return withLock(kubectl, inputs.release, inputs.lockTimeoutMs, async () => {
    const deployer = new Deployer(kubectl, inputs, kubeconfig);
    const { state } = await readState(kubectl, inputs.release);
    const held = heldForDecision(state, inputs);
    const active = liveColorOf(await kubectl.get('service', inputs.service));
    const moving = held.percent < 100 && active !== held.color;
    deployer.note(
      `promoting ${held.version} on ${held.color} (held at ${held.percent}%, score ${held.score ?? '—'}) by decision of ${actor().actor ?? 'the workflow'}`,
    );
    if (moving) await deployer.shiftTraffic(held.color, active, { after: held.percent });
    const now = new Date();
    if (moving && active && inputs.scaleDownDelayMs === 0) await deployer.scaleDown(active);
    await updateReleaseRecord(
      kubectl,
      inputs.release,
      (next) => {
        const entry = entryOf(next, held.digest);
        if (entry) {
          entry.outcome = 'verified';
          entry.reason = `promoted by a person at score ${held.score ?? '—'} (${held.breached.join(', ') || 'nothing'} breached)`;
        }
        delete next.held;
        if (moving) {
          next.previousColor = active;
          next.activeColor = held.color;
          keepWarm(next, active, now, inputs.scaleDownDelayMs);
        }
      },
      inputs.historyLimit,
    );
    deployer.note(`${held.version} is live on ${held.color}, promoted`);
    return {
      color: held.color,
      previousColor: moving ? active : state.previousColor,
      version: held.version,
      digest: held.digest,
      url: colorUrl(inputs, held.color),
      noop: false,
      recordedOutcome: 'verified',
      timeline: deployer.timeline,
    };
  });
}

// The fleet action: the steps of deliver-fleet.yml that are not a deploy or a rollback.
//   plan    — checks the waves and the image, gives each wave's clusters to its job's matrix;
//   status  — in a cluster's job, after its deploy or rollback: what its release record says is
//             live, written as results/<after>-<cluster>.json (an artifact the last jobs read);
//   decide  — after the waves: which clusters go back (the failed wave's, and with rollback-fleet
//             the earlier waves' that are still on the release);
//   report  — at the end: the fleet's state, the incident record, the summary.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runAction } from '../action.js';
import { checkVersion } from '../bluegreen-deploy/inputs.js';
import { getKubeAccess, kubeconfigFile, kubeName } from '../cluster/access.js';
import { readState } from '../cluster/release-record.js';
import { ConfigurationError } from '../errors.js';
import { Inputs, quote } from '../inputs.js';
import { Kubectl } from '../kube/kubectl.js';
import { parseImageReference } from '../release/reference.js';
import { SummaryBuilder } from '../report/summary.js';
import * as core from '../runner.js';
import { CleanupState } from '../state.js';
import {
  type ClusterResult,
  deployRan,
  type FleetFacts,
  type FleetJudgement,
  fleetIncident,
  judgeFleet,
  type LiveRelease,
  type StepOutcome,
} from './fleet.js';
import { MAX_WAVES, parseWaves, type Wave } from './waves.js';

const MODES = ['plan', 'status', 'decide', 'report'] as const;
type Mode = (typeof MODES)[number];
const STEP_OUTCOMES: readonly StepOutcome[] = ['success', 'failure', 'cancelled', 'skipped'];
const CLUSTER_FILE = /^(deploy|rollback)-([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)\.json$/;

function mode(inputs: Inputs): Mode {
  const value = inputs.required('mode');
  if (!(MODES as readonly string[]).includes(value))
    throw new ConfigurationError(`input 'mode': got ${quote(value)}, expected one of ${MODES.join(', ')}`);
  return value as Mode;
}

/** The fleet's image, which must be pinned by digest: every wave deploys exactly the same bytes. */
function fleetDigest(inputs: Inputs): string {
  const image = inputs.required('image');
  const reference = parseImageReference(image);
  if (!reference.digest)
    throw new ConfigurationError(
      `input 'image': got ${quote(image)}, expected an image by digest (name@sha256:…): every wave deploys the same bytes`,
    );
  return reference.digest;
}

function resultsDir(inputs: Inputs, env: NodeJS.ProcessEnv): string {
  return resolve(inputs.string('results', join(env.RUNNER_TEMP || resolve('.tmp'), 'fleet-results')));
}

async function plan(inputs: Inputs): Promise<void> {
  const waves = await parseWaves(inputs.required('waves'));
  // The Rollback form's fleet has clusters but no image.
  const digest = inputs.string('image') ? fleetDigest(inputs) : '';
  for (let index = 0; index < MAX_WAVES; index++)
    core.setOutput(`wave-${index + 1}`, JSON.stringify(waves[index]?.clusters ?? []));
  core.setOutput('wave-count', waves.length);
  core.setOutput('clusters', JSON.stringify(waves.flatMap((wave) => wave.clusters)));
  core.setOutput('digest', digest);
  core.info(
    `fleet of ${waves.reduce((n, wave) => n + wave.clusters.length, 0)} clusters in ${waves.length} wave(s): ${waves
      .map((wave, index) => `${index + 1}. ${wave.name} (${wave.clusters.join(', ')})`)
      .join('; ')}`,
  );
  await new SummaryBuilder()
    .heading('Fleet plan')
    .table(
      ['Wave', 'Clusters'],
      waves.map((wave, index) => [`${index + 1}. ${wave.name}`, wave.clusters.join(', ')]),
    )
    .paragraph(
      'Each wave starts only when every cluster of the one before verified; a breach stops the later waves.',
    )
    .write();
}

function stepOutcome(inputs: Inputs, name: string): StepOutcome {
  const value = inputs.required(name);
  if (!(STEP_OUTCOMES as readonly string[]).includes(value))
    throw new ConfigurationError(
      `input '${name}': got ${quote(value)}, expected a step outcome (${STEP_OUTCOMES.join(', ')})`,
    );
  return value as StepOutcome;
}

/** What the cluster's release record says is live (undefined: no record, never deployed there). */
async function liveRelease(kubectl: Kubectl, release: string): Promise<LiveRelease | undefined> {
  const { state } = await readState(kubectl, release);
  const color = state.activeColor;
  const record = color ? state.colors[color] : undefined;
  if (!color || !record) return undefined;
  const outcome = state.history.find((entry) => entry.digest === record.digest)?.outcome;
  return {
    version: record.version,
    digest: record.digest,
    color,
    ...(outcome ? { outcome } : {}),
  };
}

async function status(inputs: Inputs, env: NodeJS.ProcessEnv): Promise<void> {
  const cluster = kubeName(inputs, 'cluster');
  const after = inputs.required('after');
  if (after !== 'deploy' && after !== 'rollback')
    throw new ConfigurationError(`input 'after': got ${quote(after)}, expected deploy or rollback`);
  const outcome = stepOutcome(inputs, 'outcome');
  const access = getKubeAccess(inputs);
  const release = kubeName(inputs, 'release');
  const dir = resultsDir(inputs, env);
  const workDir = join(env.RUNNER_TEMP || resolve('.tmp'), 'fleet');
  mkdirSync(workDir, { recursive: true });
  const kubectl = new Kubectl(access.namespace, await kubeconfigFile(access, workDir, new CleanupState()));
  const live = await liveRelease(kubectl, release);
  const verdict = inputs.string('verdict');
  const incident = inputs.string('incident');
  const result: ClusterResult = {
    cluster,
    after,
    outcome,
    ...(verdict ? { verdict } : {}),
    ...(after === 'deploy' ? { rolledBack: inputs.boolean('rolled-back', false) } : {}),
    ...(incident ? { incident } : {}),
    ...(live ? { live } : {}),
    at: new Date().toISOString(),
  };
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${after}-${cluster}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  core.setOutput('result', file);
  core.setOutput('version', live?.version ?? '');
  core.setOutput('digest', live?.digest ?? '');
  core.info(
    `${cluster}: after its ${after} (${outcome}) ${live ? `${live.version} (${live.digest.slice(0, 19)}…) is live on ${live.color}` : 'nothing of the release is live'}`,
  );
}

function isLive(value: unknown): value is LiveRelease {
  const live = value as LiveRelease;
  return (
    Boolean(live) &&
    typeof live.version === 'string' &&
    typeof live.digest === 'string' &&
    typeof live.color === 'string'
  );
}

/**
 * The results the clusters' jobs wrote. Each is checked against the waves: a file for a cluster
 * outside them, or whose content names another cluster than its file, is refused, not trusted.
 */
export function readResults(dir: string, waves: Wave[]): Pick<FleetFacts, 'deploys' | 'rollbacks'> {
  const known = new Set(waves.flatMap((wave) => wave.clusters));
  const deploys = new Map<string, ClusterResult>();
  const rollbacks = new Map<string, ClusterResult>();
  let files: string[] = [];
  try {
    files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    // No folder: no cluster's job got as far as writing a result.
  }
  for (const path of files) {
    const name = path.split('/').pop() as string;
    const match = CLUSTER_FILE.exec(name);
    if (!match) continue;
    const [, after, cluster] = match as unknown as [string, 'deploy' | 'rollback', string];
    if (!known.has(cluster))
      throw new ConfigurationError(`fleet result ${name}: cluster '${cluster}' is in none of the waves`);
    let result: ClusterResult;
    try {
      result = JSON.parse(readFileSync(join(dir, path), 'utf8'));
    } catch {
      throw new ConfigurationError(`fleet result ${name} is not valid JSON`);
    }
    if (
      result?.cluster !== cluster ||
      result.after !== after ||
      !(STEP_OUTCOMES as readonly string[]).includes(result.outcome) ||
      (result.live !== undefined && !isLive(result.live))
    )
      throw new ConfigurationError(`fleet result ${name} is not a result for ${cluster} after its ${after}`);
    (after === 'deploy' ? deploys : rollbacks).set(cluster, result);
  }
  return { deploys, rollbacks };
}

async function facts(inputs: Inputs, env: NodeJS.ProcessEnv): Promise<FleetFacts> {
  const waves = await parseWaves(inputs.required('waves'));
  return {
    waves,
    digest: fleetDigest(inputs),
    rollbackFleet: inputs.boolean('rollback-fleet', false),
    ...readResults(resultsDir(inputs, env), waves),
  };
}

function stoppedLine(judgement: FleetJudgement, facts: FleetFacts): string {
  const wave = facts.waves[(judgement.failedWave ?? 1) - 1] as Wave;
  const back = judgement.clusters.filter((state) => deployRan(facts, state.cluster) && !state.onRelease);
  return [
    `fleet delivery stopped: wave ${judgement.failedWave} (${wave.name}) failed in ${judgement.failedClusters.join(', ')}`,
    back.length ? `back on the previous release: ${back.map((state) => state.cluster).join(', ')}` : '',
    judgement.notStarted.length ? `wave(s) ${judgement.notStarted.join(', ')} not started` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

async function decide(inputs: Inputs, env: NodeJS.ProcessEnv): Promise<void> {
  const fleet = await facts(inputs, env);
  const judgement = judgeFleet(fleet);
  core.setOutput('outcome', judgement.outcome);
  core.setOutput('failed-wave', judgement.failedWave ?? '');
  core.setOutput('rollback-clusters', JSON.stringify(judgement.rollback));
  core.setOutput('not-started-clusters', JSON.stringify(judgement.notStartedClusters));
  core.info(
    judgement.outcome === 'stopped'
      ? `wave ${judgement.failedWave} failed in ${judgement.failedClusters.join(', ')}; to roll back: ${judgement.rollback.join(', ') || 'none (already back)'}`
      : `fleet ${judgement.outcome}: nothing to roll back`,
  );
}

async function report(inputs: Inputs, env: NodeJS.ProcessEnv): Promise<void> {
  const fleet = await facts(inputs, env);
  const judgement = judgeFleet(fleet);
  const release = kubeName(inputs, 'release');
  const version = inputs.string('version');
  const fleetStatus = judgement.clusters.map((state) => ({
    cluster: state.cluster,
    wave: state.wave,
    version: state.live?.version ?? null,
    digest: state.live?.digest ?? null,
    onRelease: state.onRelease,
    happened: state.happened,
  }));
  core.setOutput('outcome', judgement.outcome);
  core.setOutput('fleet-status', JSON.stringify(fleetStatus));
  const summary = new SummaryBuilder()
    .heading(`Fleet delivery of ${release}${version ? ` ${version}` : ''}: ${judgement.outcome}`)
    .table(
      ['Wave', 'Cluster', 'Live now', 'What happened'],
      judgement.clusters.map((state) => [
        `${state.wave}. ${state.waveName}`,
        state.cluster,
        state.live ? `${state.live.version}${state.onRelease ? ' (this release)' : ''}` : '—',
        state.happened,
      ]),
    );
  if (judgement.outcome === 'stopped') {
    const incident = fleetIncident(fleet, judgement, {
      release,
      version,
      at: new Date().toISOString(),
      ...(env.GITHUB_RUN_ID
        ? {
            run: `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
          }
        : {}),
    });
    const dir = resultsDir(inputs, env);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'fleet-incident.json');
    writeFileSync(file, `${JSON.stringify(incident, null, 2)}\n`);
    core.setOutput('incident', file);
    summary.paragraph(`Incident: ${String(incident.reason)}.`);
    await summary.write();
    throw new ConfigurationError(stoppedLine(judgement, fleet));
  }
  core.setOutput('incident', '');
  await summary.write();
  if (judgement.outcome === 'incomplete')
    throw new ConfigurationError(
      `fleet delivery incomplete: wave(s) ${judgement.notStarted.join(', ')} never reported (cancelled?)`,
    );
  core.info(`fleet delivered: ${judgement.clusters.length} clusters verified ${version}`);
}

/**
 * Every typed input that is given is checked, whatever the mode reads: a bad value is refused in one
 * line, never passed over because this mode happens not to use it.
 */
function checkGivenInputs(inputs: Inputs): void {
  for (const name of ['namespace', 'release', 'cluster']) if (inputs.string(name)) kubeName(inputs, name);
  const version = inputs.string('version');
  if (version) checkVersion(version);
  for (const name of ['rollback-fleet', 'rolled-back']) inputs.boolean(name, false);
}

export async function runFleet(inputs = new Inputs(), env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const which = mode(inputs);
  checkGivenInputs(inputs);
  if (which === 'plan') return plan(inputs);
  if (which === 'status') return status(inputs, env);
  if (which === 'decide') return decide(inputs, env);
  return report(inputs, env);
}

export async function run(): Promise<void> {
  await runAction(() => runFleet());
}

// What happened to one release across a fleet, from what each cluster's jobs recorded: whether a
// wave failed, which clusters must be rolled back, and the fleet's state for the summary and the
// incident record. Pure: the jobs' results in, the judgement out.
import type { Wave } from './waves.js';

/** What a cluster's release record says is live there. */
export interface LiveRelease {
  version: string;
  digest: string;
  color: string;
  /** The outcome the record gives that digest's latest entry (verified, breached, rolled-back…). */
  outcome?: string;
}

/** A step's outcome as GitHub Actions reports it (steps.<id>.outcome). */
export type StepOutcome = 'success' | 'failure' | 'cancelled' | 'skipped';

/** What a cluster's job wrote after its deploy or its fleet rollback (results/<after>-<cluster>.json). */
export interface ClusterResult {
  cluster: string;
  after: 'deploy' | 'rollback';
  /** The deploy's or rollback's step outcome. */
  outcome: StepOutcome;
  /** The deploy's SLO verdict, and whether it rolled itself back. */
  verdict?: string;
  rolledBack?: boolean;
  /** The incident record the deploy or rollback wrote (its path on that runner), if any. */
  incident?: string;
  /** Live after the step; undefined when the cluster has no release record (never deployed). */
  live?: LiveRelease;
  at: string;
}

/** One cluster's line in the fleet's state. */
export interface ClusterState {
  cluster: string;
  wave: number;
  waveName: string;
  /** What happened there, in words a person reads in the summary. */
  happened: string;
  /** The fleet's release is what serves there now. */
  onRelease: boolean;
  live?: LiveRelease;
  verdict?: string;
}

export interface FleetJudgement {
  /** delivered: every wave verified; stopped: a wave failed; incomplete: a wave never reported. */
  outcome: 'delivered' | 'stopped' | 'incomplete';
  /** 1-based; undefined unless stopped. */
  failedWave?: number;
  /** Clusters of the failed wave whose deploy failed (breached, or did not finish). */
  failedClusters: string[];
  /** Clusters still on the fleet's release that must go back: the failed wave's, and the earlier ones' with rollbackFleet. */
  rollback: string[];
  /** Waves that never started because an earlier one failed. */
  notStarted: number[];
  /** Their clusters (whose release records the workflow still reads, for the fleet's state). */
  notStartedClusters: string[];
  clusters: ClusterState[];
}

export interface FleetFacts {
  waves: Wave[];
  /** The fleet's release: the image digest every wave deploys. */
  digest: string;
  rollbackFleet: boolean;
  /** Keyed by cluster: the result written after its deploy, and after its fleet rollback if any. */
  deploys: Map<string, ClusterResult>;
  rollbacks: Map<string, ClusterResult>;
}

/**
 * The cluster's wave ran there: a result after its deploy, not the `skipped` one the workflow
 * writes for a cluster of a wave that never started (to read what is live there).
 */
export function deployRan(facts: Pick<FleetFacts, 'deploys'>, cluster: string): boolean {
  const result = facts.deploys.get(cluster);
  return result !== undefined && result.outcome !== 'skipped';
}

function deployFailed(result: ClusterResult | undefined): boolean {
  // No result from a wave that started is a job that died before it could write one: fail closed.
  return result?.outcome !== 'success';
}

function describe(
  deploy: ClusterResult | undefined,
  rollback: ClusterResult | undefined,
  started: boolean,
): string {
  if (!started) return 'not started (an earlier wave failed)';
  if (!deploy) return 'no result: its job did not finish';
  const verdict = deploy.verdict ? ` (SLO verdict ${deploy.verdict})` : '';
  let happened =
    deploy.outcome === 'success'
      ? `deployed and verified${verdict}`
      : deploy.rolledBack
        ? `breached${verdict}, rolled back automatically`
        : deploy.outcome === 'cancelled'
          ? 'deploy cancelled'
          : `deploy failed${verdict}`;
  if (rollback)
    happened +=
      rollback.outcome === 'success'
        ? '; rolled back with its wave'
        : `; the fleet rollback ${rollback.outcome === 'cancelled' ? 'was cancelled' : 'FAILED'}`;
  return happened;
}

/**
 * The fleet's judgement. Before the fleet rollback ran (`rollbacks` empty) it says what to roll
 * back; after it, the same facts plus the rollbacks give the final state.
 */
export function judgeFleet(facts: FleetFacts): FleetJudgement {
  const { waves, digest } = facts;
  const started = waves.map((wave) => wave.clusters.some((cluster) => deployRan(facts, cluster)));
  const failed = waves.map(
    (wave, index) =>
      (started[index] as boolean) && wave.clusters.some((c) => deployFailed(facts.deploys.get(c))),
  );
  const firstFailed = failed.indexOf(true);
  const onRelease = (cluster: string): boolean => {
    const live = (facts.rollbacks.get(cluster) ?? facts.deploys.get(cluster))?.live;
    return live?.digest === digest;
  };
  const clusters: ClusterState[] = waves.flatMap((wave, index) =>
    wave.clusters.map((cluster) => {
      const deploy = facts.deploys.get(cluster);
      const rollback = facts.rollbacks.get(cluster);
      const live = (rollback ?? deploy)?.live;
      return {
        cluster,
        wave: index + 1,
        waveName: wave.name,
        happened: describe(deploy, rollback, started[index] as boolean),
        onRelease: onRelease(cluster),
        ...(live ? { live } : {}),
        ...(deploy?.verdict ? { verdict: deploy.verdict } : {}),
      };
    }),
  );
  if (firstFailed < 0) {
    const complete = started.every(Boolean);
    return {
      outcome: complete ? 'delivered' : 'incomplete',
      failedClusters: [],
      rollback: [],
      notStarted: started.flatMap((yes, index) => (yes ? [] : [index + 1])),
      notStartedClusters: waves.flatMap((wave, index) => (started[index] ? [] : wave.clusters)),
      clusters,
    };
  }
  const failedWave = waves[firstFailed] as Wave;
  const toRollBack = [
    ...(facts.rollbackFleet ? waves.slice(0, firstFailed).flatMap((wave) => wave.clusters) : []),
    ...failedWave.clusters,
  ].filter(onRelease);
  return {
    outcome: 'stopped',
    failedWave: firstFailed + 1,
    failedClusters: failedWave.clusters.filter((cluster) => deployFailed(facts.deploys.get(cluster))),
    rollback: toRollBack,
    notStarted: waves.flatMap((_, index) => (index > firstFailed ? [index + 1] : [])),
    notStartedClusters: waves.slice(firstFailed + 1).flatMap((wave) => wave.clusters),
    clusters,
  };
}

/** The incident record of a stopped fleet delivery: every cluster touched and what happened in each. */
export function fleetIncident(
  facts: FleetFacts,
  judgement: FleetJudgement,
  context: { release: string; version: string; run?: string; at: string },
): Record<string, unknown> {
  const failedWave = facts.waves[(judgement.failedWave ?? 1) - 1];
  return {
    kind: 'fleet-delivery-stopped',
    release: context.release,
    version: context.version,
    digest: facts.digest,
    at: context.at,
    ...(context.run ? { run: context.run } : {}),
    reason: `wave ${judgement.failedWave} (${failedWave?.name}) failed in ${judgement.failedClusters.join(', ')}`,
    rollbackFleet: facts.rollbackFleet,
    notStarted: judgement.notStarted.map((wave) => ({
      wave,
      name: facts.waves[wave - 1]?.name,
      clusters: facts.waves[wave - 1]?.clusters ?? [],
    })),
    clusters: judgement.clusters
      .filter((state) => deployRan(facts, state.cluster) || facts.rollbacks.has(state.cluster))
      .map((state) => ({
        cluster: state.cluster,
        wave: state.wave,
        happened: state.happened,
        live: state.live ?? null,
        deploy: facts.deploys.get(state.cluster) ?? null,
        rollback: facts.rollbacks.get(state.cluster) ?? null,
      })),
  };
}

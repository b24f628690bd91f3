// The release's state, kept in the cluster beside the release (a ConfigMap), so that deploy,
// rollback and the Rollback form agree on what is live, what was live, and what happened.
import { ConfigurationError } from '../errors.js';
import { KubeConflict, type Kubectl, type KubeObject } from '../kube/kubectl.js';
import { isRecord } from '../records.js';

export type Color = 'blue' | 'green';
export const COLORS: readonly Color[] = ['blue', 'green'];

export function otherColor(color: Color): Color {
  return color === 'blue' ? 'green' : 'blue';
}

export interface ColorRecord {
  digest: string;
  image: string;
  version: string;
  deployedAt: string;
}

/**
 * What became of a history entry: deployed (live, not verified), verified (its SLOs held), breached
 * (its SLOs failed and it stayed live), rolled back (taken away, automatically or by the form),
 * failed (never took traffic, or its switch failed), held (its score was marginal: it keeps the
 * traffic it had until a person promotes it or rolls it back).
 */
export type Outcome = 'deployed' | 'verified' | 'breached' | 'rolled-back' | 'failed' | 'held';

/** What `previous` never picks: a version that breached, was taken back, never ran, or awaits a decision. */
export const NOT_GOOD: readonly Outcome[] = ['breached', 'rolled-back', 'failed', 'held'];

/**
 * A release held for a person's decision (on-marginal: wait): `color` runs it and takes `percent`
 * of the traffic. Below 100 the live Service still selects the other color, which stays active.
 */
export interface HeldRelease {
  color: Color;
  percent: number;
  version: string;
  digest: string;
  /** The verification's score and what breached, for the person deciding. */
  score?: number;
  breached: string[];
  since: string;
}

export interface HistoryEntry {
  /** deploy | rollback */
  action: 'deploy' | 'rollback';
  version: string;
  digest: string;
  /** The image by digest, so any version in the history can be redeployed. */
  image?: string;
  color: Color;
  at: string;
  outcome: Outcome;
  run?: string;
  actor?: string;
  reason?: string;
}

export interface ReleaseState {
  release: string;
  activeColor?: Color;
  previousColor?: Color;
  colors: Partial<Record<Color, ColorRecord>>;
  /** Newest first, at most `historyLimit`. */
  history: HistoryEntry[];
  counters: { deployments_total: number; rollbacks_total: number; sla_violations_total: number };
  /** The previous color is kept warm until then; a later run scales it down. */
  scaleDown?: { color: Color; after: string };
  held?: HeldRelease;
}

export function stateConfigMapName(release: string): string {
  return `pipeline-${release}-state`;
}

export function emptyState(release: string): ReleaseState {
  return {
    release,
    colors: {},
    history: [],
    counters: { deployments_total: 0, rollbacks_total: 0, sla_violations_total: 0 },
  };
}

export interface StoredState {
  state: ReleaseState;
  resourceVersion?: string;
}

export async function readState(kubectl: Kubectl, release: string): Promise<StoredState> {
  const configMap = await kubectl.get<KubeObject & { data?: Record<string, string> }>(
    'configmap',
    stateConfigMapName(release),
  );
  if (!configMap) return { state: emptyState(release) };
  const where = `release state ${stateConfigMapName(release)} in ${kubectl.namespace}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(configMap.data?.['state.json'] ?? '{}');
  } catch {
    throw new ConfigurationError(`${where} is not valid JSON; fix or delete it`);
  }
  // Valid JSON is not yet a record: a history that is not a list would fail every run with a
  // TypeError, and missing counters would be written back as null.
  const fields = (isRecord(parsed) ? parsed : {}) as Partial<ReleaseState>;
  const wrong = !isRecord(parsed)
    ? 'it is not a JSON object'
    : 'history' in fields && !(Array.isArray(fields.history) && fields.history.every(isRecord))
      ? "its 'history' is not a list of entries"
      : 'colors' in fields && !isRecord(fields.colors)
        ? "its 'colors' is not an object"
        : 'counters' in fields && !isRecord(fields.counters)
          ? "its 'counters' is not an object"
          : undefined;
  if (wrong) throw new ConfigurationError(`${where} is not a release record (${wrong}); fix or delete it`);
  const empty = emptyState(release);
  const state: ReleaseState = {
    ...empty,
    ...fields,
    counters: { ...empty.counters, ...fields.counters },
  };
  state.history = state.history.map(withOutcome);
  return { state, resourceVersion: configMap.metadata.resourceVersion };
}

/** Records written before outcomes had a `verdict`: success was deployed, failure failed. */
function withOutcome(entry: HistoryEntry & { verdict?: string }): HistoryEntry {
  if (entry.outcome) return entry;
  const { verdict, ...rest } = entry;
  return {
    ...rest,
    outcome: verdict === 'failure' ? 'failed' : verdict === 'rolled-back' ? 'rolled-back' : 'deployed',
  };
}

/** How often a write that lost a race is read, changed and written again before the step fails. */
const RECORD_ATTEMPTS = 5;

/**
 * The one way the release record changes: read it, apply `change` to a copy, write it with the
 * read's resourceVersion; on a conflict (someone wrote in between) read and change again. A write
 * that still fails throws one line that says so — the record is never left silently stale.
 */
export async function updateReleaseRecord(
  kubectl: Kubectl,
  release: string,
  change: (state: ReleaseState) => void,
  historyLimit = 20,
): Promise<ReleaseState> {
  let lastConflict: unknown;
  for (let attempt = 1; attempt <= RECORD_ATTEMPTS; attempt++) {
    const stored = await readState(kubectl, release);
    const state = structuredClone(stored.state);
    change(state);
    try {
      return (await writeState(kubectl, stored, state, historyLimit)).state;
    } catch (error) {
      if (!(error instanceof KubeConflict)) throw new RecordWriteError(release, kubectl.namespace, error);
      lastConflict = error;
    }
  }
  throw new RecordWriteError(
    release,
    kubectl.namespace,
    lastConflict,
    `${RECORD_ATTEMPTS} writes in a row lost to a concurrent one`,
  );
}

export class RecordWriteError extends Error {
  override name = 'RecordWriteError';
  constructor(release: string, namespace: string, cause: unknown, why?: string) {
    super(
      `could not write the release record ${stateConfigMapName(release)} in ${namespace}: ${why ?? (cause instanceof Error ? cause.message : String(cause))}`,
      { cause },
    );
  }
}

/** The newest entry that put `digest` live (a deploy or a rollback), if any. */
export function entryOf(state: ReleaseState, digest: string | undefined): HistoryEntry | undefined {
  return digest
    ? state.history.find((entry) => entry.digest === digest && entry.outcome !== 'failed')
    : undefined;
}

/** Writes the state; optimistic: fails with KubeConflict when someone else wrote since `stored` was read. */
export async function writeState(
  kubectl: Kubectl,
  stored: StoredState,
  state: ReleaseState,
  historyLimit = 20,
): Promise<StoredState> {
  const trimmed = { ...state, history: state.history.slice(0, historyLimit) };
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: stateConfigMapName(state.release),
      labels: { 'app.kubernetes.io/managed-by': 'pipeline', 'pipeline/release': state.release },
      ...(stored.resourceVersion ? { resourceVersion: stored.resourceVersion } : {}),
    },
    data: { 'state.json': JSON.stringify(trimmed, null, 2) },
  };
  if (stored.resourceVersion) await kubectl.replace(object);
  else await kubectl.create(object);
  return readState(kubectl, state.release);
}

export { KubeConflict };

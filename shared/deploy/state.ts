// The release's state, kept in the cluster beside the release (a ConfigMap), so that deploy,
// rollback and the Rollback form agree on what is live, what was live, and what happened.
import { ConfigurationError } from '../errors.js';
import { KubeConflict, type Kubectl, type KubeObject } from '../kube/kubectl.js';

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

export interface HistoryEntry {
  /** deploy | rollback */
  action: 'deploy' | 'rollback';
  version: string;
  digest: string;
  /** The image by digest, so any version in the history can be redeployed. */
  image?: string;
  color: Color;
  at: string;
  verdict: 'success' | 'failure' | 'rolled-back';
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
  try {
    return {
      state: { ...emptyState(release), ...JSON.parse(configMap.data?.['state.json'] ?? '{}') },
      resourceVersion: configMap.metadata.resourceVersion,
    };
  } catch {
    throw new ConfigurationError(
      `release state ${stateConfigMapName(release)} in ${kubectl.namespace} is not valid JSON; fix or delete it`,
    );
  }
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

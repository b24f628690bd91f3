// The release record's one writer, updateReleaseRecord, on the real apiserver as the deployer:
// a write that loses to a concurrent one (a Rollback form during a deploy) is read, changed and
// written again on top of the other's change; one that keeps losing fails with one line.
import { describe, expect, it } from 'vitest';
import { kubectl } from '../../platform/index.mjs';
import {
  emptyState,
  type ReleaseState,
  readState,
  stateConfigMapName,
  updateReleaseRecord,
} from '../../shared/cluster/release-record.js';
import { Kubectl, type KubeObject } from '../../shared/kube/kubectl.js';
import { usePlatform } from '../support/platform.js';

const platform = usePlatform({ shared: true });
const NS = 'pipeline-staging';
const RUN = Date.now().toString(36).slice(-5);

/** Another writer (as the administrator): counts one rollback in the stored record. */
function concurrentRollback(release: string): void {
  const configMap = JSON.parse(
    kubectl(['-n', NS, 'get', 'configmap', stateConfigMapName(release), '-o', 'json']),
  ) as KubeObject & { data: Record<string, string> };
  const state = JSON.parse(configMap.data['state.json']!) as ReleaseState;
  state.counters.rollbacks_total++;
  configMap.data['state.json'] = JSON.stringify(state);
  kubectl(['-n', NS, 'replace', '-f', '-'], { input: JSON.stringify(configMap) });
}

/** The deployer's kubectl, with another writer getting in first for the first `races` writes. */
class RacedKubectl extends Kubectl {
  writes = 0;
  constructor(
    private readonly release: string,
    private readonly races: number,
  ) {
    super(NS, platform().restrictedKubeconfig);
  }
  override async replace(object: KubeObject): Promise<void> {
    if (this.writes++ < this.races) concurrentRollback(this.release);
    await super.replace(object);
  }
}

async function recordWithOneDeploy(release: string): Promise<void> {
  const deployer = new Kubectl(NS, platform().restrictedKubeconfig);
  await updateReleaseRecord(deployer, release, (state) => {
    state.counters.deployments_total++;
  });
}

describe('updateReleaseRecord', () => {
  it('a write that lost to a concurrent one is made again on top of it: both changes are kept', async () => {
    const release = `record-${RUN}`;
    await recordWithOneDeploy(release);
    const raced = new RacedKubectl(release, 2);
    const written = await updateReleaseRecord(raced, release, (state) => {
      state.counters.sla_violations_total++;
    });
    // Two writes lost (409 Conflict from the apiserver), the third landed.
    expect(raced.writes).toBe(3);
    expect(written.counters).toEqual({ deployments_total: 1, rollbacks_total: 2, sla_violations_total: 1 });
    const stored = await readState(new Kubectl(NS, platform().restrictedKubeconfig), release);
    expect(stored.state.counters).toEqual(written.counters);
  });

  it('a write that keeps losing fails with one line, and the other writer’s record stands', async () => {
    const release = `record-lost-${RUN}`;
    await recordWithOneDeploy(release);
    const raced = new RacedKubectl(release, 100);
    await expect(
      updateReleaseRecord(raced, release, (state) => {
        state.history.unshift({
          action: 'deploy',
          version: '2.0.0',
          digest: `sha256:${'2'.repeat(64)}`,
          color: 'green',
          at: new Date().toISOString(),
          outcome: 'deployed',
        });
      }),
    ).rejects.toThrow(
      `could not write the release record pipeline-${release}-state in ${NS}: 5 writes in a row lost to a concurrent one`,
    );
    expect(raced.writes).toBe(5);
    const stored = await readState(new Kubectl(NS, platform().restrictedKubeconfig), release);
    expect(stored.state.history).toEqual([]);
    expect(stored.state.counters.rollbacks_total).toBe(5);
  });

  it('an old record (verdicts, before outcomes) reads with outcomes', async () => {
    const release = `record-old-${RUN}`;
    const old = {
      ...emptyState(release),
      history: [
        {
          action: 'deploy',
          version: '1.1.0',
          digest: `sha256:${'2'.repeat(64)}`,
          color: 'green',
          at: '',
          verdict: 'failure',
        },
        {
          action: 'deploy',
          version: '1.0.0',
          digest: `sha256:${'1'.repeat(64)}`,
          color: 'blue',
          at: '',
          verdict: 'success',
        },
      ],
    };
    kubectl([
      '-n',
      NS,
      'create',
      'configmap',
      stateConfigMapName(release),
      `--from-literal=state.json=${JSON.stringify(old)}`,
    ]);
    const { state } = await readState(new Kubectl(NS, platform().restrictedKubeconfig), release);
    expect(state.history.map((entry) => entry.outcome)).toEqual(['failed', 'deployed']);
  });
});

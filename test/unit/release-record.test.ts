// The release record as the cluster hands it back: what a run makes of a record it did not write.
import { describe, expect, it } from 'vitest';
import { readState } from '../../shared/cluster/release-record.js';
import type { Kubectl } from '../../shared/kube/kubectl.js';

/** A cluster whose only object is the record's ConfigMap holding `json`. */
const holding = (json: string) =>
  ({
    namespace: 'prod',
    get: async () => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'pipeline-web-state', resourceVersion: '7' },
      data: { 'state.json': json },
    }),
  }) as unknown as Kubectl;

describe('release record', () => {
  it('refuses a record of the wrong shape in one line that names it', async () => {
    for (const [json, why] of [
      ['[]', 'it is not a JSON object'],
      ['"x"', 'it is not a JSON object'],
      ['{"history": null}', "its 'history' is not a list of entries"],
      ['{"history": [null]}', "its 'history' is not a list of entries"],
      ['{"history": {"0": {}}}', "its 'history' is not a list of entries"],
      ['{"colors": null}', "its 'colors' is not an object"],
      ['{"counters": 3}', "its 'counters' is not an object"],
    ] as const) {
      await expect(readState(holding(json), 'web')).rejects.toThrow(
        `release state pipeline-web-state in prod is not a release record (${why}); fix or delete it`,
      );
    }
  });

  it('keeps what it does not know and counts from zero what the record lacks', async () => {
    const { state, resourceVersion } = await readState(
      holding('{"release": "web", "counters": {"deployments_total": 4}, "future": {"x": 1}}'),
      'web',
    );
    expect(resourceVersion).toBe('7');
    expect(state.counters).toEqual({ deployments_total: 4, rollbacks_total: 0, sla_violations_total: 0 });
    expect((state as unknown as { future: unknown }).future).toEqual({ x: 1 });
    expect(state.history).toEqual([]);
  });
});

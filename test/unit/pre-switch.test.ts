import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getPreSwitchCheck } from '../../shared/bluegreen-deploy/pre-switch.js';
import { Inputs, mapInputs } from '../../shared/inputs.js';

const PLACE = {
  namespace: 'prod',
  release: 'web',
  strategy: 'gateway' as const,
  smoke: {
    urls: 'http://web-{color}.prod/',
    expectStatus: 200,
    retries: 0,
    intervalMs: 1000,
    timeoutMs: 1000,
  },
};
const SHIPPED = join(import.meta.dirname, '../../examples/slo/pre-switch.yaml');
const check = async (values: Record<string, string>) =>
  await getPreSwitchCheck(
    new Inputs(mapInputs({ 'prometheus-url': 'http://127.0.0.1:9090', ...values })),
    PLACE,
  );

describe('pre-switch SLO check inputs', () => {
  it('is off without pre-switch-slo', async () => {
    expect(await check({})).toBeUndefined();
  });

  it('takes the shipped pre-switch SLO as it is: its window, no baseline, no data is a failure', async () => {
    const taken = await check({ 'pre-switch-slo': SHIPPED });
    expect(taken?.verify.plan).toMatchObject({ windowSeconds: 30, intervalSeconds: 2, onNoData: 'fail' });
    expect(taken?.verify.plan.baseline).toBeUndefined();
    expect(taken?.urls).toBe('http://web-{color}.prod/');
    expect(
      (await check({ 'pre-switch-slo': SHIPPED, 'pre-switch-window': '45s' }))?.verify.plan.windowSeconds,
    ).toBe(45);
  });

  it('refuses an SLO that could never fail inside the window: the default runbook holds for minutes', async () => {
    await expect(check({ 'pre-switch-slo': 'default' })).rejects.toThrow(
      /^input 'pre-switch-slo': objective 'error-rate' must be breached for 120s but the window is 30s: it cannot fail within it \(pre-switch-window\)/,
    );
  });

  it('refuses one whose objectives all need a baseline, one without Prometheus, and one without URLs', async () => {
    const relativeOnly = `apiVersion: pipeline/v1
kind: SLO
window: 30s
interval: 2s
objectives:
  - name: latency
    kind: relative
    query: histogram_quantile(0.95, sum by (le) (rate(x_bucket{ {{selector}} }[10s])))
    factor: 2
`;
    await expect(check({ 'pre-switch-slo': relativeOnly })).rejects.toThrow(
      "input 'pre-switch-slo': every objective compares with a baseline",
    );
    await expect(
      getPreSwitchCheck(new Inputs(mapInputs({ 'pre-switch-slo': SHIPPED })), PLACE),
    ).rejects.toThrow("input 'pre-switch-slo' needs 'prometheus-url'");
    await expect(
      getPreSwitchCheck(
        new Inputs(mapInputs({ 'pre-switch-slo': SHIPPED, 'prometheus-url': 'http://127.0.0.1:9090' })),
        { namespace: 'prod', release: 'web', strategy: 'gateway' },
      ),
    ).rejects.toThrow("needs 'pre-switch-mirror', 'pre-switch-url' or 'smoke-url'");
    await expect(check({ 'pre-switch-slo': SHIPPED, 'pre-switch-url': 'web-blue.prod' })).rejects.toThrow(
      "input 'pre-switch-url': got 'web-blue.prod', expected a URL",
    );
  });

  it('mirrors a whole percentage of live requests through an HTTPRoute, judged by a pre-switch SLO', async () => {
    const mirrorOnly = await getPreSwitchCheck(
      new Inputs(
        mapInputs({
          'pre-switch-slo': SHIPPED,
          'pre-switch-mirror': '25',
          'prometheus-url': 'http://127.0.0.1:9090',
        }),
      ),
      { namespace: 'prod', release: 'web', strategy: 'gateway' },
    );
    expect(mirrorOnly).toMatchObject({ mirrorPercent: 25, urls: undefined });
    for (const bad of ['0', '101', '12.5', '10%', 'half'])
      await expect(check({ 'pre-switch-slo': SHIPPED, 'pre-switch-mirror': bad })).rejects.toThrow(
        `input 'pre-switch-mirror': got '${bad}', expected the percent of live requests to mirror, a whole number from 1 to 100`,
      );
    await expect(check({ 'pre-switch-mirror': '10' })).rejects.toThrow(
      "input 'pre-switch-mirror' needs 'pre-switch-slo'",
    );
    await expect(
      getPreSwitchCheck(
        new Inputs(
          mapInputs({
            'pre-switch-slo': SHIPPED,
            'pre-switch-mirror': '10',
            'prometheus-url': 'http://127.0.0.1:9090',
          }),
        ),
        {
          ...PLACE,
          strategy: 'ingress',
        },
      ),
    ).rejects.toThrow(
      "input 'pre-switch-mirror': got '10' with traffic 'ingress'; requests are mirrored by the Gateway API HTTPRoute (traffic: gateway)",
    );
  });
});

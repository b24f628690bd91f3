// What verify-slo compares with: no baseline on a first deploy (objectives that need one are not
// evaluated; the others decide), and after a full switch the previous color judged over the window
// before traffic moved — it serves nothing during the verification window itself. The verification
// loop runs on a clock the test moves, against series the test defines per selector.
import { describe, expect, it } from 'vitest';
import type { PrometheusClient, Series } from '../../shared/slo/prometheus.js';
import { parseSlo } from '../../shared/slo/spec.js';
import { baselineReference, type VerifyPlan, verifySlo } from '../../shared/slo/verify.js';

const SLO = await parseSlo(`
apiVersion: pipeline/v1
kind: SLO
name: runbook-like
objectives:
  - name: error-rate
    kind: threshold
    query: errors{ {{selector}} }
    op: ">"
    threshold: 0.05
  - name: response-time
    kind: relative
    query: p95{ {{selector}} }
    op: ">"
    factor: 2
`);

/** Series by selector: a function of time, or NaN where the selector serves no traffic. */
type Source = Record<string, Record<string, (t: number) => number>>;

function prometheus(source: Source, ranges: { query: string; start: number; end: number }[] = []) {
  const series = (query: string, t: number): number => {
    const [metric, selector] = query.match(/^(\w+)\{ (.*) \}$/)?.slice(1) ?? [];
    const value = source[metric as string]?.[selector as string];
    return value ? value(t) : Number.NaN;
  };
  const client = {
    toString: () => 'http://prometheus.test',
    query: async (query: string): Promise<Series[]> => [
      { labels: {}, points: [{ t: 0, v: series(query, 0) }] },
    ],
    queryRange: async (query: string, start: number, end: number, step: number): Promise<Series[]> => {
      ranges.push({ query, start, end });
      const points = [];
      for (let t = start; t <= end; t += step) points.push({ t, v: series(query, t) });
      return [{ labels: {}, points }];
    },
  };
  return client as unknown as PrometheusClient;
}

function clock(start: number) {
  let now = start * 1000;
  const sleep = async (ms: number) => {
    now += ms;
  };
  return { now: () => now, sleep };
}

const T0 = 1_800_000_000;
const plan = (extra: Partial<VerifyPlan>): VerifyPlan => ({
  spec: SLO,
  windowSeconds: 60,
  intervalSeconds: 10,
  warmUpSeconds: 0,
  target: 'color="green"',
  onNoData: 'fail',
  ...extra,
});

describe('verification baseline', () => {
  it('first deploy: the relative objective is not evaluated and the absolute one decides', async () => {
    const healthy = prometheus({
      errors: { 'color="green"': () => 0.01 },
      p95: { 'color="green"': () => 0.2 },
    });
    const report = await verifySlo(plan({ noBaselineReason: 'first deploy' }), healthy, clock(T0));
    expect(report.verdict).toBe('pass');
    expect(report.noData).toBeUndefined();
    expect(report.objectives.map((o) => [o.name, o.status])).toEqual([
      ['error-rate', 'pass'],
      ['response-time', 'not-evaluated'],
    ]);
    expect(report.objectives[1]?.detail).toBe('not evaluated: no baseline (first deploy)');
    expect(report.reason).toMatch(/; 1 not evaluated$/);

    const breaching = prometheus({ errors: { 'color="green"': () => 0.2 } });
    const bad = await verifySlo(plan({ noBaselineReason: 'first deploy' }), breaching, clock(T0));
    expect(bad).toMatchObject({ verdict: 'fail', breached: ['error-rate'] });
  });

  it('without a reason, a missing baseline is still a configuration error', async () => {
    await expect(verifySlo(plan({}), prometheus({}), clock(T0))).rejects.toThrow(
      /input 'baseline' is required/,
    );
  });

  it('nothing evaluated at all is no data, never a pass', async () => {
    const onlyRelative = { ...SLO, objectives: SLO.objectives.filter((o) => o.kind === 'relative') };
    const report = await verifySlo(
      plan({ spec: onlyRelative, noBaselineReason: 'first deploy', onNoData: 'pass' }),
      prometheus({}),
      clock(T0),
    );
    expect(report).toMatchObject({ verdict: 'pass', noData: true });
    expect(report.reason).toMatch(/none could be evaluated/);
  });

  it('after a full switch the baseline is the previous color before traffic moved', async () => {
    // Blue served at 100 ms until the switch at T0, then nothing; green answers at 150 ms.
    const source: Source = {
      errors: { 'color="green"': () => 0 },
      p95: {
        'color="blue"': (t) => (t < T0 ? 0.1 : Number.NaN),
        'color="green"': (t) => (t >= T0 ? 0.15 : Number.NaN),
      },
    };
    const ranges: { query: string; start: number; end: number }[] = [];
    const side = await verifySlo(plan({ baseline: 'color="blue"' }), prometheus(source), clock(T0 + 5));
    // Side by side, blue has no data in the window: no verdict for the relative objective.
    expect(side.verdict).toBe('fail');
    expect(side.objectives[1]).toMatchObject({ status: 'no-data' });
    expect(side.objectives[1]?.detail).toMatch(/none for the baseline/);

    const before = await verifySlo(
      plan({ baseline: 'color="blue"', baselineBefore: T0 }),
      prometheus(source, ranges),
      clock(T0 + 5),
    );
    expect(before.verdict).toBe('pass');
    expect(before.objectives[1]).toMatchObject({ status: 'pass' });
    expect(before.objectives[1]?.last).toBeCloseTo(1.5);
    expect(before.baselineWindow).toEqual({
      start: new Date((T0 - 60) * 1000).toISOString(),
      end: new Date(T0 * 1000).toISOString(),
    });
    const baselineRange = ranges.find((range) => range.query.includes('blue'));
    expect(baselineRange).toMatchObject({ start: T0 - 60, end: T0 });

    // Three times slower than blue was: breached against the pre-switch baseline.
    source.p95!['color="green"'] = () => 0.3;
    const slow = await verifySlo(
      plan({ baseline: 'color="blue"', baselineBefore: T0 }),
      prometheus(source),
      clock(T0 + 5),
    );
    expect(slow).toMatchObject({ verdict: 'fail', breached: ['response-time'] });
    expect(slow.objectives[1]?.detail).toMatch(/is 3× baseline 0.1 /);
  });

  it('a baseline reference is the median of what it was, and nothing when it had no data', () => {
    const target = [10, 20, 30].map((t) => ({ t, v: 1 }));
    expect(
      baselineReference(
        target,
        [1, 5, 2, Number.NaN].map((v, t) => ({ t, v })),
      ),
    ).toEqual([10, 20, 30].map((t) => ({ t, v: 2 })));
    expect(baselineReference(target, [{ t: 0, v: Number.NaN }])).toEqual([]);
  });
});

describe('the verification loop', () => {
  it('a wait longer than setTimeout can hold (about 24.8 days) is still waited out in full', async () => {
    // setTimeout fires a delay above 2^31 − 1 ms after 1 ms: a 30d window judged every 30d (both
    // within what the inputs accept) reached its final, attested verdict a second after it began.
    let now = T0 * 1000;
    const sleeps: number[] = [];
    const setTimeoutLike = async (ms: number) => {
      sleeps.push(ms);
      now += ms > 2 ** 31 - 1 ? 1 : ms;
    };
    const month = 30 * 86_400;
    const report = await verifySlo(
      plan({ noBaselineReason: 'first deploy', windowSeconds: month, intervalSeconds: month }),
      prometheus({ errors: { 'color="green"': () => 0.01 } }),
      { now: () => now, sleep: setTimeoutLike },
    );
    expect(report.verdict).toBe('pass');
    expect(now).toBeGreaterThanOrEqual((T0 + month) * 1000);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});

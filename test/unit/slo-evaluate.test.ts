// Judging, without Prometheus: alert `for` semantics, each objective kind on series built here,
// the verdict (fail fast, pass at the end, no data), the plan checks, the inputs and the summary.
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../shared/errors.js';
import { Inputs, mapInputs } from '../../shared/inputs.js';
import {
  formatValue,
  heldFor,
  type JudgeContext,
  judge,
  judgeObjective,
  type ObjectiveResult,
  scoreOf,
  sharesOf,
} from '../../shared/slo/evaluate.js';
import { getVerifySloInputs } from '../../shared/slo/inputs.js';
import type { Point } from '../../shared/slo/prometheus.js';
import { type Objective, parseSlo } from '../../shared/slo/spec.js';
import { mermaidChart, objectiveChartData, sloSummary } from '../../shared/slo/summary.js';
import {
  checkPlan,
  decideMarginal,
  queriesOf,
  type VerificationReport,
  type VerifyPlan,
} from '../../shared/slo/verify.js';

const T0 = 1_800_000_000;

/** Points every `step` seconds from T0. */
function series(values: readonly number[], step = 10): Point[] {
  return values.map((v, i) => ({ t: T0 + i * step, v }));
}

async function objective(yaml: string): Promise<Objective> {
  return (await parseSlo(`apiVersion: pipeline/v1\nkind: SLO\nobjectives:\n  - ${yaml}`))
    .objectives[0] as Objective;
}

const during: JudgeContext = { final: false, stepSeconds: 10, expectedPoints: 31 };
const atEnd: JudgeContext = { ...during, final: true };

describe('heldFor (an alert’s for)', () => {
  const flags = (breaches: boolean[], step = 10) =>
    breaches.map((breach, i) => ({ t: T0 + i * step, breach }));

  it('for: 0 breaches at the first breaching point', () => {
    expect(heldFor(flags([false, true, false]), 0, 10)).toMatchObject({
      breachedAt: T0 + 10,
      since: T0 + 10,
    });
  });

  it('needs the condition to hold, without a break, for the whole duration', () => {
    expect(heldFor(flags([true, true, false, true, true, true]), 20, 10)).toMatchObject({
      breachedAt: T0 + 50,
      since: T0 + 30,
    });
    expect(heldFor(flags([true, true, false, true, true]), 20, 10)).toEqual({ longest: 10, ongoing: true });
  });

  it('a missing point (no data) breaks the run, as it resolves an alert', () => {
    const gap = [
      { t: T0, breach: true },
      { t: T0 + 10, breach: true },
      { t: T0 + 30, breach: true },
      { t: T0 + 40, breach: true },
    ];
    expect(heldFor(gap, 20, 10).breachedAt).toBeUndefined();
  });
});

describe('threshold objectives', async () => {
  const errorRate = await objective(
    '{ name: error-rate, kind: threshold, query: q, threshold: 5%, for: 20s, unit: ratio }',
  );

  it('breach once the value has been above the threshold for `for`', () => {
    const result = judgeObjective(errorRate, { target: series([0, 0.01, 0.2, 0.2, 0.2, 0.2]) }, during);
    expect(result.status).toBe('breached');
    expect(result.breachedAt).toBe(T0 + 40);
    expect(result.detail).toMatch(/^20% > 5% held for 20s \(since \d\d:\d\d:\d\dZ\)$/);
    expect(result.condition).toBe('> 5% for 20s');
  });

  it('a shorter spike is no breach: pending during the window, pass at its end', () => {
    const points = series([0, 0.2, 0.2, 0, 0, 0]);
    expect(judgeObjective(errorRate, { target: points }, during).status).toBe('pending');
    const end = judgeObjective(errorRate, { target: points }, { ...atEnd, expectedPoints: 6 });
    expect(end.status).toBe('pass');
    expect(end.detail).toBe('worst 20% (<= 5%); breached for 10s at most over 6 sample(s)');
  });

  it('no data at the end of the window: too few samples, NaN counts as none', () => {
    const result = judgeObjective(errorRate, { target: series([Number.NaN, 0.01, Number.NaN]) }, atEnd);
    expect(result).toMatchObject({ status: 'no-data', samples: 1, minSamples: 16 });
    expect(result.detail).toBe('only 1 sample(s) with data, 16 needed');
    expect(judgeObjective(errorRate, { target: [] }, atEnd).detail).toMatch(/the query returned no series/);
  });

  it('< operators judge the other way', async () => {
    const healthy = await objective('{ name: healthy, kind: threshold, query: q, op: "<", threshold: 1 }');
    expect(judgeObjective(healthy, { target: series([1, 1, 0]) }, during).status).toBe('breached');
  });
});

describe('relative objectives', async () => {
  const p95 = await objective(
    '{ name: p95, kind: relative, query: "q{ {{selector}} }", factor: 2, for: 10s, unit: seconds }',
  );

  it('compare each target point with factor × the baseline point at the same time', () => {
    const result = judgeObjective(
      p95,
      { target: series([0.02, 0.06, 0.06, 0.06]), baseline: series([0.02, 0.02, 0.02, 0.02]) },
      during,
    );
    expect(result.status).toBe('breached');
    expect(result.breachedAt).toBe(T0 + 20);
    expect(result.detail).toMatch(/^target 60 ms is 3× baseline 20 ms \(> 2×\) held for 10s/);
  });

  it('equal series pass; a missing baseline is no data', () => {
    const equal = { target: series([0.02, 0.02, 0.02]), baseline: series([0.02, 0.02, 0.02]) };
    expect(judgeObjective(p95, equal, { ...atEnd, expectedPoints: 3 })).toMatchObject({
      status: 'pass',
      last: 1,
    });
    const result = judgeObjective(p95, { target: series([0.02, 0.02]), baseline: [] }, atEnd);
    expect(result.status).toBe('no-data');
    expect(result.detail).toContain('none for the baseline');
  });
});

describe('mann-whitney objectives', async () => {
  const latency = await objective(
    '{ name: latency, kind: mann-whitney, query: "q{ {{selector}} }", confidence: 0.95, allowed-increase: 1.1, min-samples: 5 }',
  );
  const context = { final: false, stepSeconds: 10, expectedPoints: 10 };
  const baseline = series([20, 22, 19, 21, 20, 23, 18, 22, 21, 20]);

  it('a clearly slower target breaches once there are enough samples', () => {
    const target = series([40, 41, 39, 44, 42, 40, 43, 41, 45, 40]);
    expect(judgeObjective(latency, { target: target.slice(0, 4), baseline }, context).status).toBe('pending');
    const result = judgeObjective(latency, { target, baseline }, context);
    expect(result.status).toBe('breached');
    expect(result.statistics?.meanRatio).toBeCloseTo(2.0, 1);
    expect(result.detail).toMatch(
      /^target is significantly higher than baseline \(p = [\d.e-]+, mean ratio 2\.0\d*×/,
    );
  });

  it('a significant but small increase is within the allowed effect', () => {
    const target = series(baseline.map((point) => point.v * 1.05));
    const result = judgeObjective(latency, { target, baseline }, { ...context, final: true });
    expect(result.status).toBe('pass');
    expect(result.detail).toMatch(/^(significant but within the allowed effect|no significant increase)/);
  });

  it('a faster target is no breach when only an increase is judged', () => {
    const target = series(baseline.map((point) => point.v / 2));
    expect(judgeObjective(latency, { target, baseline }, { ...context, final: true }).status).toBe('pass');
  });

  it('too few samples at the end is no data', () => {
    expect(
      judgeObjective(latency, { target: series([1, 2]), baseline }, { ...context, final: true }).status,
    ).toBe('no-data');
  });

  it('+Inf (a quantile in the +Inf bucket) counts as the slowest value, not as missing data', async () => {
    const p95 = await objective('{ name: p95, kind: mann-whitney, query: "q{ {{selector}} }" }');
    const window = { final: true, stepSeconds: 10, expectedPoints: 31 };
    const steady = series(Array.from({ length: 31 }, (_, i) => 0.1 + (i % 3) * 0.01));
    // Every other target point is +Inf, the rest look like the baseline: dropping the +Inf ones
    // judged only the healthy half (16 points, just enough) and passed.
    const target = series(steady.map((point, i) => (i % 2 ? Number.POSITIVE_INFINITY : point.v)));
    const result = judgeObjective(p95, { target, baseline: steady }, window);
    expect(result.status).toBe('breached');
    expect(result.samples).toBe(31);
    expect(result.detail).toMatch(/^target is significantly higher than baseline/);
    // +Inf on both sides leaves no mean ratio: the significant difference decides.
    const baseline = series(steady.map((point, i) => (i ? point.v : Number.POSITIVE_INFINITY)));
    const both = judgeObjective(p95, { target, baseline }, window);
    expect(both.status).toBe('breached');
    expect(both.detail).toMatch(/^target is significantly higher than baseline/);
  });
});

describe('burn-rate objectives', async () => {
  const burn = await objective(
    '{ name: burn, kind: burn-rate, query: "e[{{window}}]", objective: 99%, windows: [{ long: 1h, short: 5m, factor: 14.4 }] }',
  );

  it('breach when both windows burn faster than the factor', () => {
    // budget 1%: 20% errors is a burn rate of 20
    const result = judgeObjective(
      burn,
      { target: [], burn: [{ long: series([0.05, 0.2, 0.2]), short: series([0.3, 0.3, 0.3]) }] },
      during,
    );
    expect(result.status).toBe('breached');
    expect(result.breachedAt).toBe(T0 + 10);
    expect(result.detail).toBe(
      'burn rate 20× over 1h and 30× over 5m > 14.4× (objective 99%, budget 1%: 2.78% of the 30d budget in 1h)',
    );
  });

  it('a short spike alone (long window calm) is no breach', () => {
    const result = judgeObjective(
      burn,
      { target: [], burn: [{ long: series([0.01, 0.01]), short: series([0.5, 0.5]) }] },
      { ...atEnd, expectedPoints: 2 },
    );
    expect(result.status).toBe('pass');
  });
});

describe('the verdict', () => {
  const result = (name: string, status: ObjectiveResult['status'], detail = 'd'): ObjectiveResult => ({
    name,
    kind: 'threshold',
    status,
    detail,
    condition: 'c',
    samples: 1,
    minSamples: 1,
  });

  it('fails as soon as one objective is breached, naming every breached one', () => {
    expect(
      judge(
        [result('a', 'breached', 'x > 1'), result('b', 'pending'), result('c', 'breached')],
        false,
        'fail',
      ),
    ).toEqual({
      verdict: 'fail',
      breached: ['a', 'c'],
      score: 33.3,
      reason: 'a breached: x > 1; c breached: d',
    });
  });

  it('keeps observing until the end of the window, then passes', () => {
    expect(judge([result('a', 'pending')], false, 'fail').verdict).toBeUndefined();
    expect(judge([result('a', 'pass'), result('b', 'pass')], true, 'fail')).toMatchObject({
      verdict: 'pass',
      breached: [],
    });
  });

  it('no data is a failure unless on-no-data says otherwise', () => {
    const results = [result('a', 'pass'), result('b', 'no-data', 'no data: the query returned no series')];
    expect(judge(results, true, 'fail')).toMatchObject({
      verdict: 'fail',
      reason: 'not enough data for b (no data: the query returned no series)',
    });
    expect(judge(results, true, 'inconclusive').verdict).toBe('inconclusive');
    expect(judge(results, true, 'pass').verdict).toBe('pass');
  });
});

describe('scores: weights, critical objectives, pass / marginal / fail', () => {
  const result = (name: string, status: ObjectiveResult['status']): ObjectiveResult => ({
    name,
    kind: 'threshold',
    status,
    detail: `${name} detail`,
    condition: 'c',
    samples: 1,
    minSamples: 1,
  });
  // error-rate 3, latency 1, cpu 1: Kayenta's example bands.
  const weights = [
    { weight: 3, critical: false },
    { weight: 1, critical: false },
    { weight: 1, critical: false },
  ];
  const bands = { pass: 90, marginal: 75 };

  it('the default (no scoring section) fails on any breach, whatever the weights', () => {
    const results = [result('errors', 'pass'), result('latency', 'breached'), result('cpu', 'pending')];
    expect(judge(results, false, 'fail', weights)).toMatchObject({ verdict: 'fail', score: 80 });
  });

  it('a breach that leaves the score in the marginal band waits for the end, then is marginal', () => {
    const during_ = [result('errors', 'pending'), result('latency', 'breached'), result('cpu', 'pending')];
    expect(judge(during_, false, 'fail', weights, bands)).toEqual({
      reason: 'observing',
      breached: ['latency'],
      score: 80,
    });
    const end = [result('errors', 'pass'), result('latency', 'breached'), result('cpu', 'pass')];
    expect(judge(end, true, 'fail', weights, bands)).toEqual({
      verdict: 'marginal',
      breached: ['latency'],
      score: 80,
      reason: 'score 80 (pass ≥ 90, marginal ≥ 75) is marginal: latency breached: latency detail',
    });
  });

  it('falling below marginal fails at once, before the end of the window', () => {
    const results = [result('errors', 'breached'), result('latency', 'pending'), result('cpu', 'pending')];
    expect(judge(results, false, 'fail', weights, bands)).toMatchObject({
      verdict: 'fail',
      breached: ['errors'],
      score: 40,
    });
  });

  it('a critical objective fails whatever the score', () => {
    const critical = [weights[0]!, weights[1]!, { weight: 0.1, critical: true }];
    const results = [result('errors', 'pass'), result('latency', 'pass'), result('cpu', 'breached')];
    const judgment = judge(results, false, 'fail', critical, bands);
    expect(judgment).toMatchObject({ verdict: 'fail', breached: ['cpu'] });
    expect(judgment.score).toBeGreaterThan(95);
    expect(judgment.reason).toContain('a critical objective');
  });

  it('a score at or above pass passes, and says what breached', () => {
    const heavy = [
      { weight: 10, critical: false },
      { weight: 1, critical: false },
    ];
    const judgment = judge([result('errors', 'pass'), result('cpu', 'breached')], true, 'fail', heavy, bands);
    expect(judgment).toMatchObject({ verdict: 'pass', score: 90.9, breached: ['cpu'] });
    expect(judgment.reason).toBe(
      'score 90.9 (pass ≥ 90, marginal ≥ 75): errors held; cpu breached: cpu detail',
    );
  });

  it('objectives not evaluated or without data at the end do not count', () => {
    const results = [result('errors', 'pass'), result('latency', 'not-evaluated'), result('cpu', 'breached')];
    // 3 of 4: the latency objective's weight is not in the total.
    expect(scoreOf(results, weights, true)).toBe(75);
    expect(sharesOf(results, weights, true)).toEqual([75, 0, 25]);
    // no data at the end still follows on-no-data (fail closed), a breach beside it named.
    const noData = [result('errors', 'no-data'), result('latency', 'pass'), result('cpu', 'pass')];
    expect(judge(noData, true, 'fail', weights, bands)).toMatchObject({ verdict: 'fail', noData: true });
  });

  it('the score never rises as the window goes on, so failing early is safe', () => {
    const statuses: ObjectiveResult['status'][] = ['pending', 'pass', 'breached', 'no-data', 'not-evaluated'];
    for (const a of statuses)
      for (const b of statuses) {
        const now = [result('x', a), result('y', b)];
        // Later: pending may become anything but not-evaluated; the rest stay.
        const later = now.map((entry) =>
          entry.status === 'pending' ? result(entry.name, 'breached') : entry,
        );
        const before = scoreOf(now, weights, false);
        const after = scoreOf(later, weights, true);
        if (before !== undefined && after !== undefined) expect(after).toBeLessThanOrEqual(before);
      }
  });

  it('on-marginal turns a marginal judgment into fail or pass, or leaves it for a person', () => {
    const marginal = judge(
      [result('errors', 'pass'), result('latency', 'breached'), result('cpu', 'pass')],
      true,
      'fail',
      weights,
      bands,
    );
    expect(decideMarginal(marginal, 'wait')).toBe(marginal);
    expect(decideMarginal(marginal, 'fail')).toMatchObject({ verdict: 'fail', marginal: true });
    expect(decideMarginal(marginal, 'pass').reason).toMatch(/is marginal: .* — on-marginal: pass$/);
  });
});

describe('the plan', () => {
  const plan = async (yaml: string, extra: Partial<VerifyPlan> = {}): Promise<VerifyPlan> => ({
    spec: await parseSlo(`apiVersion: pipeline/v1\nkind: SLO\nobjectives:\n  - ${yaml}`),
    windowSeconds: 60,
    intervalSeconds: 10,
    warmUpSeconds: 0,
    target: 'color="green"',
    baseline: 'color="blue"',
    onNoData: 'fail',
    ...extra,
  });

  it('needs a baseline for comparisons', async () => {
    const noBaseline = await plan('{ name: p95, kind: relative, query: "q{ {{selector}} }", factor: 2 }', {
      baseline: undefined,
    });
    expect(() => checkPlan(noBaseline)).toThrow(
      `input 'baseline' is required: objective 'p95' (relative) compares the target with a baseline, e.g. color="blue"`,
    );
  });

  it('refuses more min-samples than the window gives, and warns of a `for` longer than the window', async () => {
    const tooMany = await plan('{ name: a, kind: threshold, query: q, threshold: 1, min-samples: 8 }');
    expect(() => checkPlan(tooMany)).toThrow(
      "SLO objective 'a', field 'min-samples': needs 8 samples but a 60s window at a 10s interval gives at most 7",
    );
    expect(checkPlan(await plan('{ name: cpu, kind: threshold, query: q, threshold: 1, for: 5m }'))).toEqual([
      "objective 'cpu' must be breached for 300s but the window is 60s: it cannot fail within it",
    ]);
  });

  it('renders the queries by role', async () => {
    const p = await plan(
      '{ name: b, kind: burn-rate, query: "e{ {{selector}} }[{{window}}] / {{interval}}", objective: 0.999 }',
    );
    expect(queriesOf(p.spec.objectives[0] as Objective, p)).toEqual({
      long0: 'e{ color="green" }[1h] / 10s',
      short0: 'e{ color="green" }[5m] / 10s',
      long1: 'e{ color="green" }[6h] / 10s',
      short1: 'e{ color="green" }[30m] / 10s',
    });
  });
});

describe('inputs', () => {
  const base = {
    'prometheus-url': 'http://127.0.0.1:9090',
    target: 'color="green"',
    baseline: 'color="blue"',
  };
  const read = async (values: Record<string, string>) =>
    await getVerifySloInputs(new Inputs(mapInputs({ ...base, ...values })), {});
  const message = async (values: Record<string, string>) => {
    try {
      await read(values);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return (error as Error).message;
    }
    throw new Error('expected the inputs to be refused');
  };

  it('defaults to the runbook SLO; window and interval come from the input, else the file, else 300s/10s', async () => {
    const inputs = await read({});
    expect(inputs.plan).toMatchObject({
      windowSeconds: 300,
      intervalSeconds: 10,
      warmUpSeconds: 0,
      onNoData: 'fail',
    });
    expect(inputs.plan.spec.name).toBe('runbook');
    expect((await read({ window: '2m', interval: '5s', 'warm-up': '30s' })).plan).toMatchObject({
      windowSeconds: 120,
      intervalSeconds: 5,
      warmUpSeconds: 30,
    });
    expect(inputs.attestation).toBeUndefined();
  });

  it("baseline 'none': nothing to compare with, said so; any other baseline must be label matchers", async () => {
    const { plan } = await read({ baseline: 'none' });
    expect(plan.baseline).toBeUndefined();
    expect(plan.noBaselineReason).toBe("baseline 'none': nothing to compare with");
    expect((await read({})).plan).toMatchObject({ baseline: 'color="blue"' });
    expect((await read({})).plan.noBaselineReason).toBeUndefined();
    expect(await message({ baseline: 'nothing' })).toMatch(/^input 'baseline'/);
  });

  it('refuses bad values with one line naming the input', async () => {
    expect(await message({ 'prometheus-url': 'prometheus:9090' })).toBe(
      "input 'prometheus-url': got 'prometheus:9090', expected an http(s) URL like https://host:port/path",
    );
    // Credentials in a refused URL are never quoted; a query would be lost under the API paths.
    expect(await message({ 'prometheus-url': 'ftp://ci:hunter2@prometheus:9090' })).toBe(
      "input 'prometheus-url': got 'ftp://***@prometheus:9090', expected an http(s) URL like https://host:port/path",
    );
    expect(await message({ 'prometheus-url': 'https://ci:hunter2@prometheus:9090/?token=x' })).toBe(
      "input 'prometheus-url': got 'https://***@prometheus:9090/?…', expected a base URL without ?query or #fragment (paths are appended to it)",
    );
    expect(await message({ target: 'green' })).toMatch(
      /^input 'target': got 'green', expected Prometheus label matchers like color="green"/,
    );
    expect(await message({ target: '' })).toMatch(
      /^input 'target' is required: objective 'error-rate' fills \{\{selector\}\}/,
    );
    expect(await message({ window: 'soon' })).toBe(
      "input 'window': got 'soon', expected a duration like 90s, 2m or 1h30m (at least 1s, at most 30d)",
    );
    expect(await message({ interval: '10m' })).toBe(
      "input 'interval': 600s is longer than the 300s window: nothing could be judged",
    );
    expect(await message({ 'on-no-data': 'ignore' })).toBe(
      "input 'on-no-data': got 'ignore', expected one of fail, inconclusive, pass",
    );
  });

  it('attests by digest only, in a named environment', async () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(await message({ image: 'registry.example.com/app:1.0', environment: 'staging' })).toMatch(
      /^input 'image': got 'registry.example.com\/app:1.0', expected an image by digest/,
    );
    expect(await message({ image: `registry.example.com/app@${digest}` })).toMatch(
      /^input 'environment' is required with 'image'/,
    );
    expect(await message({ environment: 'staging' })).toMatch(/give 'image'/);
    expect(
      await message({
        image: `registry.example.com/app@${digest}`,
        environment: 'staging',
        'cosign-key': '/nope',
      }),
    ).toMatch(
      /^input 'cosign-key': expected a private key \(PEM content\) or a path to one; got neither \(5 characters, not shown\)$/,
    );
    const inputs = await read({
      image: 'registry.example.com/app:1.0',
      digest,
      environment: 'staging',
      'tlog-upload': 'false',
    });
    expect(inputs.attestation).toMatchObject({
      image: { registry: 'registry.example.com', repository: 'app', digest, tag: undefined },
      environment: 'staging',
      tlogUpload: false,
    });
  });
});

describe('the summary', () => {
  const report: VerificationReport = {
    verdict: 'fail',
    reason: 'error-rate breached: 20% > 5% held for 20s',
    breached: ['error-rate'],
    prometheus: 'http://127.0.0.1:9090',
    target: 'color="green"',
    baseline: 'color="blue"',
    windowSeconds: 300,
    intervalSeconds: 10,
    warmUpSeconds: 0,
    onNoData: 'fail',
    scoring: { pass: 100, marginal: 100 },
    onMarginal: 'fail',
    startedAt: '',
    windowStart: '',
    finishedAt: '',
    elapsedSeconds: 40,
    slo: { name: 'runbook', sources: ['examples/slo/default.yaml'] },
    warnings: [],
    objectives: [
      {
        name: 'error-rate',
        kind: 'threshold',
        status: 'breached',
        detail: '20% > 5% held for 20s',
        condition: '> 5% for 20s',
        samples: 5,
        minSamples: 16,
        last: 0.2,
        worst: 0.2,
        unit: 'ratio',
        limit: 0.05,
        weight: 1,
        critical: false,
        share: 50,
        queries: { target: 'q' },
        series: {
          target: [
            [T0, 0],
            [T0 + 10, Number.NaN],
            [T0 + 20, 0.2],
          ],
        },
      },
      {
        name: 'response-time',
        kind: 'relative',
        status: 'pending',
        detail: '…',
        condition: '> 2× baseline',
        samples: 3,
        minSamples: 16,
        unit: 'seconds',
        limit: 2,
        weight: 1,
        critical: false,
        share: 50,
        queries: { target: 'q1', baseline: 'q2' },
        series: {
          target: [
            [T0, 0.024],
            [T0 + 10, 0.025],
          ],
          baseline: [
            [T0, 0.024],
            [T0 + 10, 0.024],
          ],
        },
      },
    ],
  };

  it('shows each objective against its condition, with a chart of its series', () => {
    const markdown = sloSummary(report).toMarkdown();
    expect(markdown).toContain('## ❌ SLO verification: FAIL');
    expect(markdown).toContain('**error-rate breached: 20% > 5% held for 20s**');
    expect(markdown).toContain(
      '| **error-rate** | threshold | > 5% for 20s | last 20%, worst 20% | 5 (≥ 16) | ❌ breached |',
    );
    expect(markdown).toContain(
      '| **response-time** | relative | > 2× baseline | — | 3 (≥ 16) | ⏸ not judged (verdict reached first) |',
    );
    expect(markdown.match(/```mermaid\n%%\{init[^\n]*\nxychart-beta/g)).toHaveLength(2);
  });

  it('a scored verification shows its score, its bands and each objective’s share; a strict one does not', () => {
    const scored: VerificationReport = {
      ...report,
      verdict: 'marginal',
      reason: 'score 80 (pass ≥ 90, marginal ≥ 75) is marginal: error-rate breached: …',
      breached: [],
      score: 80,
      scoring: { pass: 90, marginal: 75 },
      onMarginal: 'wait',
      objectives: [
        { ...report.objectives[0]!, weight: 1, share: 20 },
        { ...report.objectives[1]!, status: 'pass', weight: 4, critical: true, share: 80 },
      ],
    };
    const markdown = sloSummary(scored).toMarkdown();
    expect(markdown).toContain('## 🟡 SLO verification: MARGINAL');
    expect(markdown).toContain(
      'Score **80** / 100 · pass ≥ 90, marginal ≥ 75 (on-marginal: wait), else fail',
    );
    expect(markdown).toContain(
      '| Objective | Kind | Breached when | Observed | Samples | Share of score | Result |',
    );
    expect(markdown).toContain('| 5 (≥ 16) | 20% lost (weight 1) | ❌ breached |');
    expect(markdown).toContain('| 80% (weight 4, critical) | ✅ pass |');
    expect(sloSummary(report).toMarkdown()).not.toContain('Share of score');
  });

  it('charts in the unit of the values, filling gaps, with the threshold or the limit as a line', () => {
    const errorRate = objectiveChartData(report.objectives[0]!);
    expect(mermaidChart('error-rate', errorRate!)).toBe(
      [
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#d62728, #7f7f7f"}}}}%%',
        'xychart-beta',
        '  title "error-rate"',
        '  x-axis "seconds into the window" [0, 20]',
        '  y-axis "%"',
        '  line [0, 20]',
        '  line [5, 5]',
      ].join('\n'),
    );
    const responseTime = objectiveChartData(report.objectives[1]!)!;
    expect(mermaidChart('response-time', responseTime)).toContain(
      '  y-axis "ms"\n  line [24, 25]\n  line [24, 24]\n  line [48, 48]',
    );
  });

  it('keeps at most 60 columns, each the highest of its bucket', () => {
    const many = Array.from({ length: 300 }, (_, i) => [T0 + i, i === 150 ? 9 : 1] as [number, number]);
    const chart = objectiveChartData({ ...report.objectives[0]!, series: { target: many } })!;
    expect(chart.times).toHaveLength(60);
    expect(Math.max(...(chart.lines[0]!.values as number[]))).toBe(9);
  });

  it('formats values in their unit', () => {
    expect(formatValue(0.0512, 'ratio')).toBe('5.12%');
    expect(formatValue(0.0975, 'seconds')).toBe('97.5 ms');
    expect(formatValue(2.5, 'seconds')).toBe('2.5 s');
    expect(formatValue(120, 'rps')).toBe('120 rps');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('∞');
  });
});

// The statistics verify-slo judges with, against published reference values: scipy's
// mannwhitneyu documentation, ClickHouse's mannWhitneyUTest test (whose expected values come from
// scipy, on data with ties), an R wilcox.test run on heavily tied data, and the error-budget burn
// rates of Google's SRE Workbook ("Alerting on SLOs") as alerting products document them.
import { describe, expect, it } from 'vitest';
import { judgeObjective } from '../../shared/slo/evaluate.js';
import type { MannWhitneyObjective } from '../../shared/slo/spec.js';
import {
  budgetConsumed,
  burnRate,
  burnRateForBudget,
  mannWhitneyU,
  meanRatio,
  normalCdf,
  normalSf,
  rankAverage,
} from '../../shared/slo/statistics.js';

describe('Mann-Whitney U against published values', () => {
  // scipy.stats.mannwhitneyu docstring (its example follows Shier 2004): diagnosis ages.
  const males = [19, 22, 16, 29, 24];
  const females = [20, 11, 17, 12];

  it('scipy docs: U1 = 17, U2 = 3, asymptotic two-sided p = 0.11134688653314041', () => {
    const result = mannWhitneyU(males, females);
    expect(result.u1).toBe(17);
    expect(result.u2).toBe(3);
    expect(result.pValue).toBeCloseTo(0.11134688653314041, 15);
  });

  it('scipy docs: without the continuity correction p = 0.0864107329737', () => {
    expect(mannWhitneyU(males, females, { continuity: false }).pValue).toBeCloseTo(0.0864107329737, 12);
  });

  it('scipy docs: the statistic is that of the first sample (U2 = nx·ny − U1)', () => {
    const swapped = mannWhitneyU(females, males);
    expect(swapped.u1).toBe(3);
    expect(swapped.pValue).toBeCloseTo(0.11134688653314041, 15);
  });

  it('with ties (ClickHouse 01560_mann_whitney, scipy values): U = 223, p = 0.5426959774289482', () => {
    const left = [
      310, 195, 530, 155, 530, 245, 385, 450, 465, 545, 170, 180, 125, 180, 230, 75, 430, 480, 495, 295,
    ];
    const right = [
      116, 171, 176, 421, 111, 326, 481, 111, 346, 441, 261, 411, 206, 521, 456, 446, 296, 51, 426, 261,
    ];
    const result = mannWhitneyU(left, right);
    expect(result.u1).toBe(223);
    expect(result.pValue).toBeCloseTo(0.5426959774289482, 15);
  });

  it('heavy ties, 100 vs 200 values on a 6-point scale (R wilcox.test, exact = FALSE): W = 10756, p = 0.2126', () => {
    // garciparedes/r-examples, statistical-inference/non-parametric/exercise-10.r
    const expand = (counts: number[]) => counts.flatMap((count, index) => Array(count).fill(index + 1));
    const x = expand([60, 21, 11, 4, 3, 1]);
    const y = expand([130, 50, 10, 6, 4, 0]);
    const result = mannWhitneyU(x, y);
    expect(result.u1).toBe(10756);
    expect(Number(result.pValue.toFixed(4))).toBe(0.2126);
    // The same exercise without the tie correction gives 0.2855 (continuity on): the tie
    // correction is what moves it.
    expect(result.pValue).toBeLessThan(0.2855);
  });

  it('one-sided p-values split the two-sided one and point the right way', () => {
    const two = mannWhitneyU(males, females).pValue;
    expect(mannWhitneyU(males, females, { alternative: 'greater' }).pValue).toBeCloseTo(two / 2, 15);
    expect(mannWhitneyU(males, females, { alternative: 'less' }).pValue).toBeGreaterThan(0.9);
    expect(mannWhitneyU(females, males, { alternative: 'less' }).pValue).toBeCloseTo(two / 2, 15);
  });

  it('all values tied is no evidence (p = 1), not a division by zero', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5, 5]).pValue).toBe(1);
  });

  it('refuses empty or non-finite samples', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/at least one value/);
    expect(() => mannWhitneyU([1, Number.NaN], [1])).toThrow(/finite/);
  });

  it('ranks ties by their average position', () => {
    expect(rankAverage([10, 20, 10, 30, 20, 20])).toEqual({ ranks: [1.5, 4, 1.5, 6, 4, 4], ties: [2, 3, 1] });
  });
});

describe('normal distribution', () => {
  it('is symmetric, with Φ(0) = ½ and upper tails without cancellation', () => {
    expect(normalCdf(0)).toBe(0.5);
    for (const x of [0.1, 0.7, 1.3, 2.5, 4, 6.9, 7.2, 12]) {
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
      expect(normalSf(x)).toBe(normalCdf(-x));
    }
    expect(normalSf(10)).toBeGreaterThan(0);
    expect(normalSf(10)).toBeLessThan(1e-22);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });
});

describe('error-budget burn rate (Google SRE Workbook, "Alerting on SLOs")', () => {
  const hour = 3600;
  const day = 24 * hour;

  it('a 99.9% objective burns 14.4× at a 1.44% error ratio', () => {
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 10);
    expect(burnRate(0.001, 0.999)).toBeCloseTo(1, 10);
  });

  it('30-day SLO: 2% of the budget in 1h is 14.4×, 5% in 6h is 6×, 10% in 3d is 1×', () => {
    expect(burnRateForBudget(0.02, hour, 30 * day)).toBeCloseTo(14.4, 10);
    expect(burnRateForBudget(0.05, 6 * hour, 30 * day)).toBeCloseTo(6, 10);
    expect(burnRateForBudget(0.1, 3 * day, 30 * day)).toBeCloseTo(1, 10);
    expect(budgetConsumed(14.4, hour, 30 * day)).toBeCloseTo(0.02, 12);
    expect(budgetConsumed(6, 6 * hour, 30 * day)).toBeCloseTo(0.05, 12);
  });

  it('7-day SLO: 10% in 1h is 16.8×, 20% in 6h is 5.6×, 40% in 1d is 2.8×', () => {
    expect(burnRateForBudget(0.1, hour, 7 * day)).toBeCloseTo(16.8, 10);
    expect(burnRateForBudget(0.2, 6 * hour, 7 * day)).toBeCloseTo(5.6, 10);
    expect(burnRateForBudget(0.4, day, 7 * day)).toBeCloseTo(2.8, 10);
  });

  it('the mean ratio (Kayenta effect size) handles a zero baseline', () => {
    expect(meanRatio([2, 4], [1, 2])).toBe(2);
    expect(meanRatio([0, 0], [0])).toBe(1);
    expect(meanRatio([1], [0])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('Mann-Whitney objective under repeated looks (no false alarm on equal noise)', () => {
  /** mulberry32: a small seeded generator, so the simulation is the same every run. */
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const objective: MannWhitneyObjective = {
    name: 'latency-distribution',
    kind: 'mann-whitney',
    query: 'q{ {{selector}} }',
    weight: 1,
    critical: false,
    direction: 'increase',
    confidence: 0.99,
    allowedIncrease: 1.2,
    allowedDecrease: 1,
    minSamples: 8,
  };

  /** One verification: judged after every new point, as the action does; true when it failed. */
  function failsOnce(next: () => number, shift: number, points = 31): boolean {
    const target: { t: number; v: number }[] = [];
    const baseline: { t: number; v: number }[] = [];
    for (let i = 0; i < points; i++) {
      target.push({ t: i * 10, v: (30 + 20 * next()) * shift });
      baseline.push({ t: i * 10, v: 30 + 20 * next() });
      const result = judgeObjective(
        objective,
        { target, baseline },
        { final: i === points - 1, stepSeconds: 10, expectedPoints: points },
      );
      if (result.status === 'breached') return true;
    }
    return false;
  }

  it('equal but noisy target and baseline: no failure in 1000 simulated verifications', () => {
    const next = random(7);
    let failures = 0;
    for (let run = 0; run < 1000; run++) if (failsOnce(next, 1)) failures++;
    expect(failures).toBe(0);
  });

  it('a target 1.5× slower is caught in every simulated verification', () => {
    const next = random(11);
    let caught = 0;
    for (let run = 0; run < 200; run++) if (failsOnce(next, 1.5)) caught++;
    expect(caught).toBe(200);
  });
});

// The statistics verify-slo judges with: the standard normal distribution, the Mann-Whitney U test
// (tie-corrected normal approximation with continuity correction, as scipy.stats.mannwhitneyu's
// method='asymptotic' and R's wilcox.test(exact = FALSE) compute it) and error-budget burn rates.
// Pure functions, no dependencies.

/**
 * Standard normal lower tail Φ(x), to about 1e-15 absolute: Hart's double-precision algorithm
 * (5666) in the form W. J. Cody and G. West use, with a continued fraction in the far tail.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      tail = (e * n) / d;
    } else {
      let b = z + 0.65;
      b = z + 4 / b;
      b = z + 3 / b;
      b = z + 2 / b;
      b = z + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** Upper tail 1 − Φ(x), without cancellation for large x. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/** Average ranks (1-based; ties share the mean of their positions) and the size of each tie group. */
export function rankAverage(values: readonly number[]): { ranks: number[]; ties: number[] } {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  const ties: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && order[end]?.value === order[start]?.value) end++;
    const rank = (start + 1 + end) / 2; // mean of positions start+1 … end
    for (let i = start; i < end; i++) ranks[(order[i] as { index: number }).index] = rank;
    ties.push(end - start);
    start = end;
  }
  return { ranks, ties };
}

export type Alternative = 'two-sided' | 'less' | 'greater';

export interface MannWhitneyResult {
  /** U of the first sample (x): the number of (x, y) pairs with x > y, ties counting ½. */
  u1: number;
  /** U of the second sample: n1·n2 − u1. */
  u2: number;
  /** The standardized statistic (continuity-corrected when asked). */
  z: number;
  pValue: number;
  n1: number;
  n2: number;
}

/**
 * Mann-Whitney U test of x against y with the normal approximation, corrected for ties and (by
 * default) for continuity. `greater`: x is stochastically greater than y; `less`: smaller.
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: { alternative?: Alternative; continuity?: boolean } = {},
): MannWhitneyResult {
  const alternative = options.alternative ?? 'two-sided';
  const continuity = options.continuity ?? true;
  const n1 = x.length;
  const n2 = y.length;
  if (!n1 || !n2) throw new Error('mannWhitneyU: both samples need at least one value');
  // ±Infinity ranks above (below) every number, as Prometheus' +Inf quantile is slower than any.
  if ([...x, ...y].some((value) => Number.isNaN(value)))
    throw new Error('mannWhitneyU: samples must be numbers (finite or ±Infinity), not NaN');
  const { ranks, ties } = rankAverage([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i] as number;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const n = n1 + n2;
  const tieTerm = ties.reduce((sum, t) => sum + (t * t * t - t), 0);
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  let numerator = u1 - (n1 * n2) / 2;
  if (continuity) {
    // The correction always moves the statistic towards the mean (a larger p-value).
    const sign = alternative === 'greater' ? 1 : alternative === 'less' ? -1 : Math.sign(numerator);
    numerator -= 0.5 * sign;
  }
  if (!(sigma > 0)) return { u1, u2, z: 0, pValue: 1, n1, n2 }; // every value tied: no evidence
  const z = numerator / sigma;
  const pValue =
    alternative === 'greater'
      ? normalSf(z)
      : alternative === 'less'
        ? normalCdf(z)
        : Math.min(1, 2 * Math.min(normalCdf(z), normalSf(z)));
  return { u1, u2, z, pValue: Math.min(1, Math.max(0, pValue)), n1, n2 };
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Target mean / baseline mean (Kayenta's "meanRatio" effect size); ±Infinity over a zero baseline. */
export function meanRatio(target: readonly number[], baseline: readonly number[]): number {
  const t = mean(target);
  const b = mean(baseline);
  if (b === 0) return t === 0 ? 1 : t > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return t / b;
}

// Error budgets (Google SRE Workbook, "Alerting on SLOs"): with an SLO objective such as 0.999,
// the budget is 1 − objective; the burn rate is how many times faster than that budget errors come.

/** Burn rate of an observed error ratio against an objective (0.999 → budget 0.001). */
export function burnRate(errorRatio: number, objective: number): number {
  return errorRatio / (1 - objective);
}

/** The share of a period's budget that burning at `rate` for `windowSeconds` consumes. */
export function budgetConsumed(rate: number, windowSeconds: number, periodSeconds: number): number {
  return (rate * windowSeconds) / periodSeconds;
}

/** The burn rate at which `fraction` of the period's budget is consumed within `windowSeconds`. */
export function burnRateForBudget(fraction: number, windowSeconds: number, periodSeconds: number): number {
  return (fraction * periodSeconds) / windowSeconds;
}

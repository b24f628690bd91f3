// Judging, as pure functions: each objective against the series observed so far, then the verdict.
// A breach fails at once (fail fast); a pass needs the whole window with enough samples; missing
// data is whatever `on-no-data` says.
import type { Point } from './prometheus.js';
import type { OnNoData } from './settings.js';
import { type Objective, type Operator, type Scoring, STRICT_SCORING } from './spec.js';
import { type Alternative, budgetConsumed, burnRate, mannWhitneyU, meanRatio } from './statistics.js';

export type ObjectiveStatus = 'pass' | 'breached' | 'pending' | 'no-data' | 'not-evaluated';
/** `marginal`: the score fell below `scoring.pass` but not below `scoring.marginal`. */
export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'marginal';

/** What was observed for one objective, from the start of the window until now. */
export interface Observation {
  target: Point[];
  baseline?: Point[];
  /** burn-rate: the error ratio over each window pair's long and short window. */
  burn?: { long: Point[]; short: Point[] }[];
}

export interface ObjectiveResult {
  name: string;
  kind: Objective['kind'];
  status: ObjectiveStatus;
  /** One line: the observed values against the condition. */
  detail: string;
  /** The breach condition, e.g. `> 5% for 2m`. */
  condition: string;
  /** Judged points (paired points for relative and burn-rate; the smaller sample for mann-whitney). */
  samples: number;
  minSamples: number;
  /** Unix seconds of the point at which the objective was breached. */
  breachedAt?: number;
  /** The latest and the worst observed value (ratio to baseline for relative; burn rate for burn-rate). */
  last?: number;
  worst?: number;
  statistics?: { u: number; pValue: number; z: number; meanRatio: number; n1: number; n2: number };
}

export interface JudgeContext {
  /** The window is over: pending objectives pass or have no data. */
  final: boolean;
  /** Seconds between points (the interval). */
  stepSeconds: number;
  /** Points the whole window gives (for the default min-samples). */
  expectedPoints: number;
}

export function compare(op: Operator, a: number, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

/** The negation, for saying what held: `> 5%` failed to hold means `<= 5%`. */
const NEGATED: Record<Operator, Operator> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>' };

/** Judged points an objective needs before it can pass. */
export function minSamplesOf(objective: Objective, expectedPoints: number): number {
  if (objective.minSamples !== undefined) return objective.minSamples;
  const half = Math.ceil(expectedPoints / 2);
  return objective.kind === 'mann-whitney' ? Math.max(5, half) : Math.max(1, half);
}

export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s % 86_400 === 0) return `${s / 86_400}d`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${rest ? `${rest}s` : ''}`;
}

function trim(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '-∞' : 'NaN';
  if (value === 0) return '0';
  return String(Number(value.toPrecision(digits)));
}

/** A value in its unit: `ratio` as a percentage, `seconds` as ms or s, anything else appended. */
export function formatValue(value: number | undefined, unit?: string): string {
  if (value === undefined) return '—';
  if (!Number.isFinite(value)) return trim(value);
  if (unit === 'ratio') return `${trim(value * 100)}%`;
  if (unit === 'seconds') return Math.abs(value) < 1 ? `${trim(value * 1000)} ms` : `${trim(value)} s`;
  return unit ? `${trim(value)} ${unit}` : trim(value);
}

function formatTime(t: number): string {
  return `${new Date(t * 1000).toISOString().slice(11, 19)}Z`;
}

interface Held {
  breachedAt?: number;
  since?: number;
  /** The longest run of breaching points so far, in seconds. */
  longest: number;
  /** Whether the latest point breaches (a run is under way). */
  ongoing: boolean;
}

/**
 * Alert `for` semantics over points one step apart: breached at the first point where the
 * condition has held, without a gap, for at least `forSeconds` (0: the first breaching point).
 */
export function heldFor(
  flags: readonly { t: number; breach: boolean }[],
  forSeconds: number,
  step: number,
): Held {
  let runStart: number | undefined;
  let previous: number | undefined;
  let longest = 0;
  let ongoing = false;
  for (const { t, breach } of flags) {
    const contiguous = previous !== undefined && t - previous <= step * 1.5;
    if (breach) {
      if (runStart === undefined || !contiguous) runStart = t;
      const held = t - runStart;
      longest = Math.max(longest, held);
      if (held >= forSeconds) return { breachedAt: t, since: runStart, longest: held, ongoing: true };
      ongoing = true;
    } else {
      runStart = undefined;
      ongoing = false;
    }
    previous = t;
  }
  return { longest, ongoing };
}

function finite(points: readonly Point[] | undefined): Point[] {
  return (points ?? []).filter((point) => !Number.isNaN(point.v));
}

function pair(a: readonly Point[], b: readonly Point[]): { t: number; a: number; b: number }[] {
  const byTime = new Map(b.map((point) => [point.t, point.v]));
  const pairs: { t: number; a: number; b: number }[] = [];
  for (const point of a) {
    const other = byTime.get(point.t);
    if (other !== undefined) pairs.push({ t: point.t, a: point.v, b: other });
  }
  return pairs;
}

function worstOf(values: number[], op: Operator): number | undefined {
  if (!values.length) return undefined;
  return op === '>' || op === '>=' ? Math.max(...values) : Math.min(...values);
}

/** Status of an objective that was not breached: pending during the window, then pass or no data. */
function settle(samples: number, minSamples: number, context: JudgeContext): ObjectiveStatus {
  if (!context.final) return 'pending';
  return samples >= minSamples ? 'pass' : 'no-data';
}

function noDataDetail(samples: number, minSamples: number): string {
  return samples
    ? `only ${samples} sample(s) with data, ${minSamples} needed`
    : 'no data: the query returned no series (or only NaN)';
}

/**
 * An objective that cannot be judged at all, e.g. one that compares with a baseline on a first
 * deploy, when there is nothing to compare with: it neither passes nor fails the verification.
 */
export function notEvaluated(objective: Objective, reason: string, context: JudgeContext): ObjectiveResult {
  const { condition, minSamples } = judgeObjective(objective, { target: [] }, context);
  return {
    name: objective.name,
    kind: objective.kind,
    status: 'not-evaluated',
    condition,
    samples: 0,
    minSamples,
    detail: `not evaluated: ${reason}`,
  };
}

export function judgeObjective(
  objective: Objective,
  observation: Observation,
  context: JudgeContext,
): ObjectiveResult {
  const minSamples = minSamplesOf(objective, context.expectedPoints);
  const step = context.stepSeconds;
  const unit = objective.unit;
  switch (objective.kind) {
    case 'threshold': {
      const points = finite(observation.target);
      const condition = `${objective.op} ${formatValue(objective.threshold, unit)}${objective.forSeconds ? ` for ${formatSeconds(objective.forSeconds)}` : ''}`;
      const held = heldFor(
        points.map((point) => ({ t: point.t, breach: compare(objective.op, point.v, objective.threshold) })),
        objective.forSeconds,
        step,
      );
      const last = points.at(-1)?.v;
      const worst = worstOf(
        points.map((point) => point.v),
        objective.op,
      );
      const base = {
        name: objective.name,
        kind: objective.kind,
        condition,
        samples: points.length,
        minSamples,
        last,
        worst,
      };
      if (held.breachedAt !== undefined) {
        const value = points.find((point) => point.t === held.breachedAt)?.v as number;
        return {
          ...base,
          status: 'breached',
          breachedAt: held.breachedAt,
          detail: `${formatValue(value, unit)} ${objective.op} ${formatValue(objective.threshold, unit)}${objective.forSeconds ? ` held for ${formatSeconds(held.longest)} (since ${formatTime(held.since as number)})` : ''}`,
        };
      }
      const status = settle(points.length, minSamples, context);
      const detail =
        status === 'no-data'
          ? noDataDetail(points.length, minSamples)
          : `worst ${formatValue(worst, unit)} ${worst === undefined ? '' : `(${NEGATED[objective.op]} ${formatValue(objective.threshold, unit)})`}${held.longest > 0 ? `; breached for ${formatSeconds(held.longest)} at most` : ''} over ${points.length} sample(s)`.trim();
      return { ...base, status, detail };
    }
    case 'relative': {
      const pairs = pair(finite(observation.target), finite(observation.baseline));
      const condition = `${objective.op} ${trim(objective.factor)}× baseline${objective.forSeconds ? ` for ${formatSeconds(objective.forSeconds)}` : ''}`;
      const ratio = (p: { a: number; b: number }) =>
        p.b === 0 ? (p.a === 0 ? 1 : Math.sign(p.a) * Number.POSITIVE_INFINITY) : p.a / p.b;
      const held = heldFor(
        pairs.map((p) => ({ t: p.t, breach: compare(objective.op, p.a, objective.factor * p.b) })),
        objective.forSeconds,
        step,
      );
      const ratios = pairs.map(ratio);
      const base = {
        name: objective.name,
        kind: objective.kind,
        condition,
        samples: pairs.length,
        minSamples,
        last: ratios.at(-1),
        worst: worstOf(ratios, objective.op),
      };
      if (held.breachedAt !== undefined) {
        const at = pairs.find((p) => p.t === held.breachedAt) as { t: number; a: number; b: number };
        return {
          ...base,
          status: 'breached',
          breachedAt: held.breachedAt,
          detail: `target ${formatValue(at.a, unit)} is ${trim(ratio(at))}× baseline ${formatValue(at.b, unit)} (${objective.op} ${trim(objective.factor)}×)${objective.forSeconds ? ` held for ${formatSeconds(held.longest)} (since ${formatTime(held.since as number)})` : ''}`,
        };
      }
      const status = settle(pairs.length, minSamples, context);
      const lastPair = pairs.at(-1);
      const detail =
        status === 'no-data'
          ? noDataDetail(pairs.length, minSamples) +
            (finite(observation.target).length && !finite(observation.baseline).length
              ? ' (none for the baseline)'
              : '')
          : `worst ${trim(base.worst ?? Number.NaN)}× baseline (${NEGATED[objective.op]} ${trim(objective.factor)}×)${lastPair ? `; last target ${formatValue(lastPair.a, unit)} vs baseline ${formatValue(lastPair.b, unit)}` : ''} over ${pairs.length} sample(s)`;
      return { ...base, status, detail };
    }
    case 'mann-whitney': {
      // +Inf stays: a quantile in the +Inf bucket is the slowest the target can be, not missing data.
      const target = finite(observation.target);
      const baseline = finite(observation.baseline);
      // The test is repeated at every interval once there are enough samples: each look gets
      // α / looks (Bonferroni), so the chance of a false alarm over the whole window stays ≤ α.
      const looks = Math.max(1, context.expectedPoints - minSamples + 1);
      const alpha = 1 - objective.confidence;
      const alphaPerLook = alpha / looks;
      const bound =
        objective.direction === 'increase'
          ? `> ${trim(objective.allowedIncrease)}×`
          : objective.direction === 'decrease'
            ? `< ${trim(objective.allowedDecrease)}×`
            : `outside ${trim(objective.allowedDecrease)}–${trim(objective.allowedIncrease)}×`;
      const condition = `significant ${objective.direction} (p < ${trim(alpha)} over the window, ${trim(alphaPerLook, 2)} a look) with mean ratio ${bound}`;
      const samples = Math.min(target.length, baseline.length);
      const base = { name: objective.name, kind: objective.kind, condition, samples, minSamples };
      if (samples < minSamples) {
        const status = context.final ? 'no-data' : 'pending';
        const which = !target.length
          ? ' (none for the target)'
          : !baseline.length
            ? ' (none for the baseline)'
            : '';
        return {
          ...base,
          status,
          detail:
            status === 'no-data'
              ? `${noDataDetail(samples, minSamples)}${which}`
              : `${samples} of ${minSamples} samples so far`,
        };
      }
      const alternative: Alternative =
        objective.direction === 'increase'
          ? 'greater'
          : objective.direction === 'decrease'
            ? 'less'
            : 'two-sided';
      const t = target.map((point) => point.v);
      const b = baseline.map((point) => point.v);
      const test = mannWhitneyU(t, b, { alternative });
      const ratio = meanRatio(t, b);
      const statistics = {
        u: test.u1,
        pValue: test.pValue,
        z: test.z,
        meanRatio: ratio,
        n1: test.n1,
        n2: test.n2,
      };
      // Infinite means on both sides have no ratio (NaN): the significant difference decides.
      const beyond =
        Number.isNaN(ratio) ||
        (objective.direction === 'increase'
          ? ratio > objective.allowedIncrease
          : objective.direction === 'decrease'
            ? ratio < objective.allowedDecrease
            : ratio > objective.allowedIncrease || ratio < objective.allowedDecrease);
      const significant = test.pValue < alphaPerLook;
      const numbers = `p = ${trim(test.pValue, 3)}, mean ratio ${trim(ratio)}×, U = ${trim(test.u1, 6)}, n = ${test.n1}/${test.n2}`;
      if (significant && beyond) {
        return {
          ...base,
          status: 'breached',
          breachedAt: Math.max(target.at(-1)?.t ?? 0, baseline.at(-1)?.t ?? 0),
          last: ratio,
          worst: ratio,
          statistics,
          detail: `target is significantly ${(Number.isNaN(ratio) ? test.u1 > test.u2 : ratio >= 1) ? 'higher' : 'lower'} than baseline (${numbers})`,
        };
      }
      const why = !significant
        ? `no significant ${objective.direction}`
        : `significant but within the allowed effect (${bound.replace(/^[<>] /, '')})`;
      return {
        ...base,
        status: context.final ? 'pass' : 'pending',
        last: ratio,
        worst: ratio,
        statistics,
        detail: `${why} (${numbers})`,
      };
    }
    case 'burn-rate': {
      const budget = 1 - objective.objective;
      const condition = objective.windows
        .map(
          (w) =>
            `> ${trim(w.factor)}× over ${formatSeconds(w.longSeconds)} and ${formatSeconds(w.shortSeconds)}`,
        )
        .join(', or ');
      const pairs = objective.windows.map((window, index) => {
        const series = observation.burn?.[index];
        return {
          window,
          points: pair(finite(series?.long), finite(series?.short)).map((p) => ({
            t: p.t,
            long: burnRate(p.a, objective.objective),
            short: burnRate(p.b, objective.objective),
          })),
        };
      });
      const samples = Math.max(0, ...pairs.map((p) => p.points.length));
      const first = pairs[0]?.points ?? [];
      const last = first.at(-1)?.long;
      const worst = worstOf(
        first.map((p) => Math.min(p.long, p.short)),
        '>',
      );
      const base = {
        name: objective.name,
        kind: objective.kind,
        condition,
        samples,
        minSamples,
        last,
        worst,
      };
      let breach:
        | { t: number; since: number; long: number; short: number; window: (typeof pairs)[number]['window'] }
        | undefined;
      for (const { window, points } of pairs) {
        const held = heldFor(
          points.map((p) => ({ t: p.t, breach: p.long > window.factor && p.short > window.factor })),
          objective.forSeconds,
          step,
        );
        if (held.breachedAt !== undefined && (!breach || held.breachedAt < breach.t)) {
          const at = points.find((p) => p.t === held.breachedAt) as { long: number; short: number };
          breach = {
            t: held.breachedAt,
            since: held.since as number,
            long: at.long,
            short: at.short,
            window,
          };
        }
      }
      if (breach) {
        const spent = budgetConsumed(breach.long, breach.window.longSeconds, objective.periodSeconds);
        return {
          ...base,
          status: 'breached',
          breachedAt: breach.t,
          detail: `burn rate ${trim(breach.long)}× over ${formatSeconds(breach.window.longSeconds)} and ${trim(breach.short)}× over ${formatSeconds(breach.window.shortSeconds)} > ${trim(breach.window.factor)}× (objective ${trim(objective.objective * 100, 6)}%, budget ${trim(budget * 100)}%: ${trim(spent * 100)}% of the ${formatSeconds(objective.periodSeconds)} budget in ${formatSeconds(breach.window.longSeconds)})`,
        };
      }
      const status = settle(samples, minSamples, context);
      const lastPoint = first.at(-1);
      const detail =
        status === 'no-data'
          ? noDataDetail(samples, minSamples)
          : `burn rate ${lastPoint ? `${trim(lastPoint.long)}× over ${formatSeconds(objective.windows[0]?.longSeconds ?? 0)} and ${trim(lastPoint.short)}× over ${formatSeconds(objective.windows[0]?.shortSeconds ?? 0)} at the end` : '—'} over ${samples} sample(s)`;
      return { ...base, status, detail };
    }
  }
}

export interface Judgment {
  /** Undefined while the verification must go on observing. */
  verdict?: Verdict;
  /** One line: why this verdict. */
  reason: string;
  breached: string[];
  /** The verdict is on-no-data's, not a judgment: a pass of this kind is never attested. */
  noData?: boolean;
  /** The score was marginal; on-marginal made it this verdict. */
  marginal?: boolean;
  /**
   * 100 × the weight of the objectives that held (or hold so far) ÷ the weight of those judged;
   * undefined when none could be judged. It only falls as the window goes on.
   */
  score?: number;
}

/** What scoring needs of each objective, in the order of the results. */
export type Weighting = Pick<Objective, 'weight' | 'critical'>;

/**
 * Each objective's weight in the score: 0 when it does not count (not evaluated, or without data
 * at the end), and the total of those that do.
 */
function countedWeights(
  results: readonly ObjectiveResult[],
  weighting: readonly Weighting[],
  final: boolean,
): { weights: number[]; judged: number } {
  const weights = results.map((result, index) =>
    result.status === 'not-evaluated' || (final && result.status === 'no-data')
      ? 0
      : (weighting[index]?.weight ?? 1),
  );
  return { weights, judged: weights.reduce((sum, weight) => sum + weight, 0) };
}

// Percentages rounded to a tenth, so 2 of 3 equal weights reads 66.7 and compares as shown.
const percentOf = (part: number, whole: number) => Math.round((1000 * part) / whole) / 10;

/** The score of the results so far: objectives not evaluated, and those without data at the end, do not count. */
export function scoreOf(
  results: readonly ObjectiveResult[],
  weighting: readonly Weighting[],
  final: boolean,
): number | undefined {
  const { weights, judged } = countedWeights(results, weighting, final);
  const held = weights.reduce(
    (sum, weight, index) => sum + (results[index]?.status === 'breached' ? 0 : weight),
    0,
  );
  return judged ? percentOf(held, judged) : undefined;
}

/** Each objective's share of the score, in percent of the weight judged (0 when it does not count). */
export function sharesOf(
  results: readonly ObjectiveResult[],
  weighting: readonly Weighting[],
  final: boolean,
): number[] {
  const { weights, judged } = countedWeights(results, weighting, final);
  return weights.map((weight) => (judged && weight ? percentOf(weight, judged) : 0));
}

const describeScore = (score: number, scoring: Scoring) =>
  `score ${score} (pass ≥ ${scoring.pass}${scoring.marginal < scoring.pass ? `, marginal ≥ ${scoring.marginal}` : ''})`;

/**
 * The verdict from every objective's result. A breach of a critical objective, or one that takes
 * the score below `marginal`, fails at once (the score only falls); the rest waits for the end,
 * where the score decides between pass and marginal. Strict scoring (the default) makes any
 * breach fail.
 */
export function judge(
  results: readonly ObjectiveResult[],
  final: boolean,
  onNoData: OnNoData,
  weighting: readonly Weighting[] = [],
  scoring: Scoring = STRICT_SCORING,
): Judgment {
  const breachedResults = results.filter((result) => result.status === 'breached');
  const breached = breachedResults.map((result) => result.name);
  const breaches = breachedResults.map((result) => `${result.name} breached: ${result.detail}`).join('; ');
  const score = scoreOf(results, weighting, final);
  const critical = results.filter(
    (result, index) => result.status === 'breached' && weighting[index]?.critical,
  );
  if (critical.length)
    return {
      verdict: 'fail',
      breached,
      score,
      reason: `${breaches} (${critical.length > 1 ? 'critical objectives' : 'a critical objective'})`,
    };
  if (breached.length && score !== undefined && score < scoring.marginal)
    return {
      verdict: 'fail',
      breached,
      score,
      reason: scoring.marginal === 100 ? breaches : `${breaches} — ${describeScore(score, scoring)}`,
    };
  if (!final) return { reason: 'observing', breached, score };
  const evaluated = results.filter((result) => result.status !== 'not-evaluated');
  const skipped = results.length - evaluated.length;
  const noData = evaluated.filter((result) => result.status === 'no-data');
  if (noData.length || !evaluated.length) {
    const what = noData.length
      ? noData.map((result) => `${result.name} (${result.detail})`).join('; ')
      : 'any objective: none could be evaluated';
    return {
      verdict: onNoData,
      breached,
      noData: true,
      score,
      reason: `not enough data for ${what}${onNoData === 'fail' ? '' : ` — on-no-data: ${onNoData}`}${breached.length ? `; ${breaches}` : ''}`,
    };
  }
  if (breached.length && score !== undefined && score < scoring.pass)
    return {
      verdict: 'marginal',
      breached,
      score,
      reason: `${describeScore(score, scoring)} is marginal: ${breaches}`,
    };
  const names = evaluated.filter((result) => result.status !== 'breached').map((result) => result.name);
  return {
    verdict: 'pass',
    breached,
    score,
    reason: breached.length
      ? `${describeScore(score as number, scoring)}: ${names.join(', ')} held; ${breaches}`
      : `every objective held over the window (${names.join(', ')})${skipped ? `; ${skipped} not evaluated` : ''}`,
  };
}

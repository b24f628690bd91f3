// The verification loop: check every query once, wait out the warm-up, then every interval fetch
// each objective's series since the window began and judge them all — stopping at the first
// breach, passing only when the window is over with enough samples, failing closed when
// Prometheus cannot be reached.
import { ConfigurationError } from '../errors.js';
import {
  type Judgment,
  judge,
  judgeObjective,
  minSamplesOf,
  notEvaluated,
  type ObjectiveResult,
  type Observation,
  scoreOf,
  sharesOf,
  type Verdict,
} from './evaluate.js';
import {
  type Point,
  type PrometheusClient,
  PrometheusQueryError,
  PrometheusUnavailableError,
} from './prometheus.js';
import type { OnMarginal, OnNoData } from './settings.js';
import {
  type Objective,
  promDuration,
  renderQuery,
  type Scoring,
  type SloSpec,
  STRICT_SCORING,
} from './spec.js';

/** setTimeout's longest delay: a longer one fires after 1 ms, so longer waits go in pieces. */
const MAX_SLEEP_MS = 2 ** 31 - 1;

export interface VerifyPlan {
  spec: SloSpec;
  windowSeconds: number;
  intervalSeconds: number;
  warmUpSeconds: number;
  /** Label matchers of the release being verified, e.g. color="green". */
  target: string;
  /** Label matchers of what it is compared with, e.g. color="blue". */
  baseline?: string;
  /**
   * Unix seconds: judge the baseline over the window that ends here (when traffic began to move)
   * instead of beside the target. After a full switch the previous color serves nothing, so its
   * series over the verification window are empty (quantiles NaN, rates 0).
   */
  baselineBefore?: number;
  /**
   * Why there is no baseline (a first deploy has no previous color): objectives that need one are
   * then reported as not evaluated and the others decide. Without it, a missing baseline is a
   * configuration error.
   */
  noBaselineReason?: string;
  onNoData: OnNoData;
  /** What a marginal score becomes; `fail` unless given. */
  onMarginal?: OnMarginal;
}

export interface ObjectiveReport extends ObjectiveResult {
  weight: number;
  critical: boolean;
  /** Percent of the score this objective carries (0 when it was not judged). */
  share: number;
  description?: string;
  unit?: string;
  /** The number the breach condition compares with: the threshold, the factor, the first burn-rate factor. */
  limit?: number;
  /** burn-rate: the error budget, 1 − objective. */
  budget?: number;
  /** The queries as sent (placeholders filled in). */
  queries: Record<string, string>;
  /** [unix seconds, value] pairs; NaN becomes null in JSON. */
  series: Record<string, [number, number][]>;
}

export interface VerificationReport {
  verdict: Verdict;
  reason: string;
  breached: string[];
  /** Out of 100: the weight of the objectives that held ÷ the weight of those judged. */
  score?: number;
  scoring: Scoring;
  /**
   * The score was marginal and on-marginal turned it into this verdict (fail or pass); with
   * on-marginal: wait the verdict itself is `marginal`. A marginal pass is attested as the user's
   * policy accepted it, its checks naming what breached.
   */
  marginal?: boolean;
  onMarginal: OnMarginal;
  prometheus: string;
  target: string;
  baseline?: string;
  /** The span the baseline was judged over, when it was not the verification window itself. */
  baselineWindow?: { start: string; end: string };
  /** The verdict is on-no-data's, not a judgment: a pass of this kind is never attested. */
  noData?: boolean;
  windowSeconds: number;
  intervalSeconds: number;
  warmUpSeconds: number;
  onNoData: OnNoData;
  startedAt: string;
  /** When judging began (after the warm-up). */
  windowStart: string;
  finishedAt: string;
  /** Seconds from the start of the window to the verdict. */
  elapsedSeconds: number;
  slo: { name?: string; sources: string[] };
  warnings: string[];
  objectives: ObjectiveReport[];
}

export interface VerifyOptions {
  /** Milliseconds since the epoch (tests of the loop can move time). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  /**
   * Called once, as soon as the score falls below `scoring.pass` without failing: the release can
   * no longer pass (the score only falls). `why` names the score and what breached. The deploy
   * holds its traffic steps there.
   */
  cannotPass?: (why: string) => void;
}

/** A marginal judgment as on-marginal has it: a failure, a pass (flagged), or `marginal` to wait for a person. */
export function decideMarginal(judgment: Judgment, onMarginal: OnMarginal): Judgment {
  if (judgment.verdict !== 'marginal' || onMarginal === 'wait') return judgment;
  return {
    ...judgment,
    verdict: onMarginal,
    marginal: true,
    reason: `${judgment.reason} — on-marginal: ${onMarginal}`,
  };
}

function needsBaseline(objective: Objective): boolean {
  return objective.kind === 'relative' || objective.kind === 'mann-whitney';
}

/** Checks that the plan can judge every objective; returns warnings for what it cannot fully judge. */
export function checkPlan(plan: VerifyPlan): string[] {
  const warnings: string[] = [];
  const expected = expectedPoints(plan);
  for (const objective of plan.spec.objectives) {
    if (needsBaseline(objective) && !plan.baseline && !plan.noBaselineReason)
      throw new ConfigurationError(
        `input 'baseline' is required: objective '${objective.name}' (${objective.kind}) compares the target with a baseline, e.g. color="blue"`,
      );
    const min = minSamplesOf(objective, expected);
    if (min > expected)
      throw new ConfigurationError(
        `SLO objective '${objective.name}', field 'min-samples': needs ${min} samples but a ${plan.windowSeconds}s window at a ${plan.intervalSeconds}s interval gives at most ${expected}`,
      );
    if ('forSeconds' in objective && objective.forSeconds > plan.windowSeconds)
      warnings.push(
        `objective '${objective.name}' must be breached for ${objective.forSeconds}s but the window is ${plan.windowSeconds}s: it cannot fail within it`,
      );
  }
  return warnings;
}

export function expectedPoints(plan: Pick<VerifyPlan, 'windowSeconds' | 'intervalSeconds'>): number {
  return Math.floor(plan.windowSeconds / plan.intervalSeconds) + 1;
}

/** The queries an objective runs, by role: target, baseline, or burn-rate windows. */
export function queriesOf(objective: Objective, plan: VerifyPlan): Record<string, string> {
  const interval = promDuration(plan.intervalSeconds);
  const render = (selector: string | undefined, window?: number) =>
    renderQuery(objective.query, {
      selector,
      interval,
      window: window === undefined ? undefined : promDuration(window),
    });
  switch (objective.kind) {
    case 'threshold':
      return { target: render(plan.target) };
    case 'relative':
    case 'mann-whitney':
      return plan.baseline
        ? { target: render(plan.target), baseline: render(plan.baseline) }
        : { target: render(plan.target) };
    case 'burn-rate': {
      const queries: Record<string, string> = {};
      objective.windows.forEach((window, index) => {
        queries[`long${index}`] = render(plan.target, window.longSeconds);
        queries[`short${index}`] = render(plan.target, window.shortSeconds);
      });
      return queries;
    }
  }
}

function describeLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '{}';
}

function single(
  objective: Objective,
  role: string,
  query: string,
  series: { labels: Record<string, string>; points: Point[] }[],
): Point[] {
  if (series.length > 1) {
    const shown = series.slice(0, 3).map((entry) => describeLabels(entry.labels));
    throw new ConfigurationError(
      `SLO objective '${objective.name}', field 'query': the ${role} query returned ${series.length} series (${shown.join(', ')}${series.length > 3 ? ', …' : ''}); aggregate it to one, e.g. with sum, avg or max: ${query}`,
    );
  }
  return series[0]?.points ?? [];
}

function queryProblem(objective: Objective, error: PrometheusQueryError, query: string): ConfigurationError {
  return new ConfigurationError(
    `SLO objective '${objective.name}', field 'query': ${error.message}: ${query.replace(/\s+/g, ' ').trim()}`,
  );
}

/** The span a role's series is fetched over: the baseline's may end before the window began. */
interface Spans {
  window: { start: number; end: number };
  baseline?: { start: number; end: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * A baseline judged before the switch, as the relative objective compares it: the median of what
 * it was then, beside every target point (no baseline data stays no baseline data).
 */
export function baselineReference(target: readonly Point[], before: readonly Point[]): Point[] {
  const values = before.map((point) => point.v).filter((v) => Number.isFinite(v));
  if (!values.length) return [];
  const reference = median(values);
  return target.map((point) => ({ t: point.t, v: reference }));
}

async function observe(
  client: PrometheusClient,
  objective: Objective,
  queries: Record<string, string>,
  spans: Spans,
  step: number,
): Promise<Observation> {
  const fetched: Record<string, Point[]> = {};
  await Promise.all(
    Object.entries(queries).map(async ([role, query]) => {
      const { start, end } = (role === 'baseline' && spans.baseline) || spans.window;
      try {
        fetched[role] = single(objective, role, query, await client.queryRange(query, start, end, step));
      } catch (error) {
        if (error instanceof PrometheusQueryError) throw queryProblem(objective, error, query);
        throw error;
      }
    }),
  );
  if (spans.baseline && objective.kind === 'relative' && fetched.baseline)
    fetched.baseline = baselineReference(fetched.target ?? [], fetched.baseline);
  if (objective.kind === 'burn-rate') {
    return {
      target: fetched.long0 ?? [],
      burn: objective.windows.map((_, index) => ({
        long: fetched[`long${index}`] ?? [],
        short: fetched[`short${index}`] ?? [],
      })),
    };
  }
  return { target: fetched.target ?? [], baseline: fetched.baseline };
}

function seriesOf(observation: Observation | undefined): Record<string, [number, number][]> {
  if (!observation) return {};
  const pairs = (points: Point[]) => points.map((point) => [point.t, point.v] as [number, number]);
  if (observation.burn) {
    const series: Record<string, [number, number][]> = {};
    observation.burn.forEach((entry, index) => {
      series[`long${index}`] = pairs(entry.long);
      series[`short${index}`] = pairs(entry.short);
    });
    return series;
  }
  return {
    target: pairs(observation.target),
    ...(observation.baseline ? { baseline: pairs(observation.baseline) } : {}),
  };
}

function limitsOf(objective: Objective): Pick<ObjectiveReport, 'description' | 'unit' | 'limit' | 'budget'> {
  const common = { description: objective.description, unit: objective.unit };
  switch (objective.kind) {
    case 'threshold':
      return { ...common, limit: objective.threshold };
    case 'relative':
      return { ...common, limit: objective.factor };
    case 'burn-rate':
      return { ...common, limit: objective.windows[0]?.factor, budget: 1 - objective.objective };
    default:
      return common;
  }
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Runs a verification to its verdict. Prometheus query mistakes throw a ConfigurationError. */
export async function verifySlo(
  plan: VerifyPlan,
  client: PrometheusClient,
  options: VerifyOptions = {},
): Promise<VerificationReport> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log = options.log ?? (() => {});
  const warnings = checkPlan(plan);
  for (const warning of warnings) log(`warning: ${warning}`);
  const objectives = plan.spec.objectives;
  const queries = objectives.map((objective) => queriesOf(objective, plan));
  const expected = expectedPoints(plan);
  // Whole seconds, rounded up: the window is never shorter than asked.
  const startedAt = Math.ceil(now() / 1000);
  const windowStart = startedAt + plan.warmUpSeconds;
  const windowEnd = windowStart + plan.windowSeconds;
  const step = plan.intervalSeconds;

  const baselineSpan =
    plan.baseline && plan.baselineBefore !== undefined
      ? { start: plan.baselineBefore - plan.windowSeconds, end: plan.baselineBefore }
      : undefined;

  const observations: (Observation | undefined)[] = objectives.map(() => undefined);
  const judgeAll = (final: boolean) =>
    objectives.map((objective, index) => {
      const context = { final, stepSeconds: step, expectedPoints: expected };
      if (needsBaseline(objective) && !plan.baseline)
        return notEvaluated(objective, `no baseline (${plan.noBaselineReason})`, context);
      return judgeObjective(objective, observations[index] ?? { target: [] }, context);
    });
  let results: ObjectiveResult[] = judgeAll(false);
  const scoring = plan.spec.scoring ?? STRICT_SCORING;
  const onMarginal = plan.onMarginal ?? 'fail';
  // Whether the results are the end-of-window ones: what counts in the score depends on it.
  let judgedFinal = false;
  let belowPass = false;

  const report = (judgment: Judgment & { verdict: Verdict }, at: number): VerificationReport => {
    const shares = sharesOf(results, objectives, judgedFinal);
    return {
      verdict: judgment.verdict,
      reason: judgment.reason,
      // Only a failure names what breached (a tolerated breach is in the objectives and the reason).
      breached: judgment.verdict === 'fail' ? judgment.breached : [],
      ...(judgment.score !== undefined ? { score: judgment.score } : {}),
      scoring,
      ...(judgment.marginal ? { marginal: true } : {}),
      onMarginal,
      prometheus: client.toString(),
      target: plan.target,
      baseline: plan.baseline,
      ...(baselineSpan
        ? { baselineWindow: { start: iso(baselineSpan.start), end: iso(baselineSpan.end) } }
        : {}),
      ...(judgment.noData ? { noData: true } : {}),
      windowSeconds: plan.windowSeconds,
      intervalSeconds: plan.intervalSeconds,
      warmUpSeconds: plan.warmUpSeconds,
      onNoData: plan.onNoData,
      startedAt: iso(startedAt),
      windowStart: iso(windowStart),
      finishedAt: new Date(now()).toISOString(),
      elapsedSeconds: Math.max(0, Math.round(at - windowStart)),
      slo: { name: plan.spec.name, sources: plan.spec.sources },
      warnings,
      objectives: results.map((result, index) => ({
        ...result,
        weight: (objectives[index] as Objective).weight,
        critical: (objectives[index] as Objective).critical,
        share: shares[index] ?? 0,
        ...limitsOf(objectives[index] as Objective),
        queries: queries[index] ?? {},
        series: seriesOf(observations[index]),
      })),
    };
  };

  const unavailable = (error: PrometheusUnavailableError, at: number, before = false): VerificationReport => {
    const when = before
      ? 'before the window began'
      : `${Math.max(0, Math.round(at - windowStart))}s into the window`;
    const reason = `no observation possible: ${error.message} (${when})${plan.onNoData === 'fail' ? '' : ` — on-no-data: ${plan.onNoData}`}`;
    return report(
      {
        verdict: plan.onNoData,
        reason,
        breached: [],
        noData: true,
        score: scoreOf(results, objectives, false),
      },
      at,
    );
  };

  // Every query once, now: a typo or an unreachable Prometheus fails before any waiting.
  try {
    await Promise.all(
      objectives.flatMap((objective, index) =>
        Object.values(queries[index] ?? {}).map(async (query) => {
          try {
            await client.query(query);
          } catch (error) {
            if (error instanceof PrometheusQueryError) throw queryProblem(objective, error, query);
            throw error;
          }
        }),
      ),
    );
  } catch (error) {
    if (error instanceof PrometheusUnavailableError) return unavailable(error, now() / 1000, true);
    throw error;
  }
  if (plan.warmUpSeconds > 0) log(`warming up for ${plan.warmUpSeconds}s before judging`);

  for (let tick = windowStart; ; tick = Math.min(tick + step, windowEnd)) {
    for (let wait = tick * 1000 - now(); wait > 0; wait = tick * 1000 - now())
      await sleep(Math.min(wait, MAX_SLEEP_MS));
    const final = tick >= windowEnd;
    try {
      const observed = await Promise.all(
        objectives.map((objective, index) =>
          observe(
            client,
            objective,
            queries[index] ?? {},
            { window: { start: windowStart, end: tick }, baseline: baselineSpan },
            step,
          ),
        ),
      );
      observed.forEach((observation, index) => {
        observations[index] = observation;
      });
    } catch (error) {
      if (error instanceof PrometheusUnavailableError) return unavailable(error, now() / 1000);
      throw error;
    }
    results = judgeAll(final);
    judgedFinal = final;
    const judgment = decideMarginal(judge(results, final, plan.onNoData, objectives, scoring), onMarginal);
    if (!judgment.verdict && !belowPass && judgment.score !== undefined && judgment.score < scoring.pass) {
      belowPass = true;
      const why = `score ${judgment.score} is below ${scoring.pass} (${judgment.breached.join(', ')} breached)`;
      log(`${why}: it can no longer pass`);
      options.cannotPass?.(why);
    }
    log(
      `${Math.round(tick - windowStart)}s/${plan.windowSeconds}s: ${results
        .map((result) => `${result.name} ${result.status} (${result.samples})`)
        .join(', ')}`,
    );
    if (judgment.verdict) return report({ ...judgment, verdict: judgment.verdict }, tick);
  }
}

/**
 * verifySlo that always ends in a report: when no verdict can be reached (a rejected query, a
 * crash) it is a failed one, so a fault never reads as a pass.
 */
export async function verifyFailClosed(
  plan: VerifyPlan,
  client: PrometheusClient,
  options: VerifyOptions = {},
): Promise<VerificationReport> {
  try {
    return await verifySlo(plan, client, options);
  } catch (error) {
    const now = new Date().toISOString();
    return {
      verdict: 'fail',
      reason: `no verdict could be reached: ${error instanceof Error ? error.message : String(error)}`,
      breached: [],
      scoring: plan.spec.scoring ?? STRICT_SCORING,
      onMarginal: plan.onMarginal ?? 'fail',
      prometheus: client.toString(),
      target: plan.target,
      windowSeconds: plan.windowSeconds,
      intervalSeconds: plan.intervalSeconds,
      warmUpSeconds: plan.warmUpSeconds,
      onNoData: plan.onNoData,
      startedAt: now,
      windowStart: now,
      finishedAt: now,
      elapsedSeconds: 0,
      slo: { sources: [] },
      warnings: [],
      objectives: [],
    };
  }
}

"use strict";
exports.id = 215;
exports.ids = [215];
exports.modules = {

/***/ 3215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Xo: () => (/* binding */ formatSeconds),
  Fl: () => (/* binding */ formatValue),
  S4: () => (/* binding */ judge),
  tl: () => (/* binding */ judgeObjective),
  ZH: () => (/* binding */ minSamplesOf),
  JB: () => (/* binding */ notEvaluated),
  uw: () => (/* binding */ scoreOf),
  AR: () => (/* binding */ sharesOf)
});

// UNUSED EXPORTS: compare, heldFor

// EXTERNAL MODULE: ./build/bundle-input/shared/slo/spec.js + 3 modules
var spec = __webpack_require__(3139);
;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/statistics.js
// The statistics verify-slo judges with: the standard normal distribution, the Mann-Whitney U test
// (tie-corrected normal approximation with continuity correction, as scipy.stats.mannwhitneyu's
// method='asymptotic' and R's wilcox.test(exact = FALSE) compute it) and error-budget burn rates.
// Pure functions, no dependencies.
/**
 * Standard normal lower tail Φ(x), to about 1e-15 absolute: Hart's double-precision algorithm
 * (5666) in the form W. J. Cody and G. West use, with a continued fraction in the far tail.
 */
function normalCdf(x) {
    if (Number.isNaN(x))
        return Number.NaN;
    const z = Math.abs(x);
    let tail;
    if (z > 37) {
        tail = 0;
    }
    else {
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
        }
        else {
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
function normalSf(x) {
    return normalCdf(-x);
}
/** Average ranks (1-based; ties share the mean of their positions) and the size of each tie group. */
function rankAverage(values) {
    const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
    const ranks = new Array(values.length);
    const ties = [];
    for (let start = 0; start < order.length;) {
        let end = start + 1;
        while (end < order.length && order[end]?.value === order[start]?.value)
            end++;
        const rank = (start + 1 + end) / 2; // mean of positions start+1 … end
        for (let i = start; i < end; i++)
            ranks[order[i].index] = rank;
        ties.push(end - start);
        start = end;
    }
    return { ranks, ties };
}
/**
 * Mann-Whitney U test of x against y with the normal approximation, corrected for ties and (by
 * default) for continuity. `greater`: x is stochastically greater than y; `less`: smaller.
 */
function mannWhitneyU(x, y, options = {}) {
    const alternative = options.alternative ?? 'two-sided';
    const continuity = options.continuity ?? true;
    const n1 = x.length;
    const n2 = y.length;
    if (!n1 || !n2)
        throw new Error('mannWhitneyU: both samples need at least one value');
    // ±Infinity ranks above (below) every number, as Prometheus' +Inf quantile is slower than any.
    if ([...x, ...y].some((value) => Number.isNaN(value)))
        throw new Error('mannWhitneyU: samples must be numbers (finite or ±Infinity), not NaN');
    const { ranks, ties } = rankAverage([...x, ...y]);
    let r1 = 0;
    for (let i = 0; i < n1; i++)
        r1 += ranks[i];
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
    if (!(sigma > 0))
        return { u1, u2, z: 0, pValue: 1, n1, n2 }; // every value tied: no evidence
    const z = numerator / sigma;
    const pValue = alternative === 'greater'
        ? normalSf(z)
        : alternative === 'less'
            ? normalCdf(z)
            : Math.min(1, 2 * Math.min(normalCdf(z), normalSf(z)));
    return { u1, u2, z, pValue: Math.min(1, Math.max(0, pValue)), n1, n2 };
}
function mean(values) {
    return values.reduce((sum, value) => sum + value, 0) / values.length;
}
/** Target mean / baseline mean (Kayenta's "meanRatio" effect size); ±Infinity over a zero baseline. */
function meanRatio(target, baseline) {
    const t = mean(target);
    const b = mean(baseline);
    if (b === 0)
        return t === 0 ? 1 : t > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    return t / b;
}
// Error budgets (Google SRE Workbook, "Alerting on SLOs"): with an SLO objective such as 0.999,
// the budget is 1 − objective; the burn rate is how many times faster than that budget errors come.
/** Burn rate of an observed error ratio against an objective (0.999 → budget 0.001). */
function burnRate(errorRatio, objective) {
    return errorRatio / (1 - objective);
}
/** The share of a period's budget that burning at `rate` for `windowSeconds` consumes. */
function budgetConsumed(rate, windowSeconds, periodSeconds) {
    return (rate * windowSeconds) / periodSeconds;
}
/** The burn rate at which `fraction` of the period's budget is consumed within `windowSeconds`. */
function burnRateForBudget(fraction, windowSeconds, periodSeconds) {
    return (fraction * periodSeconds) / windowSeconds;
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/evaluate.js


function compare(op, a, b) {
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
const NEGATED = { '>': '<=', '>=': '<', '<': '>=', '<=': '>' };
/** Judged points an objective needs before it can pass. */
function minSamplesOf(objective, expectedPoints) {
    if (objective.minSamples !== undefined)
        return objective.minSamples;
    const half = Math.ceil(expectedPoints / 2);
    return objective.kind === 'mann-whitney' ? Math.max(5, half) : Math.max(1, half);
}
function formatSeconds(seconds) {
    const s = Math.round(seconds);
    if (s < 60)
        return `${s}s`;
    if (s % 86_400 === 0)
        return `${s / 86_400}d`;
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = s % 60;
    return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${rest ? `${rest}s` : ''}`;
}
function trim(value, digits = 3) {
    if (!Number.isFinite(value))
        return value > 0 ? '∞' : value < 0 ? '-∞' : 'NaN';
    if (value === 0)
        return '0';
    return String(Number(value.toPrecision(digits)));
}
/** A value in its unit: `ratio` as a percentage, `seconds` as ms or s, anything else appended. */
function formatValue(value, unit) {
    if (value === undefined)
        return '—';
    if (!Number.isFinite(value))
        return trim(value);
    if (unit === 'ratio')
        return `${trim(value * 100)}%`;
    if (unit === 'seconds')
        return Math.abs(value) < 1 ? `${trim(value * 1000)} ms` : `${trim(value)} s`;
    return unit ? `${trim(value)} ${unit}` : trim(value);
}
function formatTime(t) {
    return `${new Date(t * 1000).toISOString().slice(11, 19)}Z`;
}
/**
 * Alert `for` semantics over points one step apart: breached at the first point where the
 * condition has held, without a gap, for at least `forSeconds` (0: the first breaching point).
 */
function heldFor(flags, forSeconds, step) {
    let runStart;
    let previous;
    let longest = 0;
    let ongoing = false;
    for (const { t, breach } of flags) {
        const contiguous = previous !== undefined && t - previous <= step * 1.5;
        if (breach) {
            if (runStart === undefined || !contiguous)
                runStart = t;
            const held = t - runStart;
            longest = Math.max(longest, held);
            if (held >= forSeconds)
                return { breachedAt: t, since: runStart, longest: held, ongoing: true };
            ongoing = true;
        }
        else {
            runStart = undefined;
            ongoing = false;
        }
        previous = t;
    }
    return { longest, ongoing };
}
function finite(points) {
    return (points ?? []).filter((point) => !Number.isNaN(point.v));
}
function pair(a, b) {
    const byTime = new Map(b.map((point) => [point.t, point.v]));
    const pairs = [];
    for (const point of a) {
        const other = byTime.get(point.t);
        if (other !== undefined)
            pairs.push({ t: point.t, a: point.v, b: other });
    }
    return pairs;
}
function worstOf(values, op) {
    if (!values.length)
        return undefined;
    return op === '>' || op === '>=' ? Math.max(...values) : Math.min(...values);
}
/** Status of an objective that was not breached: pending during the window, then pass or no data. */
function settle(samples, minSamples, context) {
    if (!context.final)
        return 'pending';
    return samples >= minSamples ? 'pass' : 'no-data';
}
function noDataDetail(samples, minSamples) {
    return samples
        ? `only ${samples} sample(s) with data, ${minSamples} needed`
        : 'no data: the query returned no series (or only NaN)';
}
/**
 * An objective that cannot be judged at all, e.g. one that compares with a baseline on a first
 * deploy, when there is nothing to compare with: it neither passes nor fails the verification.
 */
function notEvaluated(objective, reason, context) {
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
function judgeObjective(objective, observation, context) {
    const minSamples = minSamplesOf(objective, context.expectedPoints);
    const step = context.stepSeconds;
    const unit = objective.unit;
    switch (objective.kind) {
        case 'threshold': {
            const points = finite(observation.target);
            const condition = `${objective.op} ${formatValue(objective.threshold, unit)}${objective.forSeconds ? ` for ${formatSeconds(objective.forSeconds)}` : ''}`;
            const held = heldFor(points.map((point) => ({ t: point.t, breach: compare(objective.op, point.v, objective.threshold) })), objective.forSeconds, step);
            const last = points.at(-1)?.v;
            const worst = worstOf(points.map((point) => point.v), objective.op);
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
                const value = points.find((point) => point.t === held.breachedAt)?.v;
                return {
                    ...base,
                    status: 'breached',
                    breachedAt: held.breachedAt,
                    detail: `${formatValue(value, unit)} ${objective.op} ${formatValue(objective.threshold, unit)}${objective.forSeconds ? ` held for ${formatSeconds(held.longest)} (since ${formatTime(held.since)})` : ''}`,
                };
            }
            const status = settle(points.length, minSamples, context);
            const detail = status === 'no-data'
                ? noDataDetail(points.length, minSamples)
                : `worst ${formatValue(worst, unit)} ${worst === undefined ? '' : `(${NEGATED[objective.op]} ${formatValue(objective.threshold, unit)})`}${held.longest > 0 ? `; breached for ${formatSeconds(held.longest)} at most` : ''} over ${points.length} sample(s)`.trim();
            return { ...base, status, detail };
        }
        case 'relative': {
            const pairs = pair(finite(observation.target), finite(observation.baseline));
            const condition = `${objective.op} ${trim(objective.factor)}× baseline${objective.forSeconds ? ` for ${formatSeconds(objective.forSeconds)}` : ''}`;
            const ratio = (p) => p.b === 0 ? (p.a === 0 ? 1 : Math.sign(p.a) * Number.POSITIVE_INFINITY) : p.a / p.b;
            const held = heldFor(pairs.map((p) => ({ t: p.t, breach: compare(objective.op, p.a, objective.factor * p.b) })), objective.forSeconds, step);
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
                const at = pairs.find((p) => p.t === held.breachedAt);
                return {
                    ...base,
                    status: 'breached',
                    breachedAt: held.breachedAt,
                    detail: `target ${formatValue(at.a, unit)} is ${trim(ratio(at))}× baseline ${formatValue(at.b, unit)} (${objective.op} ${trim(objective.factor)}×)${objective.forSeconds ? ` held for ${formatSeconds(held.longest)} (since ${formatTime(held.since)})` : ''}`,
                };
            }
            const status = settle(pairs.length, minSamples, context);
            const lastPair = pairs.at(-1);
            const detail = status === 'no-data'
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
            const bound = objective.direction === 'increase'
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
                    detail: status === 'no-data'
                        ? `${noDataDetail(samples, minSamples)}${which}`
                        : `${samples} of ${minSamples} samples so far`,
                };
            }
            const alternative = objective.direction === 'increase'
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
            const beyond = Number.isNaN(ratio) ||
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
                .map((w) => `> ${trim(w.factor)}× over ${formatSeconds(w.longSeconds)} and ${formatSeconds(w.shortSeconds)}`)
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
            const worst = worstOf(first.map((p) => Math.min(p.long, p.short)), '>');
            const base = {
                name: objective.name,
                kind: objective.kind,
                condition,
                samples,
                minSamples,
                last,
                worst,
            };
            let breach;
            for (const { window, points } of pairs) {
                const held = heldFor(points.map((p) => ({ t: p.t, breach: p.long > window.factor && p.short > window.factor })), objective.forSeconds, step);
                if (held.breachedAt !== undefined && (!breach || held.breachedAt < breach.t)) {
                    const at = points.find((p) => p.t === held.breachedAt);
                    breach = {
                        t: held.breachedAt,
                        since: held.since,
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
            const detail = status === 'no-data'
                ? noDataDetail(samples, minSamples)
                : `burn rate ${lastPoint ? `${trim(lastPoint.long)}× over ${formatSeconds(objective.windows[0]?.longSeconds ?? 0)} and ${trim(lastPoint.short)}× over ${formatSeconds(objective.windows[0]?.shortSeconds ?? 0)} at the end` : '—'} over ${samples} sample(s)`;
            return { ...base, status, detail };
        }
    }
}
/**
 * Each objective's weight in the score: 0 when it does not count (not evaluated, or without data
 * at the end), and the total of those that do.
 */
function countedWeights(results, weighting, final) {
    const weights = results.map((result, index) => result.status === 'not-evaluated' || (final && result.status === 'no-data')
        ? 0
        : (weighting[index]?.weight ?? 1));
    return { weights, judged: weights.reduce((sum, weight) => sum + weight, 0) };
}
// Percentages rounded to a tenth, so 2 of 3 equal weights reads 66.7 and compares as shown.
const percentOf = (part, whole) => Math.round((1000 * part) / whole) / 10;
/** The score of the results so far: objectives not evaluated, and those without data at the end, do not count. */
function scoreOf(results, weighting, final) {
    const { weights, judged } = countedWeights(results, weighting, final);
    const held = weights.reduce((sum, weight, index) => sum + (results[index]?.status === 'breached' ? 0 : weight), 0);
    return judged ? percentOf(held, judged) : undefined;
}
/** Each objective's share of the score, in percent of the weight judged (0 when it does not count). */
function sharesOf(results, weighting, final) {
    const { weights, judged } = countedWeights(results, weighting, final);
    return weights.map((weight) => (judged && weight ? percentOf(weight, judged) : 0));
}
const describeScore = (score, scoring) => `score ${score} (pass ≥ ${scoring.pass}${scoring.marginal < scoring.pass ? `, marginal ≥ ${scoring.marginal}` : ''})`;
/**
 * The verdict from every objective's result. A breach of a critical objective, or one that takes
 * the score below `marginal`, fails at once (the score only falls); the rest waits for the end,
 * where the score decides between pass and marginal. Strict scoring (the default) makes any
 * breach fail.
 */
function judge(results, final, onNoData, weighting = [], scoring = spec/* STRICT_SCORING */.iP) {
    const breachedResults = results.filter((result) => result.status === 'breached');
    const breached = breachedResults.map((result) => result.name);
    const breaches = breachedResults.map((result) => `${result.name} breached: ${result.detail}`).join('; ');
    const score = scoreOf(results, weighting, final);
    const critical = results.filter((result, index) => result.status === 'breached' && weighting[index]?.critical);
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
    if (!final)
        return { reason: 'observing', breached, score };
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
            ? `${describeScore(score, scoring)}: ${names.join(', ')} held; ${breaches}`
            : `every objective held over the window (${names.join(', ')})${skipped ? `; ${skipped} not evaluated` : ''}`,
    };
}


/***/ })

};
;
"use strict";
exports.id = 747;
exports.ids = [747];
exports.modules = {

/***/ 2747:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   baselineReference: () => (/* binding */ baselineReference),
/* harmony export */   checkPlan: () => (/* binding */ checkPlan),
/* harmony export */   decideMarginal: () => (/* binding */ decideMarginal),
/* harmony export */   expectedPoints: () => (/* binding */ expectedPoints),
/* harmony export */   queriesOf: () => (/* binding */ queriesOf),
/* harmony export */   verifyFailClosed: () => (/* binding */ verifyFailClosed),
/* harmony export */   verifySlo: () => (/* binding */ verifySlo)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3796);
/* harmony import */ var _evaluate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3215);
/* harmony import */ var _prometheus_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1850);
/* harmony import */ var _spec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3139);
// The verification loop: check every query once, wait out the warm-up, then every interval fetch
// each objective's series since the window began and judge them all — stopping at the first
// breach, passing only when the window is over with enough samples, failing closed when
// Prometheus cannot be reached.




/** setTimeout's longest delay: a longer one fires after 1 ms, so longer waits go in pieces. */
const MAX_SLEEP_MS = 2 ** 31 - 1;
/** A marginal judgment as on-marginal has it: a failure, a pass (flagged), or `marginal` to wait for a person. */
function decideMarginal(judgment, onMarginal) {
    if (judgment.verdict !== 'marginal' || onMarginal === 'wait')
        return judgment;
    return {
        ...judgment,
        verdict: onMarginal,
        marginal: true,
        reason: `${judgment.reason} — on-marginal: ${onMarginal}`,
    };
}
function needsBaseline(objective) {
    return objective.kind === 'relative' || objective.kind === 'mann-whitney';
}
/** Checks that the plan can judge every objective; returns warnings for what it cannot fully judge. */
function checkPlan(plan) {
    const warnings = [];
    const expected = expectedPoints(plan);
    for (const objective of plan.spec.objectives) {
        if (needsBaseline(objective) && !plan.baseline && !plan.noBaselineReason)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`input 'baseline' is required: objective '${objective.name}' (${objective.kind}) compares the target with a baseline, e.g. color="blue"`);
        const min = (0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .minSamplesOf */ .ZH)(objective, expected);
        if (min > expected)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`SLO objective '${objective.name}', field 'min-samples': needs ${min} samples but a ${plan.windowSeconds}s window at a ${plan.intervalSeconds}s interval gives at most ${expected}`);
        if ('forSeconds' in objective && objective.forSeconds > plan.windowSeconds)
            warnings.push(`objective '${objective.name}' must be breached for ${objective.forSeconds}s but the window is ${plan.windowSeconds}s: it cannot fail within it`);
    }
    return warnings;
}
function expectedPoints(plan) {
    return Math.floor(plan.windowSeconds / plan.intervalSeconds) + 1;
}
/** The queries an objective runs, by role: target, baseline, or burn-rate windows. */
function queriesOf(objective, plan) {
    const interval = (0,_spec_js__WEBPACK_IMPORTED_MODULE_3__/* .promDuration */ .Jn)(plan.intervalSeconds);
    const render = (selector, window) => (0,_spec_js__WEBPACK_IMPORTED_MODULE_3__/* .renderQuery */ .no)(objective.query, {
        selector,
        interval,
        window: window === undefined ? undefined : (0,_spec_js__WEBPACK_IMPORTED_MODULE_3__/* .promDuration */ .Jn)(window),
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
            const queries = {};
            objective.windows.forEach((window, index) => {
                queries[`long${index}`] = render(plan.target, window.longSeconds);
                queries[`short${index}`] = render(plan.target, window.shortSeconds);
            });
            return queries;
        }
    }
}
function describeLabels(labels) {
    const entries = Object.entries(labels);
    return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '{}';
}
function single(objective, role, query, series) {
    if (series.length > 1) {
        const shown = series.slice(0, 3).map((entry) => describeLabels(entry.labels));
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`SLO objective '${objective.name}', field 'query': the ${role} query returned ${series.length} series (${shown.join(', ')}${series.length > 3 ? ', …' : ''}); aggregate it to one, e.g. with sum, avg or max: ${query}`);
    }
    return series[0]?.points ?? [];
}
function queryProblem(objective, error, query) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`SLO objective '${objective.name}', field 'query': ${error.message}: ${query.replace(/\s+/g, ' ').trim()}`);
}
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2
        ? sorted[middle]
        : (sorted[middle - 1] + sorted[middle]) / 2;
}
/**
 * A baseline judged before the switch, as the relative objective compares it: the median of what
 * it was then, beside every target point (no baseline data stays no baseline data).
 */
function baselineReference(target, before) {
    const values = before.map((point) => point.v).filter((v) => Number.isFinite(v));
    if (!values.length)
        return [];
    const reference = median(values);
    return target.map((point) => ({ t: point.t, v: reference }));
}
async function observe(client, objective, queries, spans, step) {
    const fetched = {};
    await Promise.all(Object.entries(queries).map(async ([role, query]) => {
        const { start, end } = (role === 'baseline' && spans.baseline) || spans.window;
        try {
            fetched[role] = single(objective, role, query, await client.queryRange(query, start, end, step));
        }
        catch (error) {
            if (error instanceof _prometheus_js__WEBPACK_IMPORTED_MODULE_2__/* .PrometheusQueryError */ .Vf)
                throw queryProblem(objective, error, query);
            throw error;
        }
    }));
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
function seriesOf(observation) {
    if (!observation)
        return {};
    const pairs = (points) => points.map((point) => [point.t, point.v]);
    if (observation.burn) {
        const series = {};
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
function limitsOf(objective) {
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
const iso = (seconds) => new Date(seconds * 1000).toISOString();
/** Runs a verification to its verdict. Prometheus query mistakes throw a ConfigurationError. */
async function verifySlo(plan, client, options = {}) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const log = options.log ?? (() => { });
    const warnings = checkPlan(plan);
    for (const warning of warnings)
        log(`warning: ${warning}`);
    const objectives = plan.spec.objectives;
    const queries = objectives.map((objective) => queriesOf(objective, plan));
    const expected = expectedPoints(plan);
    // Whole seconds, rounded up: the window is never shorter than asked.
    const startedAt = Math.ceil(now() / 1000);
    const windowStart = startedAt + plan.warmUpSeconds;
    const windowEnd = windowStart + plan.windowSeconds;
    const step = plan.intervalSeconds;
    const baselineSpan = plan.baseline && plan.baselineBefore !== undefined
        ? { start: plan.baselineBefore - plan.windowSeconds, end: plan.baselineBefore }
        : undefined;
    const observations = objectives.map(() => undefined);
    const judgeAll = (final) => objectives.map((objective, index) => {
        const context = { final, stepSeconds: step, expectedPoints: expected };
        if (needsBaseline(objective) && !plan.baseline)
            return (0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .notEvaluated */ .JB)(objective, `no baseline (${plan.noBaselineReason})`, context);
        return (0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .judgeObjective */ .tl)(objective, observations[index] ?? { target: [] }, context);
    });
    let results = judgeAll(false);
    const scoring = plan.spec.scoring ?? _spec_js__WEBPACK_IMPORTED_MODULE_3__/* .STRICT_SCORING */ .iP;
    const onMarginal = plan.onMarginal ?? 'fail';
    // Whether the results are the end-of-window ones: what counts in the score depends on it.
    let judgedFinal = false;
    let belowPass = false;
    const report = (judgment, at) => {
        const shares = (0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .sharesOf */ .AR)(results, objectives, judgedFinal);
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
                weight: objectives[index].weight,
                critical: objectives[index].critical,
                share: shares[index] ?? 0,
                ...limitsOf(objectives[index]),
                queries: queries[index] ?? {},
                series: seriesOf(observations[index]),
            })),
        };
    };
    const unavailable = (error, at, before = false) => {
        const when = before
            ? 'before the window began'
            : `${Math.max(0, Math.round(at - windowStart))}s into the window`;
        const reason = `no observation possible: ${error.message} (${when})${plan.onNoData === 'fail' ? '' : ` — on-no-data: ${plan.onNoData}`}`;
        return report({
            verdict: plan.onNoData,
            reason,
            breached: [],
            noData: true,
            score: (0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .scoreOf */ .uw)(results, objectives, false),
        }, at);
    };
    // Every query once, now: a typo or an unreachable Prometheus fails before any waiting.
    try {
        await Promise.all(objectives.flatMap((objective, index) => Object.values(queries[index] ?? {}).map(async (query) => {
            try {
                await client.query(query);
            }
            catch (error) {
                if (error instanceof _prometheus_js__WEBPACK_IMPORTED_MODULE_2__/* .PrometheusQueryError */ .Vf)
                    throw queryProblem(objective, error, query);
                throw error;
            }
        })));
    }
    catch (error) {
        if (error instanceof _prometheus_js__WEBPACK_IMPORTED_MODULE_2__/* .PrometheusUnavailableError */ .rR)
            return unavailable(error, now() / 1000, true);
        throw error;
    }
    if (plan.warmUpSeconds > 0)
        log(`warming up for ${plan.warmUpSeconds}s before judging`);
    for (let tick = windowStart;; tick = Math.min(tick + step, windowEnd)) {
        for (let wait = tick * 1000 - now(); wait > 0; wait = tick * 1000 - now())
            await sleep(Math.min(wait, MAX_SLEEP_MS));
        const final = tick >= windowEnd;
        try {
            const observed = await Promise.all(objectives.map((objective, index) => observe(client, objective, queries[index] ?? {}, { window: { start: windowStart, end: tick }, baseline: baselineSpan }, step)));
            observed.forEach((observation, index) => {
                observations[index] = observation;
            });
        }
        catch (error) {
            if (error instanceof _prometheus_js__WEBPACK_IMPORTED_MODULE_2__/* .PrometheusUnavailableError */ .rR)
                return unavailable(error, now() / 1000);
            throw error;
        }
        results = judgeAll(final);
        judgedFinal = final;
        const judgment = decideMarginal((0,_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .judge */ .S4)(results, final, plan.onNoData, objectives, scoring), onMarginal);
        if (!judgment.verdict && !belowPass && judgment.score !== undefined && judgment.score < scoring.pass) {
            belowPass = true;
            const why = `score ${judgment.score} is below ${scoring.pass} (${judgment.breached.join(', ')} breached)`;
            log(`${why}: it can no longer pass`);
            options.cannotPass?.(why);
        }
        log(`${Math.round(tick - windowStart)}s/${plan.windowSeconds}s: ${results
            .map((result) => `${result.name} ${result.status} (${result.samples})`)
            .join(', ')}`);
        if (judgment.verdict)
            return report({ ...judgment, verdict: judgment.verdict }, tick);
    }
}
/**
 * verifySlo that always ends in a report: when no verdict can be reached (a rejected query, a
 * crash) it is a failed one, so a fault never reads as a pass.
 */
async function verifyFailClosed(plan, client, options = {}) {
    try {
        return await verifySlo(plan, client, options);
    }
    catch (error) {
        const now = new Date().toISOString();
        return {
            verdict: 'fail',
            reason: `no verdict could be reached: ${error instanceof Error ? error.message : String(error)}`,
            breached: [],
            scoring: plan.spec.scoring ?? _spec_js__WEBPACK_IMPORTED_MODULE_3__/* .STRICT_SCORING */ .iP,
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


/***/ })

};
;
"use strict";
exports.id = 982;
exports.ids = [982];
exports.modules = {

/***/ 1982:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mermaidChart: () => (/* binding */ mermaidChart),
  objectiveChartData: () => (/* binding */ objectiveChartData),
  sloSummary: () => (/* binding */ sloSummary)
});

// EXTERNAL MODULE: ./build/bundle-input/shared/runner.js
var runner = __webpack_require__(2421);
;// CONCATENATED MODULE: ./build/bundle-input/shared/report/summary.js
// One builder for every action's job summary: markdown a person can act on, written once.

function escapeCell(value) {
    return (String(value ?? '')
        .replace(/\|/g, '\\|')
        // A lone CR ends a line in markdown too.
        .replace(/\r\n?|\n/g, ' '));
}
/**
 * Text from outside (a file name, a package, a title read from a report) shown as itself: on one
 * line, and never HTML, a link, an image or a code span — a scanned file named
 * `<img src=…>` or `x⏎## ✅ PASS` must not draw into the summary. Backslashes are escaped first,
 * so one in the text cannot undo the escapes (nor a table's `\|`).
 */
function plain(value) {
    return String(value ?? '')
        .replace(/\r\n?|\n/g, ' ')
        .replace(/[\\`[\]<>]/g, '\\$&');
}
class SummaryBuilder {
    parts = [];
    heading(text, level = 2) {
        this.parts.push(`${'#'.repeat(level)} ${text}`);
        return this;
    }
    paragraph(text) {
        this.parts.push(text);
        return this;
    }
    list(items) {
        if (items.length)
            this.parts.push(items.map((item) => `- ${item}`).join('\n'));
        return this;
    }
    table(header, rows) {
        if (!rows.length)
            return this;
        const lines = [
            `| ${header.map(escapeCell).join(' | ')} |`,
            `| ${header.map(() => '---').join(' | ')} |`,
            ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
        ];
        this.parts.push(lines.join('\n'));
        return this;
    }
    details(title, body) {
        this.parts.push(`<details><summary>${title}</summary>\n\n${body}\n\n</details>`);
        return this;
    }
    mermaid(diagram) {
        this.parts.push(`\`\`\`mermaid\n${diagram}\n\`\`\``);
        return this;
    }
    /** Appends other builders' sections after this one's (one summary made of several parts). */
    append(...others) {
        for (const other of others)
            this.parts.push(...other.parts);
        return this;
    }
    toMarkdown() {
        // A blank line at the end: the next section appended to the job summary starts a new block.
        return `${this.parts.join('\n\n')}\n\n`;
    }
    /** Appends to the job summary when the runner provides one (GITHUB_STEP_SUMMARY). */
    async write() {
        runner/* appendSummary */.fe(this.toMarkdown());
    }
}

// EXTERNAL MODULE: ./build/bundle-input/shared/slo/evaluate.js + 1 modules
var evaluate = __webpack_require__(3215);
;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/summary.js
// verify-slo's job summary: the verdict and why, each objective's observed values against its
// breach condition, and a chart (mermaid xychart) of its series over the window.


const ICON = { pass: '✅', fail: '❌', inconclusive: '⚠️', marginal: '🟡' };
const STATUS = {
    pass: '✅ pass',
    breached: '❌ breached',
    'no-data': '⚠️ no data',
    pending: '⏸ not judged (verdict reached first)',
    'not-evaluated': '➖ not evaluated',
};
const COLOR = { red: '#d62728', blue: '#1f77b4', grey: '#7f7f7f' };
const MAX_POINTS = 60;
function known(value) {
    return value !== undefined && value !== null && Number.isFinite(value);
}
function seriesMap(points) {
    const map = new Map();
    for (const [t, v] of points ?? [])
        if (v !== null && !Number.isNaN(v))
            map.set(t, v);
    return map;
}
function axisOf(objective, values) {
    if (objective.kind === 'burn-rate')
        return { factor: 1, axis: 'burn rate (×)' };
    if (objective.unit === 'ratio')
        return { factor: 100, axis: '%' };
    if (objective.unit === 'seconds') {
        const max = Math.max(0, ...values.filter(known).map(Math.abs));
        return max < 1 ? { factor: 1000, axis: 'ms' } : { factor: 1, axis: 's' };
    }
    return { factor: 1, axis: objective.unit ?? 'value' };
}
/** The lines of an objective's chart; undefined when there are fewer than two points to draw. */
function objectiveChartData(objective) {
    let times;
    const lines = [];
    if (objective.kind === 'burn-rate') {
        const long = seriesMap(objective.series.long0);
        const short = seriesMap(objective.series.short0);
        times = [...new Set([...long.keys(), ...short.keys()])].sort((a, b) => a - b);
        const budget = objective.budget ?? 1;
        const burn = (value) => (value === undefined ? undefined : value / budget);
        lines.push({ label: 'burn rate over the long window', color: 'red', values: times.map((t) => burn(long.get(t))) }, { label: 'over the short window', color: 'blue', values: times.map((t) => burn(short.get(t))) });
        if (objective.limit !== undefined)
            lines.push({ label: `${objective.limit}×`, color: 'grey', values: times.map(() => objective.limit) });
    }
    else {
        const target = seriesMap(objective.series.target);
        const baseline = seriesMap(objective.series.baseline);
        times = [...new Set([...target.keys(), ...baseline.keys()])].sort((a, b) => a - b);
        lines.push({ label: 'target', color: 'red', values: times.map((t) => target.get(t)) });
        if (objective.series.baseline)
            lines.push({ label: 'baseline', color: 'blue', values: times.map((t) => baseline.get(t)) });
        const limit = objective.limit;
        if (objective.kind === 'threshold' && limit !== undefined)
            lines.push({ label: 'threshold', color: 'grey', values: times.map(() => limit) });
        if (objective.kind === 'relative' && limit !== undefined)
            lines.push({
                label: `${limit}× baseline`,
                color: 'grey',
                values: times.map((t) => {
                    const value = baseline.get(t);
                    return value === undefined ? undefined : value * limit;
                }),
            });
    }
    if (times.length < 2)
        return undefined;
    const { factor, axis } = axisOf(objective, lines.flatMap((line) => line.values).filter(known));
    return downsample({ times, lines, axis, factor });
}
/** At most MAX_POINTS columns; each keeps its bucket's highest value, so a breach stays visible. */
function downsample(chart) {
    if (chart.times.length <= MAX_POINTS)
        return chart;
    const size = Math.ceil(chart.times.length / MAX_POINTS);
    const starts = [];
    for (let i = 0; i < chart.times.length; i += size)
        starts.push(i);
    return {
        ...chart,
        times: starts.map((i) => chart.times[i]),
        lines: chart.lines.map((line) => ({
            ...line,
            values: starts.map((i) => {
                const bucket = line.values.slice(i, i + size).filter(known);
                return bucket.length ? Math.max(...bucket) : undefined;
            }),
        })),
    };
}
function chartNumber(value) {
    const text = String(Number(value.toPrecision(4)));
    return text.includes('e') ? value.toFixed(6) : text;
}
/** Every column needs a value: a gap takes the previous one (at the start, the first known one). */
function filled(values) {
    let previous = values.find(known) ?? 0;
    return values.map((value) => {
        if (known(value))
            previous = value;
        return previous;
    });
}
function mermaidChart(name, chart) {
    const start = chart.times[0];
    return [
        `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${chart.lines.map((line) => COLOR[line.color]).join(', ')}"}}}}%%`,
        'xychart-beta',
        `  title "${name}"`,
        `  x-axis "seconds into the window" [${chart.times.map((t) => Math.round(t - start)).join(', ')}]`,
        `  y-axis "${chart.axis}"`,
        ...chart.lines.map((line) => `  line [${filled(line.values)
            .map((value) => chartNumber(value * chart.factor))
            .join(', ')}]`),
    ].join('\n');
}
function caption(chart) {
    return chart.lines.map((line) => `${line.color}: ${line.label}`).join(' · ');
}
function summary_short(value) {
    return value === undefined ? '—' : String(Number(value.toPrecision(3)));
}
function observed(objective) {
    switch (objective.kind) {
        case 'mann-whitney': {
            const s = objective.statistics;
            return s ? `p = ${summary_short(s.pValue)}, mean ratio ${summary_short(s.meanRatio)}×` : '—';
        }
        case 'relative':
            return objective.last === undefined
                ? '—'
                : `last ${summary_short(objective.last)}×, worst ${summary_short(objective.worst)}×`;
        case 'burn-rate':
            return objective.last === undefined ? '—' : `last ${summary_short(objective.last)}× (long window)`;
        default:
            return objective.last === undefined
                ? '—'
                : `last ${(0,evaluate/* formatValue */.Fl)(objective.last, objective.unit)}, worst ${(0,evaluate/* formatValue */.Fl)(objective.worst, objective.unit)}`;
    }
}
/** Scores are shown when the SLO asks for them: a scoring section, weights or critical objectives. */
function isScored(report) {
    return (report.scoring.pass < 100 ||
        report.objectives.some((objective) => objective.critical || (objective.weight ?? 1) !== 1));
}
function scoreLine(report) {
    const { pass, marginal } = report.scoring;
    const bands = `pass ≥ ${pass}${marginal < pass ? `, marginal ≥ ${marginal} (on-marginal: ${report.onMarginal})` : ''}, else fail`;
    return `Score **${report.score ?? '—'}** / 100 · ${bands}`;
}
function shareCell(objective) {
    const weight = `weight ${objective.weight}${objective.critical ? ', critical' : ''}`;
    if (!objective.share)
        return `— (${weight})`;
    const lost = objective.status === 'breached' ? ' lost' : '';
    return `${objective.share}%${lost} (${weight})`;
}
function sloSummary(report, attestation) {
    const summary = new SummaryBuilder();
    summary.heading(`${ICON[report.verdict]} SLO verification: ${report.verdict.toUpperCase()}`);
    const baselineSpan = report.baselineWindow
        ? ` over the window before the switch (${report.baselineWindow.start.slice(11, 19)}Z–${report.baselineWindow.end.slice(11, 19)}Z)`
        : '';
    const baseline = report.baseline ? ` vs baseline \`${report.baseline}\`${baselineSpan}` : '';
    const warmUp = report.warmUpSeconds ? ` after a ${(0,evaluate/* formatSeconds */.Xo)(report.warmUpSeconds)} warm-up` : '';
    const sources = report.slo.sources.map((source) => `\`${source}\``).join(' extending ');
    summary.paragraph(`Target \`${report.target || '—'}\`${baseline} · window ${(0,evaluate/* formatSeconds */.Xo)(report.windowSeconds)}${warmUp}, judged every ${(0,evaluate/* formatSeconds */.Xo)(report.intervalSeconds)} · verdict after ${(0,evaluate/* formatSeconds */.Xo)(report.elapsedSeconds)} · Prometheus ${report.prometheus} · SLO ${report.slo.name ? `**${report.slo.name}** ` : ''}(${sources})`);
    summary.paragraph(`**${report.reason}**`);
    const scored = isScored(report);
    if (scored)
        summary.paragraph(scoreLine(report));
    if (report.warnings.length)
        summary.list(report.warnings.map((warning) => `⚠️ ${warning}`));
    summary.table([
        'Objective',
        'Kind',
        'Breached when',
        'Observed',
        'Samples',
        ...(scored ? ['Share of score'] : []),
        'Result',
    ], report.objectives.map((objective) => [
        `**${objective.name}**`,
        objective.kind,
        objective.condition,
        observed(objective),
        `${objective.samples} (≥ ${objective.minSamples})`,
        ...(scored ? [shareCell(objective)] : []),
        STATUS[objective.status],
    ]));
    if (attestation) {
        summary.paragraph('error' in attestation
            ? `❌ The verification attestation could not be made: ${attestation.error}`
            : `🔏 Attested \`${attestation.image}\`: passed verification in **${attestation.predicate.environment}** (\`${attestation.predicateType}\`, signed with ${attestation.signer})`);
    }
    for (const objective of report.objectives) {
        summary.heading(`${STATUS[objective.status].split(' ')[0]} ${objective.name}`, 3);
        summary.paragraph(`${objective.description ? `${objective.description.trim()} — ` : ''}${objective.detail}`);
        const chart = objectiveChartData(objective);
        if (chart) {
            summary.mermaid(mermaidChart(objective.name, chart));
            summary.paragraph(`<sub>${caption(chart)}</sub>`);
        }
        else {
            summary.paragraph('<sub>Too few points to chart.</sub>');
        }
        summary.details('Queries', Object.entries(objective.queries)
            .map(([role, query]) => `${role}:\n\n\`\`\`promql\n${query.trim()}\n\`\`\``)
            .join('\n\n'));
    }
    return summary;
}


/***/ })

};
;
"use strict";
exports.id = 139;
exports.ids = [139];
exports.modules = {

/***/ 3139:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  iP: () => (/* binding */ STRICT_SCORING),
  loadSlo: () => (/* binding */ loadSlo),
  placeholdersOf: () => (/* binding */ placeholdersOf),
  Jn: () => (/* binding */ promDuration),
  no: () => (/* binding */ renderQuery)
});

// UNUSED EXPORTS: DIRECTIONS, OBJECTIVE_KINDS, OPERATORS, PLACEHOLDERS, SLO_API_VERSION, defaultSloPath, parseSlo

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./build/bundle-input/shared/errors.js
var errors = __webpack_require__(3796);
// EXTERNAL MODULE: ./build/bundle-input/shared/inputs.js
var inputs = __webpack_require__(4022);
;// CONCATENATED MODULE: ./build/bundle-input/shared/records.js
// A document's value read from JSON or YAML written elsewhere (a report, a record, an SLO file):
// one check that it is an object with members before any member is read.
/** An object with members: not null, not a list. */
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/yaml.js
// YAML, loaded on first use: js-yaml builds its schemas when its module is evaluated (about 8 ms,
// a tenth of a bare `node` start), and most runs of most actions read no YAML at all. ncc puts
// it in its own chunk, loaded by the first call here.
let jsYaml;
function library() {
    jsYaml ??= __webpack_require__.e(/* import() */ 243).then(__webpack_require__.bind(__webpack_require__, 3243));
    return jsYaml;
}
/** One YAML document (js-yaml's default schema); throws js-yaml's error on bad YAML. */
async function loadYaml(text) {
    return (await library()).load(text);
}
/** Every document of a multi-document YAML stream. */
async function loadAllYaml(text) {
    return (await library()).loadAll(text);
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/foreign.js
// SLO files people already have, read as ours: sloth (`version: prometheus/v1`) and OpenSLO
// (`apiVersion: openslo/v1`, an SLO with its SLI inline or beside it in the same file). Each is
// mapped onto our objective kinds and then validated like any pipeline/v1 file; whatever has no
// faithful mapping is refused in one line that names it, never dropped.
//
// Their queries select the whole service; verification judges one color of one release. So every
// vector selector in their PromQL gets our {{selector}} placeholder (the `target` input), using
// Prometheus' own PromQL grammar (@prometheus-io/lezer-promql): a judgment diluted by the old
// color's healthy traffic would pass a bad release.


/** verify-slo's default window: an OpenSLO threshold target becomes a `for` within it. */
const VERIFICATION_WINDOW_SECONDS = 300;
/** Which foreign format a YAML document is, if any. */
function foreignFormat(document) {
    if (!isRecord(document))
        return undefined;
    if (document.version === 'prometheus/v1' && 'slos' in document)
        return 'sloth';
    if (typeof document.apiVersion === 'string' && document.apiVersion.startsWith('openslo/'))
        return 'openslo';
    return undefined;
}
class Refusal {
    where;
    constructor(where) {
        this.where = where;
    }
    at(path, why) {
        return new errors/* ConfigurationError */.j1(`SLO ${this.where}: ${path}: ${why}`);
    }
    string(value, path, expected = 'a string') {
        if (typeof value !== 'string' || !value.trim())
            throw this.at(path, `got ${shown(value)}, expected ${expected}`);
        return value;
    }
    only(value, path, known, why) {
        for (const key of Object.keys(value))
            if (!known.includes(key))
                throw this.at(`${path}.${key}`, `not mapped (${why}; known: ${known.join(', ')})`);
    }
}
function shown(value) {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
/** sloth's window placeholder ({{.window}}), which PromQL cannot parse: a stand-in duration while parsing. */
const SLOTH_WINDOW = /\{\{\s*\.window\s*\}\}/g;
const WINDOW_STAND_IN = '59999s';
/**
 * `query` with {{selector}} among the matchers of every vector selector: `m{a="b"}` becomes
 * `m{ {{selector}}, a="b"}`, a bare `m` becomes `m{ {{selector}} }`.
 */
async function withTargetSelector(query, path, refusal) {
    if (query.includes('{{selector}}'))
        return query;
    if (query.includes(WINDOW_STAND_IN))
        throw refusal.at(path, `the query may not contain '${WINDOW_STAND_IN}'`);
    const { parser } = await __webpack_require__.e(/* import() */ 828).then(__webpack_require__.bind(__webpack_require__, 6828));
    const text = query.replace(SLOTH_WINDOW, WINDOW_STAND_IN);
    const tree = parser.parse(text);
    const insertions = [];
    let broken;
    tree.iterate({
        enter(node) {
            if (node.type.isError)
                broken ??= node.from;
            if (node.name !== 'VectorSelector')
                return;
            const matchers = node.node.getChild('LabelMatchers');
            if (!matchers)
                insertions.push({ at: node.to, text: '{ {{selector}} }' });
            else {
                const empty = text.slice(matchers.from + 1, matchers.to - 1).trim() === '';
                insertions.push({ at: matchers.from + 1, text: empty ? ' {{selector}} ' : ' {{selector}}, ' });
            }
        },
    });
    if (broken !== undefined)
        throw refusal.at(path, `not valid PromQL (at character ${broken + 1})`);
    if (!insertions.length)
        throw refusal.at(path, 'selects no series (no metric in the query)');
    let result = text;
    for (const { at, text: inserted } of insertions.sort((a, b) => b.at - a.at))
        result = result.slice(0, at) + inserted + result.slice(at);
    return result.replaceAll(WINDOW_STAND_IN, '{{window}}');
}
/** sloth's `prometheus/v1` spec: each SLO an error-budget burn rate over sloth's own SLI queries. */
async function fromSloth(document, where) {
    const refusal = new Refusal(where);
    refusal.only(document, 'spec', ['version', 'service', 'labels', 'slos'], 'sloth prometheus/v1 spec fields');
    const service = refusal.string(document.service, 'service');
    if (!Array.isArray(document.slos) || !document.slos.length)
        throw refusal.at('slos', `got ${shown(document.slos)}, expected a list of SLOs`);
    const objectives = [];
    for (const [index, slo] of document.slos.entries()) {
        const path = `slos[${index}]`;
        if (!isRecord(slo))
            throw refusal.at(path, `got ${shown(slo)}, expected an SLO`);
        // labels and alerting are how sloth writes its alerts: nothing to judge.
        refusal.only(slo, path, ['name', 'objective', 'description', 'sli', 'labels', 'alerting'], 'sloth SLO fields');
        const name = refusal.string(slo.name, `${path}.name`);
        if (typeof slo.objective !== 'number' || !(slo.objective > 0 && slo.objective < 100))
            throw refusal.at(`${path}.objective`, `got ${shown(slo.objective)}, expected a percentage above 0 and below 100`);
        const sli = slo.sli;
        if (!isRecord(sli))
            throw refusal.at(`${path}.sli`, `got ${shown(sli)}, expected events or raw`);
        let query;
        if (isRecord(sli.events)) {
            const errors = refusal.string(sli.events.error_query, `${path}.sli.events.error_query`, 'a PromQL query');
            const total = refusal.string(sli.events.total_query, `${path}.sli.events.total_query`, 'a PromQL query');
            // No error series at all is no errors (a healthy release), not no data.
            query = `((${errors.trim()}) or vector(0))\n/\n(${total.trim()})`;
        }
        else if (isRecord(sli.raw)) {
            query = refusal.string(sli.raw.error_ratio_query, `${path}.sli.raw.error_ratio_query`, 'a PromQL query');
        }
        else if ('plugin' in sli) {
            throw refusal.at(`${path}.sli.plugin`, 'not mapped (a sloth plugin runs inside sloth); give sli.events or sli.raw');
        }
        else
            throw refusal.at(`${path}.sli`, `got ${shown(sli)}, expected events or raw`);
        if (!SLOTH_WINDOW.test(query))
            throw refusal.at(`${path}.sli`, 'the queries must use {{.window}}, as sloth requires');
        SLOTH_WINDOW.lastIndex = 0;
        objectives.push({
            name,
            kind: 'burn-rate',
            description: typeof slo.description === 'string' ? slo.description : `sloth SLO ${name} of ${service}`,
            query: await withTargetSelector(query, `${path}.sli`, refusal),
            objective: Number((slo.objective / 100).toPrecision(12)),
            unit: 'ratio',
        });
    }
    return { apiVersion: 'pipeline/v1', kind: 'SLO', name: service, objectives };
}
/** An OpenSLO metric source's PromQL (Prometheus sources only). */
function prometheusQuery(source, path, refusal) {
    if (!isRecord(source) || !isRecord(source.metricSource))
        throw refusal.at(path, `got ${shown(source)}, expected {metricSource: {type: Prometheus, spec: {query}}}`);
    const { metricSource } = source;
    if ('metricSourceRef' in metricSource)
        throw refusal.at(`${path}.metricSource.metricSourceRef`, 'not mapped (give the Prometheus query inline)');
    if (typeof metricSource.type !== 'string' || metricSource.type.toLowerCase() !== 'prometheus')
        throw refusal.at(`${path}.metricSource.type`, `got ${shown(metricSource.type)}, expected Prometheus (the only source verify-slo queries)`);
    const spec = isRecord(metricSource.spec) ? metricSource.spec : {};
    return refusal.string(spec.query ?? spec.promql, `${path}.metricSource.spec.query`, 'a PromQL query');
}
/** A counter's increase over {{window}}: a plain selector as a range, anything else as a subquery. */
async function increaseOver(query, path, refusal) {
    const { parser } = await __webpack_require__.e(/* import() */ 828).then(__webpack_require__.bind(__webpack_require__, 6828));
    const top = parser.parse(query.trim()).topNode.firstChild;
    const bare = top?.name === 'VectorSelector' && top.to - top.from === query.trim().length;
    const selected = await withTargetSelector(query.trim(), path, refusal);
    return bare ? `sum(increase(${selected}[{{window}}]))` : `sum(increase((${selected})[{{window}}:]))`;
}
const OPENSLO_OPS = { lt: '>=', lte: '>', gt: '<=', gte: '<' };
/** OpenSLO `openslo/v1` documents: their SLOs, with SLIs inline or by reference to one beside them. */
async function fromOpenSlo(documents, where) {
    const refusal = new Refusal(where);
    const slis = new Map();
    const slos = [];
    for (const [index, document] of documents.entries()) {
        if (!isRecord(document) || document.apiVersion !== 'openslo/v1')
            throw refusal.at(`document ${index + 1}`, `got ${shown(isRecord(document) ? document.apiVersion : document)}, expected apiVersion openslo/v1`);
        const name = isRecord(document.metadata) ? document.metadata.name : undefined;
        if (document.kind === 'SLI')
            slis.set(refusal.string(name, `document ${index + 1}.metadata.name`), document);
        else if (document.kind === 'SLO')
            slos.push(document);
        // Service, DataSource and alerting kinds describe, they do not judge.
    }
    if (!slos.length)
        throw refusal.at('kind', 'no SLO document (an OpenSLO file needs kind: SLO)');
    const objectives = [];
    for (const slo of slos) {
        const name = refusal.string(isRecord(slo.metadata) ? slo.metadata.name : undefined, 'SLO metadata.name');
        const path = `SLO ${name}`;
        const spec = isRecord(slo.spec) ? slo.spec : {};
        const ref = spec.indicatorRef;
        const indicator = isRecord(spec.indicator)
            ? spec.indicator
            : typeof ref === 'string'
                ? slis.get(ref)
                : undefined;
        if (!indicator)
            throw refusal.at(`${path}.spec`, typeof ref === 'string'
                ? `indicatorRef '${ref}' names no SLI in this file`
                : 'no indicator or indicatorRef');
        const sli = isRecord(indicator.spec) ? indicator.spec : {};
        if (!Array.isArray(spec.objectives) || !spec.objectives.length)
            throw refusal.at(`${path}.spec.objectives`, `got ${shown(spec.objectives)}, expected a list`);
        for (const [index, objective] of spec.objectives.entries()) {
            const at = `${path}.spec.objectives[${index}]`;
            if (!isRecord(objective))
                throw refusal.at(at, `got ${shown(objective)}, expected an objective`);
            const target = typeof objective.target === 'number'
                ? objective.target
                : typeof objective.targetPercent === 'number'
                    ? objective.targetPercent / 100
                    : undefined;
            if (target === undefined || !(target > 0 && target < 1))
                throw refusal.at(`${at}.target`, `got ${shown(objective.target ?? objective.targetPercent)}, expected a target above 0 and below 1 (or targetPercent)`);
            const objectiveName = spec.objectives.length > 1 ? `${name}-${index + 1}` : name;
            const description = typeof objective.displayName === 'string' ? objective.displayName : `OpenSLO ${name}`;
            if (isRecord(sli.ratioMetric)) {
                const ratio = sli.ratioMetric;
                if (ratio.counter !== true)
                    throw refusal.at(`${path}.indicator.spec.ratioMetric.counter`, 'not mapped unless true (the good, bad and total queries must be counters)');
                const total = await increaseOver(prometheusQuery(ratio.total, `${path} ratioMetric.total`, refusal), `${path} ratioMetric.total`, refusal);
                let errorRatio;
                if (ratio.bad !== undefined)
                    errorRatio = `(${await increaseOver(prometheusQuery(ratio.bad, `${path} ratioMetric.bad`, refusal), `${path} ratioMetric.bad`, refusal)} or vector(0))\n/\n${total}`;
                else
                    errorRatio = `1 - (${await increaseOver(prometheusQuery(ratio.good, `${path} ratioMetric.good`, refusal), `${path} ratioMetric.good`, refusal)}\n/\n${total})`;
                objectives.push({
                    name: objectiveName,
                    kind: 'burn-rate',
                    description,
                    query: errorRatio,
                    objective: target,
                    unit: 'ratio',
                });
            }
            else if (isRecord(sli.thresholdMetric)) {
                const op = OPENSLO_OPS[String(objective.op)];
                if (!op)
                    throw refusal.at(`${at}.op`, `got ${shown(objective.op)}, expected lt, lte, gt or gte`);
                if (typeof objective.value !== 'number')
                    throw refusal.at(`${at}.value`, `got ${shown(objective.value)}, expected a number`);
                objectives.push({
                    name: objectiveName,
                    kind: 'threshold',
                    description,
                    query: await withTargetSelector(prometheusQuery(sli.thresholdMetric, `${path} thresholdMetric`, refusal), `${path} thresholdMetric`, refusal),
                    // OpenSLO's op says what is good; ours says what breaches.
                    op,
                    threshold: objective.value,
                    // `target` of the time good: bad for longer than the rest of the window breaches.
                    for: `${Math.round((1 - target) * VERIFICATION_WINDOW_SECONDS)}s`,
                });
            }
            else
                throw refusal.at(`${path}.indicator.spec`, 'expected ratioMetric or thresholdMetric');
        }
    }
    return {
        apiVersion: 'pipeline/v1',
        kind: 'SLO',
        name: slos.length === 1 && isRecord(slos[0]?.metadata) ? String(slos[0].metadata.name) : undefined,
        objectives,
    };
}

;// CONCATENATED MODULE: ./build/bundle-input/shared/slo/spec.js
// The SLO file: a versioned YAML document (apiVersion pipeline/v1, kind SLO) with objectives of four
// kinds, validated into typed objectives. Every mistake is one line naming the objective and the
// field. The format is documented in examples/slo/README.md and examples/slo/slo.schema.json.








const SLO_API_VERSION = 'pipeline/v1';
const OBJECTIVE_KINDS = ['threshold', 'relative', 'mann-whitney', 'burn-rate'];
const OPERATORS = ['>', '>=', '<', '<='];
const DIRECTIONS = ['increase', 'decrease', 'either'];
const STRICT_SCORING = { pass: 100, marginal: 100 };
const TOP_LEVEL = [
    'apiVersion',
    'kind',
    'name',
    'description',
    'extends',
    'window',
    'interval',
    'warm-up',
    'scoring',
    'objectives',
];
const COMMON = [
    'name',
    'kind',
    'description',
    'query',
    'unit',
    'min-samples',
    'weight',
    'critical',
    'enabled',
];
const BY_KIND = {
    threshold: ['op', 'threshold', 'for'],
    relative: ['op', 'factor', 'for'],
    'mann-whitney': ['direction', 'confidence', 'allowed-increase', 'allowed-decrease'],
    'burn-rate': ['objective', 'windows', 'period', 'for'],
};
const PLACEHOLDERS = ['selector', 'interval', 'window'];
const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
const DEFAULT_BURN_WINDOWS = [
    { longSeconds: 3600, shortSeconds: 300, factor: 14.4 },
    { longSeconds: 21600, shortSeconds: 1800, factor: 6 },
];
function show(value) {
    if (typeof value === 'string')
        return (0,inputs/* quote */.hD)(value);
    let text;
    // Only what is shown is visited: YAML aliases can make a small file a tree too big to write out.
    let visited = 0;
    try {
        text =
            JSON.stringify(value, (_key, member) => {
                if (++visited > 50)
                    throw new RangeError('shown in part');
                return member;
            }) ?? String(value);
    }
    catch {
        text = Array.isArray(value)
            ? `[… ${value.length} items]`
            : value && typeof value === 'object'
                ? '{…}'
                : String(value);
    }
    return text.length <= 100 ? text : `${text.slice(0, 100)}…`;
}
/**
 * What a document that is not a mapping is, without showing it: a file named by mistake (a secret,
 * a key) parses as a string or a list, and its lines must not reach the log.
 */
function shapeOf(value) {
    if (Array.isArray(value))
        return `a list of ${value.length}`;
    if (value === null || value === undefined)
        return 'nothing';
    if (typeof value === 'string')
        return `text (${value.length} characters)`;
    return `a ${typeof value}`;
}
/** Builds the one-line errors of one SLO document. */
class Problems {
    where;
    constructor(where) {
        this.where = where;
    }
    top(field, value, expected) {
        return new errors/* ConfigurationError */.j1(`SLO ${this.where}: field '${field}': got ${show(value)}, expected ${expected}`);
    }
    objective(id, field, value, expected) {
        return new errors/* ConfigurationError */.j1(`SLO ${this.where}: objective ${id}, field '${field}': got ${show(value)}, expected ${expected}`);
    }
    missing(id, field, expected) {
        return new errors/* ConfigurationError */.j1(`SLO ${this.where}: objective ${id}, field '${field}' is missing: ${expected}`);
    }
    message(text) {
        return new errors/* ConfigurationError */.j1(`SLO ${this.where}: ${text}`);
    }
}
/** A number, or a percentage string like `5%` (0.05). */
function numberOf(value) {
    if (typeof value === 'number' && Number.isFinite(value))
        return value;
    if (typeof value === 'string') {
        const text = value.trim();
        const percent = /^(-?\d+(?:\.\d+)?)%$/.exec(text);
        if (percent)
            return Number(`${percent[1]}e-2`); // 99.9% is 0.999 exactly, not 99.9 / 100
        if (/^-?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(text))
            return Number(text);
    }
    return undefined;
}
/** A duration in seconds: `90s`, `2m`, `1h30m`, or a bare number of seconds. */
function secondsOf(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) && value >= 0 ? value : undefined;
    if (typeof value !== 'string')
        return undefined;
    const ms = (0,inputs/* parseDuration */.E9)(value);
    return ms === undefined ? undefined : ms / 1000;
}
const DURATION = 'a duration like 30s, 2m or 1h30m';
/** The placeholders a query uses. */
function placeholdersOf(query) {
    return [...query.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((match) => match[1]);
}
/** Fills {{selector}}, {{interval}} and {{window}} in a query. */
function renderQuery(query, values) {
    return query.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (whole, name) => {
        const value = values[name];
        return value === undefined ? whole : value;
    });
}
/** Seconds as a PromQL duration (`90s`, `5m`, `1h`). */
function promDuration(seconds) {
    const whole = Math.max(1, Math.round(seconds));
    if (whole % 3600 === 0)
        return `${whole / 3600}h`;
    if (whole % 60 === 0)
        return `${whole / 60}m`;
    return `${whole}s`;
}
function parseObjective(raw, index, problems) {
    const position = `#${index + 1}`;
    if (!isRecord(raw))
        throw problems.message(`objective ${position}: got ${shapeOf(raw)}, expected a mapping`);
    const name = raw.name;
    if (name === undefined)
        throw problems.missing(position, 'name', 'every objective needs a name');
    if (typeof name !== 'string' || !NAME.test(name))
        throw problems.objective(position, 'name', name, 'a name of lower-case letters, digits and . _ - (like error-rate)');
    const id = `'${name}'`;
    const kind = raw.kind;
    if (kind === undefined)
        throw problems.missing(id, 'kind', `one of ${OBJECTIVE_KINDS.join(', ')}`);
    if (!OBJECTIVE_KINDS.includes(kind))
        throw problems.objective(id, 'kind', kind, `one of ${OBJECTIVE_KINDS.join(', ')}`);
    const objectiveKind = kind;
    const known = [...COMMON, ...BY_KIND[objectiveKind]];
    for (const field of Object.keys(raw)) {
        if (!known.includes(field))
            throw problems.message(`objective ${id}, field '${field}': not a field of a ${objectiveKind} objective (known: ${known.join(', ')})`);
    }
    const query = raw.query;
    if (query === undefined || query === null || query === '')
        throw problems.missing(id, 'query', 'a PromQL query');
    if (typeof query !== 'string')
        throw problems.objective(id, 'query', query, 'a PromQL query (a string)');
    const allowedPlaceholders = objectiveKind === 'burn-rate' ? PLACEHOLDERS : ['selector', 'interval'];
    for (const placeholder of placeholdersOf(query)) {
        if (!allowedPlaceholders.includes(placeholder))
            throw problems.objective(id, 'query', `{{${placeholder}}}`, `only the placeholders ${allowedPlaceholders.map((p) => `{{${p}}}`).join(', ')}`);
    }
    if ((objectiveKind === 'relative' || objectiveKind === 'mann-whitney') &&
        !placeholdersOf(query).includes('selector'))
        throw problems.objective(id, 'query', query, 'a query with {{selector}}, filled in with the target and then the baseline selector');
    if (objectiveKind === 'burn-rate' && !placeholdersOf(query).includes('window'))
        throw problems.objective(id, 'query', query, 'an error ratio over {{window}}, e.g. sum(rate(errors[{{window}}])) / sum(rate(requests[{{window}}]))');
    const optionalString = (field) => {
        const value = raw[field];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'string')
            throw problems.objective(id, field, value, 'a string');
        return value;
    };
    const number = (field, fallback, check, expected) => {
        const value = raw[field];
        if (value === undefined || value === null) {
            if (fallback === undefined)
                throw problems.missing(id, field, expected);
            return fallback;
        }
        const parsed = numberOf(value);
        if (parsed === undefined || !check(parsed))
            throw problems.objective(id, field, value, expected);
        return parsed;
    };
    const duration = (field, fallback) => {
        const value = raw[field];
        if (value === undefined || value === null)
            return fallback;
        const seconds = secondsOf(value);
        if (seconds === undefined)
            throw problems.objective(id, field, value, DURATION);
        return seconds;
    };
    const oneOf = (field, allowed, fallback) => {
        const value = raw[field];
        if (value === undefined || value === null)
            return fallback;
        if (!allowed.includes(value))
            throw problems.objective(id, field, value, `one of ${allowed.join(', ')}`);
        return value;
    };
    const minSamplesValue = raw['min-samples'];
    let minSamples;
    if (minSamplesValue !== undefined && minSamplesValue !== null) {
        if (typeof minSamplesValue !== 'number' || !Number.isInteger(minSamplesValue) || minSamplesValue < 1)
            throw problems.objective(id, 'min-samples', minSamplesValue, 'a whole number of at least 1');
        minSamples = minSamplesValue;
    }
    const critical = raw.critical ?? false;
    if (typeof critical !== 'boolean')
        throw problems.objective(id, 'critical', critical, 'true or false');
    // `enabled: no` or 'false' (text) would otherwise keep an objective the user meant to drop.
    if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean')
        throw problems.objective(id, 'enabled', raw.enabled, 'true or false');
    const base = {
        name,
        description: optionalString('description'),
        query,
        unit: optionalString('unit'),
        minSamples,
        weight: number('weight', 1, (n) => n > 0 && n <= 1000, 'a number above 0 (its share of the score, like 3)'),
        critical,
    };
    switch (objectiveKind) {
        case 'threshold':
            return {
                ...base,
                kind: 'threshold',
                op: oneOf('op', OPERATORS, '>'),
                threshold: number('threshold', undefined, () => true, 'a number (like 0.05 or 5%)'),
                forSeconds: duration('for', 0),
            };
        case 'relative':
            return {
                ...base,
                kind: 'relative',
                op: oneOf('op', OPERATORS, '>'),
                factor: number('factor', undefined, (n) => n > 0, 'a number greater than 0 (2 means twice the baseline)'),
                forSeconds: duration('for', 0),
            };
        case 'mann-whitney': {
            const allowedIncrease = number('allowed-increase', 1, (n) => n >= 1, 'a ratio of at least 1 (like 1.2)');
            const allowedDecrease = number('allowed-decrease', 1, (n) => n > 0 && n <= 1, 'a ratio above 0 and at most 1 (like 0.8)');
            return {
                ...base,
                kind: 'mann-whitney',
                direction: oneOf('direction', DIRECTIONS, 'increase'),
                confidence: number('confidence', 0.95, (n) => n >= 0.5 && n < 1, 'a confidence level from 0.5 to below 1 (like 0.95 or 99%)'),
                allowedIncrease,
                allowedDecrease,
            };
        }
        case 'burn-rate': {
            const objective = number('objective', undefined, (n) => n > 0 && n < 1, 'the SLO objective, above 0 and below 1 (like 0.999 or 99.9%)');
            let windows = DEFAULT_BURN_WINDOWS;
            const rawWindows = raw.windows;
            if (rawWindows !== undefined && rawWindows !== null) {
                const expected = 'a list of {long, short, factor}, like [{long: 1h, short: 5m, factor: 14.4}]';
                if (!Array.isArray(rawWindows) || !rawWindows.length)
                    throw problems.objective(id, 'windows', rawWindows, expected);
                windows = rawWindows.map((entry, i) => {
                    const field = `windows[${i}]`;
                    if (!isRecord(entry))
                        throw problems.objective(id, field, entry, expected);
                    for (const key of Object.keys(entry))
                        if (!['long', 'short', 'factor'].includes(key))
                            throw problems.objective(id, `${field}.${key}`, entry[key], 'only long, short and factor');
                    const longSeconds = secondsOf(entry.long);
                    const shortSeconds = secondsOf(entry.short);
                    if (!longSeconds)
                        throw problems.objective(id, `${field}.long`, entry.long, DURATION);
                    if (!shortSeconds)
                        throw problems.objective(id, `${field}.short`, entry.short, DURATION);
                    if (shortSeconds >= longSeconds)
                        throw problems.objective(id, `${field}.short`, entry.short, `a window shorter than long (${entry.long})`);
                    const factor = numberOf(entry.factor);
                    if (factor === undefined || factor <= 0)
                        throw problems.objective(id, `${field}.factor`, entry.factor, 'a burn rate above 0 (like 14.4)');
                    return { longSeconds, shortSeconds, factor };
                });
            }
            const periodSeconds = duration('period', 30 * 86_400);
            if (periodSeconds <= 0)
                throw problems.objective(id, 'period', raw.period, DURATION);
            return {
                ...base,
                kind: 'burn-rate',
                objective,
                windows,
                periodSeconds,
                forSeconds: duration('for', 0),
            };
        }
    }
}
/** The shipped default SLO (the operators' runbook): examples/slo/default.yaml beside the action. */
function defaultSloPath() {
    const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(require("url").pathToFileURL(__filename).href));
    // shared/slo/ in the sources, dist/verify-slo/ in the bundle: both two levels below the root.
    const candidates = [(0,external_node_path_.join)(here, '..', '..', 'examples', 'slo', 'default.yaml')];
    candidates.push((0,external_node_path_.join)(here, '..', '..', '..', 'examples', 'slo', 'default.yaml'));
    const found = candidates.find((candidate) => (0,external_node_fs_.existsSync)(candidate));
    if (!found)
        throw new errors/* ConfigurationError */.j1(`the shipped default SLO is missing: looked for ${candidates.join(' and ')} (is the action checked out whole?)`);
    return found;
}
async function loadDocument(text, where, dir) {
    let documents;
    try {
        documents = (await loadAllYaml(text)).filter((document) => document !== null && document !== undefined);
    }
    catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new errors/* ConfigurationError */.j1(`SLO ${where}: not valid YAML (${reason})`);
    }
    // sloth and OpenSLO files are read as ours (OpenSLO may put its SLIs in further documents).
    const format = foreignFormat(documents[0]);
    let raw = documents[0];
    if (format === 'openslo')
        raw = await fromOpenSlo(documents, where);
    else if (documents.length > 1)
        throw new errors/* ConfigurationError */.j1(`SLO ${where}: ${documents.length} YAML documents, expected one (only an OpenSLO file has several)`);
    else if (format === 'sloth')
        raw = await fromSloth(raw, where);
    if (!isRecord(raw))
        throw new errors/* ConfigurationError */.j1(`SLO ${where}: got ${shapeOf(raw)}, expected a mapping with apiVersion, kind and objectives`);
    return { raw, where, dir };
}
/** Objectives of `child` replace (field by field) the same-named ones of `base`; `enabled: false` drops one. */
function mergeObjectives(base, child, problems) {
    const list = (value, label) => {
        if (value === undefined || value === null)
            return [];
        if (!Array.isArray(value))
            throw problems.top(label, value, 'a list of objectives');
        return value;
    };
    const merged = list(base, 'objectives').map((entry) => (isRecord(entry) ? { ...entry } : entry));
    for (const entry of list(child, 'objectives')) {
        const existing = isRecord(entry)
            ? merged.findIndex((candidate) => isRecord(candidate) && candidate.name === entry.name)
            : -1;
        if (existing >= 0 && isRecord(entry)) {
            const combined = { ...merged[existing], ...entry };
            // A changed kind starts from scratch: the base's kind-specific fields no longer apply.
            merged[existing] = entry.kind && entry.kind !== merged[existing].kind ? entry : combined;
        }
        else {
            merged.push(entry);
        }
    }
    return merged.filter((entry) => !(isRecord(entry) && entry.enabled === false));
}
async function resolveDocument(doc, depth) {
    const problems = new Problems(doc.where);
    for (const field of Object.keys(doc.raw)) {
        if (!TOP_LEVEL.includes(field))
            throw problems.message(`field '${field}': not an SLO field (known: ${TOP_LEVEL.join(', ')})`);
    }
    if (doc.raw.apiVersion !== SLO_API_VERSION)
        throw problems.top('apiVersion', doc.raw.apiVersion, `'${SLO_API_VERSION}'`);
    if (doc.raw.kind !== 'SLO')
        throw problems.top('kind', doc.raw.kind, `'SLO'`);
    const parent = doc.raw.extends;
    if (parent === undefined || parent === null)
        return { raw: doc.raw, sources: [doc.where] };
    if (typeof parent !== 'string' || !parent.trim())
        throw problems.top('extends', parent, `'default' (the shipped runbook SLO) or a path to an SLO file`);
    if (depth >= 5)
        throw problems.message(`'extends' goes more than 5 files deep (a cycle?)`);
    const path = parent === 'default' ? defaultSloPath() : (0,external_node_path_.isAbsolute)(parent) ? parent : (0,external_node_path_.resolve)(doc.dir, parent);
    if (!(0,external_node_fs_.existsSync)(path))
        throw problems.top('extends', parent, `'default' or a path to an existing SLO file`);
    const base = await resolveDocument(await loadDocument((0,external_node_fs_.readFileSync)(path, 'utf8'), path, (0,external_node_path_.dirname)(path)), depth + 1);
    const raw = { ...base.raw, ...doc.raw };
    delete raw.extends;
    raw.objectives = mergeObjectives(base.raw.objectives, doc.raw.objectives, problems);
    return { raw, sources: [doc.where, ...base.sources] };
}
/** `scoring: {pass: 90, marginal: 75}`: scores out of 100; marginal defaults to pass (no marginal band). */
function parseScoring(value, problems) {
    if (value === undefined || value === null)
        return undefined;
    const expected = 'a mapping like {pass: 90, marginal: 75} (scores out of 100)';
    if (!isRecord(value))
        throw problems.top('scoring', value, expected);
    for (const key of Object.keys(value))
        if (key !== 'pass' && key !== 'marginal')
            throw problems.top(`scoring.${key}`, value[key], 'only pass and marginal');
    const score = (key, fallback) => {
        const given = value[key];
        if ((given === undefined || given === null) && fallback !== undefined)
            return fallback;
        if (typeof given !== 'number' || !Number.isFinite(given) || given < 1 || given > 100)
            throw problems.top(`scoring.${key}`, given, 'a score from 1 to 100 (like 90, not 0.9)');
        return given;
    };
    const pass = score('pass');
    const marginal = score('marginal', pass);
    if (marginal > pass)
        throw problems.top('scoring.marginal', marginal, `a score at most scoring.pass (${pass})`);
    return { pass, marginal };
}
/** Parses and validates an SLO document. `where` names it in errors; `dir` resolves `extends`. */
async function parseSlo(text, where = 'inline', dir = process.cwd()) {
    const { raw, sources } = await resolveDocument(await loadDocument(text, where, dir), 0);
    const problems = new Problems(where);
    const objectivesRaw = raw.objectives;
    if (!Array.isArray(objectivesRaw) || !objectivesRaw.length)
        throw problems.top('objectives', objectivesRaw, 'a non-empty list of objectives');
    // `enabled: false` drops an objective, inherited or not.
    const objectives = objectivesRaw.flatMap((entry, index) => isRecord(entry) && entry.enabled === false ? [] : [parseObjective(entry, index, problems)]);
    if (!objectives.length)
        throw problems.top('objectives', objectivesRaw, 'at least one objective not disabled (enabled: false)');
    const seen = new Set();
    for (const objective of objectives) {
        if (seen.has(objective.name))
            throw problems.message(`objective '${objective.name}' is defined twice`);
        seen.add(objective.name);
    }
    // At most what the inputs take: a longer one (`window: 1e300`, `warm-up: 99999999d`) is a typo.
    const duration = (field) => {
        const value = raw[field];
        if (value === undefined || value === null)
            return undefined;
        const seconds = secondsOf(value);
        if (seconds === undefined || seconds * 1000 > inputs/* MAX_DURATION_MS */.rG)
            throw problems.top(field, value, `${DURATION} (at most 30d)`);
        return seconds;
    };
    const windowSeconds = duration('window');
    const intervalSeconds = duration('interval');
    if (windowSeconds !== undefined && windowSeconds <= 0)
        throw problems.top('window', raw.window, DURATION);
    if (intervalSeconds !== undefined && intervalSeconds < 1)
        throw problems.top('interval', raw.interval, 'a duration of at least 1s');
    const scoring = parseScoring(raw.scoring, problems);
    const text_ = (field) => {
        const value = raw[field];
        if (value === undefined || value === null)
            return undefined;
        if (typeof value !== 'string')
            throw problems.top(field, value, 'a string');
        return value;
    };
    return {
        name: text_('name'),
        description: text_('description'),
        windowSeconds,
        intervalSeconds,
        warmUpSeconds: duration('warm-up'),
        ...(scoring ? { scoring } : {}),
        objectives,
        sources,
    };
}
/** Reads an SLO from a file path, or parses the value as inline YAML. */
async function loadSlo(value) {
    const text = value.trim();
    if (text === 'default')
        return loadSlo(defaultSloPath());
    if (!text.includes('\n') && !text.includes(':')) {
        if (!(0,external_node_fs_.existsSync)(text))
            throw new errors/* ConfigurationError */.j1(`input 'slo': got ${(0,inputs/* quote */.hD)(text)}, expected a path to an SLO file, 'default', or inline YAML`);
    }
    if (!text.includes('\n') && (0,external_node_fs_.existsSync)(text)) {
        const path = (0,external_node_path_.resolve)(text);
        return parseSlo((0,external_node_fs_.readFileSync)(path, 'utf8'), path, (0,external_node_path_.dirname)(path));
    }
    return parseSlo(value, 'inline', process.cwd());
}


/***/ })

};
;
// SLO files people already have, read as ours: sloth (`version: prometheus/v1`) and OpenSLO
// (`apiVersion: openslo/v1`, an SLO with its SLI inline or beside it in the same file). Each is
// mapped onto our objective kinds and then validated like any pipeline/v1 file; whatever has no
// faithful mapping is refused in one line that names it, never dropped.
//
// Their queries select the whole service; verification judges one color of one release. So every
// vector selector in their PromQL gets our {{selector}} placeholder (the `target` input), using
// Prometheus' own PromQL grammar (@prometheus-io/lezer-promql): a judgment diluted by the old
// color's healthy traffic would pass a bad release.

import { ConfigurationError } from '../errors.js';
import { isRecord } from '../records.js';

type Raw = Record<string, unknown>;

/** verify-slo's default window: an OpenSLO threshold target becomes a `for` within it. */
const VERIFICATION_WINDOW_SECONDS = 300;

/** Which foreign format a YAML document is, if any. */
export function foreignFormat(document: unknown): 'sloth' | 'openslo' | undefined {
  if (!isRecord(document)) return undefined;
  if (document.version === 'prometheus/v1' && 'slos' in document) return 'sloth';
  if (typeof document.apiVersion === 'string' && document.apiVersion.startsWith('openslo/')) return 'openslo';
  return undefined;
}

class Refusal {
  constructor(private readonly where: string) {}

  at(path: string, why: string): ConfigurationError {
    return new ConfigurationError(`SLO ${this.where}: ${path}: ${why}`);
  }

  string(value: unknown, path: string, expected = 'a string'): string {
    if (typeof value !== 'string' || !value.trim())
      throw this.at(path, `got ${shown(value)}, expected ${expected}`);
    return value;
  }

  only(value: Raw, path: string, known: readonly string[], why: string): void {
    for (const key of Object.keys(value))
      if (!known.includes(key))
        throw this.at(`${path}.${key}`, `not mapped (${why}; known: ${known.join(', ')})`);
  }
}

function shown(value: unknown): string {
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
export async function withTargetSelector(query: string, path: string, refusal: Refusal): Promise<string> {
  if (query.includes('{{selector}}')) return query;
  if (query.includes(WINDOW_STAND_IN))
    throw refusal.at(path, `the query may not contain '${WINDOW_STAND_IN}'`);
  const { parser } = await import('@prometheus-io/lezer-promql');
  const text = query.replace(SLOTH_WINDOW, WINDOW_STAND_IN);
  const tree = parser.parse(text);
  const insertions: { at: number; text: string }[] = [];
  let broken: number | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError) broken ??= node.from;
      if (node.name !== 'VectorSelector') return;
      const matchers = node.node.getChild('LabelMatchers');
      if (!matchers) insertions.push({ at: node.to, text: '{ {{selector}} }' });
      else {
        const empty = text.slice(matchers.from + 1, matchers.to - 1).trim() === '';
        insertions.push({ at: matchers.from + 1, text: empty ? ' {{selector}} ' : ' {{selector}}, ' });
      }
    },
  });
  if (broken !== undefined) throw refusal.at(path, `not valid PromQL (at character ${broken + 1})`);
  if (!insertions.length) throw refusal.at(path, 'selects no series (no metric in the query)');
  let result = text;
  for (const { at, text: inserted } of insertions.sort((a, b) => b.at - a.at))
    result = result.slice(0, at) + inserted + result.slice(at);
  return result.replaceAll(WINDOW_STAND_IN, '{{window}}');
}

/** sloth's `prometheus/v1` spec: each SLO an error-budget burn rate over sloth's own SLI queries. */
export async function fromSloth(document: Raw, where: string): Promise<Raw> {
  const refusal = new Refusal(where);
  refusal.only(document, 'spec', ['version', 'service', 'labels', 'slos'], 'sloth prometheus/v1 spec fields');
  const service = refusal.string(document.service, 'service');
  if (!Array.isArray(document.slos) || !document.slos.length)
    throw refusal.at('slos', `got ${shown(document.slos)}, expected a list of SLOs`);
  const objectives = [];
  for (const [index, slo] of document.slos.entries()) {
    const path = `slos[${index}]`;
    if (!isRecord(slo)) throw refusal.at(path, `got ${shown(slo)}, expected an SLO`);
    // labels and alerting are how sloth writes its alerts: nothing to judge.
    refusal.only(
      slo,
      path,
      ['name', 'objective', 'description', 'sli', 'labels', 'alerting'],
      'sloth SLO fields',
    );
    const name = refusal.string(slo.name, `${path}.name`);
    if (typeof slo.objective !== 'number' || !(slo.objective > 0 && slo.objective < 100))
      throw refusal.at(
        `${path}.objective`,
        `got ${shown(slo.objective)}, expected a percentage above 0 and below 100`,
      );
    const sli = slo.sli;
    if (!isRecord(sli)) throw refusal.at(`${path}.sli`, `got ${shown(sli)}, expected events or raw`);
    let query: string;
    if (isRecord(sli.events)) {
      const errors = refusal.string(
        sli.events.error_query,
        `${path}.sli.events.error_query`,
        'a PromQL query',
      );
      const total = refusal.string(
        sli.events.total_query,
        `${path}.sli.events.total_query`,
        'a PromQL query',
      );
      // No error series at all is no errors (a healthy release), not no data.
      query = `((${errors.trim()}) or vector(0))\n/\n(${total.trim()})`;
    } else if (isRecord(sli.raw)) {
      query = refusal.string(
        sli.raw.error_ratio_query,
        `${path}.sli.raw.error_ratio_query`,
        'a PromQL query',
      );
    } else if ('plugin' in sli) {
      throw refusal.at(
        `${path}.sli.plugin`,
        'not mapped (a sloth plugin runs inside sloth); give sli.events or sli.raw',
      );
    } else throw refusal.at(`${path}.sli`, `got ${shown(sli)}, expected events or raw`);
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
function prometheusQuery(source: unknown, path: string, refusal: Refusal): string {
  if (!isRecord(source) || !isRecord(source.metricSource))
    throw refusal.at(
      path,
      `got ${shown(source)}, expected {metricSource: {type: Prometheus, spec: {query}}}`,
    );
  const { metricSource } = source;
  if ('metricSourceRef' in metricSource)
    throw refusal.at(`${path}.metricSource.metricSourceRef`, 'not mapped (give the Prometheus query inline)');
  if (typeof metricSource.type !== 'string' || metricSource.type.toLowerCase() !== 'prometheus')
    throw refusal.at(
      `${path}.metricSource.type`,
      `got ${shown(metricSource.type)}, expected Prometheus (the only source verify-slo queries)`,
    );
  const spec = isRecord(metricSource.spec) ? metricSource.spec : {};
  return refusal.string(spec.query ?? spec.promql, `${path}.metricSource.spec.query`, 'a PromQL query');
}

/** A counter's increase over {{window}}: a plain selector as a range, anything else as a subquery. */
async function increaseOver(query: string, path: string, refusal: Refusal): Promise<string> {
  const { parser } = await import('@prometheus-io/lezer-promql');
  const top = parser.parse(query.trim()).topNode.firstChild;
  const bare = top?.name === 'VectorSelector' && top.to - top.from === query.trim().length;
  const selected = await withTargetSelector(query.trim(), path, refusal);
  return bare ? `sum(increase(${selected}[{{window}}]))` : `sum(increase((${selected})[{{window}}:]))`;
}

const OPENSLO_OPS: Record<string, string> = { lt: '>=', lte: '>', gt: '<=', gte: '<' };

/** OpenSLO `openslo/v1` documents: their SLOs, with SLIs inline or by reference to one beside them. */
export async function fromOpenSlo(documents: unknown[], where: string): Promise<Raw> {
  const refusal = new Refusal(where);
  const slis = new Map<string, Raw>();
  const slos: Raw[] = [];
  for (const [index, document] of documents.entries()) {
    if (!isRecord(document) || document.apiVersion !== 'openslo/v1')
      throw refusal.at(
        `document ${index + 1}`,
        `got ${shown(isRecord(document) ? document.apiVersion : document)}, expected apiVersion openslo/v1`,
      );
    const name = isRecord(document.metadata) ? document.metadata.name : undefined;
    if (document.kind === 'SLI')
      slis.set(refusal.string(name, `document ${index + 1}.metadata.name`), document);
    else if (document.kind === 'SLO') slos.push(document);
    // Service, DataSource and alerting kinds describe, they do not judge.
  }
  if (!slos.length) throw refusal.at('kind', 'no SLO document (an OpenSLO file needs kind: SLO)');
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
      throw refusal.at(
        `${path}.spec`,
        typeof ref === 'string'
          ? `indicatorRef '${ref}' names no SLI in this file`
          : 'no indicator or indicatorRef',
      );
    const sli = isRecord(indicator.spec) ? indicator.spec : {};
    if (!Array.isArray(spec.objectives) || !spec.objectives.length)
      throw refusal.at(`${path}.spec.objectives`, `got ${shown(spec.objectives)}, expected a list`);
    for (const [index, objective] of spec.objectives.entries()) {
      const at = `${path}.spec.objectives[${index}]`;
      if (!isRecord(objective)) throw refusal.at(at, `got ${shown(objective)}, expected an objective`);
      const target =
        typeof objective.target === 'number'
          ? objective.target
          : typeof objective.targetPercent === 'number'
            ? objective.targetPercent / 100
            : undefined;
      if (target === undefined || !(target > 0 && target < 1))
        throw refusal.at(
          `${at}.target`,
          `got ${shown(objective.target ?? objective.targetPercent)}, expected a target above 0 and below 1 (or targetPercent)`,
        );
      const objectiveName = spec.objectives.length > 1 ? `${name}-${index + 1}` : name;
      const description =
        typeof objective.displayName === 'string' ? objective.displayName : `OpenSLO ${name}`;
      if (isRecord(sli.ratioMetric)) {
        const ratio = sli.ratioMetric;
        if (ratio.counter !== true)
          throw refusal.at(
            `${path}.indicator.spec.ratioMetric.counter`,
            'not mapped unless true (the good, bad and total queries must be counters)',
          );
        const total = await increaseOver(
          prometheusQuery(ratio.total, `${path} ratioMetric.total`, refusal),
          `${path} ratioMetric.total`,
          refusal,
        );
        let errorRatio: string;
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
      } else if (isRecord(sli.thresholdMetric)) {
        const op = OPENSLO_OPS[String(objective.op)];
        if (!op) throw refusal.at(`${at}.op`, `got ${shown(objective.op)}, expected lt, lte, gt or gte`);
        if (typeof objective.value !== 'number')
          throw refusal.at(`${at}.value`, `got ${shown(objective.value)}, expected a number`);
        objectives.push({
          name: objectiveName,
          kind: 'threshold',
          description,
          query: await withTargetSelector(
            prometheusQuery(sli.thresholdMetric, `${path} thresholdMetric`, refusal),
            `${path} thresholdMetric`,
            refusal,
          ),
          // OpenSLO's op says what is good; ours says what breaches.
          op,
          threshold: objective.value,
          // `target` of the time good: bad for longer than the rest of the window breaches.
          for: `${Math.round((1 - target) * VERIFICATION_WINDOW_SECONDS)}s`,
        });
      } else throw refusal.at(`${path}.indicator.spec`, 'expected ratioMetric or thresholdMetric');
    }
  }
  return {
    apiVersion: 'pipeline/v1',
    kind: 'SLO',
    name: slos.length === 1 && isRecord(slos[0]?.metadata) ? String(slos[0].metadata.name) : undefined,
    objectives,
  };
}

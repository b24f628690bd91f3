// sloth and OpenSLO files read as SLO files: mapped onto our objectives, every selector of their
// queries narrowed to the release being judged, and whatever cannot be mapped refused in one line.
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { loadSlo, parseSlo, renderQuery } from '../../shared/slo/spec.js';
import { repoRoot } from '../support/bundle.js';

const examples = join(repoRoot, 'examples', 'slo');
const SELECTOR = 'namespace="prod", release="web", color="green", version="2.0.0"';

/** The query as verify-slo sends it, checked against Prometheus' own grammar. */
function rendered(query: string): string {
  const text = renderQuery(query, { selector: SELECTOR, window: '5m', interval: '10s' });
  let error: number | undefined;
  parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError) error ??= node.from;
    },
  });
  expect(error, text).toBeUndefined();
  return text;
}

async function refusal(text: string): Promise<string> {
  try {
    await parseSlo(text, 'f.yaml');
  } catch (error) {
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected the SLO to be refused');
}

describe('a sloth spec (prometheus/v1)', () => {
  it('each SLO a burn rate over its own error and total queries, narrowed to the target', async () => {
    const spec = await loadSlo(join(examples, 'sloth.yaml'));
    expect(spec.name).toBe('web');
    expect(spec.objectives).toHaveLength(1);
    const [objective] = spec.objectives;
    expect(objective).toMatchObject({ name: 'requests-availability', kind: 'burn-rate', objective: 0.999 });
    expect(rendered(objective?.query as string)).toBe(
      `((sum(rate(http_requests_total{ ${SELECTOR}, code=~"5.."}[5m]))) or vector(0))\n/\n(sum(rate(http_requests_total{ ${SELECTOR} }[5m])))`,
    );
  });

  it('refuses what it cannot map, naming it', async () => {
    const sloth = (sli: string, extra = '') =>
      `version: prometheus/v1\nservice: web\n${extra}slos:\n  - name: a\n    objective: 99\n    sli:\n${sli}`;
    expect(await refusal(sloth('      plugin: {id: sloth-common/kubernetes/apiserver/availability}\n'))).toBe(
      'SLO f.yaml: slos[0].sli.plugin: not mapped (a sloth plugin runs inside sloth); give sli.events or sli.raw',
    );
    expect(await refusal(sloth('      raw: {error_ratio_query: "sum(rate(errors[5m]))"}\n'))).toBe(
      'SLO f.yaml: slos[0].sli: the queries must use {{.window}}, as sloth requires',
    );
    expect(await refusal(sloth('      raw: {error_ratio_query: "sum(rate(errors[{{.window}}])"}\n'))).toMatch(
      /^SLO f\.yaml: slos\[0\]\.sli: not valid PromQL \(at character \d+\)$/,
    );
    expect(await refusal(sloth('      raw: {error_ratio_query: "x[{{.window}}]"}\n', 'info: {}\n'))).toMatch(
      /^SLO f\.yaml: spec\.info: not mapped \(sloth prometheus\/v1 spec fields; known: /,
    );
    expect(
      await refusal('version: prometheus/v1\nservice: web\nslos:\n  - {name: a, objective: 100, sli: {}}\n'),
    ).toBe('SLO f.yaml: slos[0].objective: got 100, expected a percentage above 0 and below 100');
  });
});

describe('an OpenSLO file (openslo/v1)', () => {
  it('a ratio of counters becomes a burn rate, a threshold metric a threshold, SLIs by reference or inline', async () => {
    const spec = await loadSlo(join(examples, 'openslo.yaml'));
    const [availability, latency] = spec.objectives;
    expect(availability).toMatchObject({ name: 'web-availability', kind: 'burn-rate', objective: 0.999 });
    expect(rendered(availability?.query as string)).toBe(
      `1 - (sum(increase(http_requests_total{ ${SELECTOR}, code!~"5.."}[5m]))\n/\nsum(increase(http_requests_total{ ${SELECTOR} }[5m])))`,
    );
    // "good when ≤ 0.5 for 95% of the time": breached above 0.5 for more than 5% of a 300 s window.
    expect(latency).toMatchObject({
      name: 'web-latency',
      kind: 'threshold',
      op: '>',
      threshold: 0.5,
      forSeconds: 15,
    });
    expect(rendered(latency?.query as string)).toContain(
      `http_request_duration_seconds_bucket{ ${SELECTOR} }[1m]`,
    );
  });

  it('a bad-events ratio, and queries that are not plain selectors (as a subquery)', async () => {
    const spec = await parseSlo(`apiVersion: openslo/v1
kind: SLO
metadata: {name: errors}
spec:
  indicator:
    metadata: {name: e}
    spec:
      ratioMetric:
        counter: true
        bad: {metricSource: {type: prometheus, spec: {query: 'sum by (job) (http_requests_total{code=~"5.."})'}}}
        total: {metricSource: {type: Prometheus, spec: {query: 'http_requests_total'}}}
  objectives: [{targetPercent: 99.5}]
`);
    expect(spec.objectives[0]).toMatchObject({ kind: 'burn-rate', objective: 0.995 });
    expect(rendered(spec.objectives[0]?.query as string)).toBe(
      `(sum(increase((sum by (job) (http_requests_total{ ${SELECTOR}, code=~"5.."}))[5m:])) or vector(0))\n/\nsum(increase(http_requests_total{ ${SELECTOR} }[5m]))`,
    );
  });

  it('refuses what it cannot map, naming it', async () => {
    const slo = (sli: string, objectives = '[{target: 0.99}]') =>
      `apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: s}\nspec:\n  indicator:\n    metadata: {name: i}\n    spec:\n${sli}\n  objectives: ${objectives}\n`;
    const ratio = (good: string, counter = 'true') =>
      `      ratioMetric:\n        counter: ${counter}\n        good: ${good}\n        total: {metricSource: {type: Prometheus, spec: {query: t}}}`;
    expect(await refusal(slo(ratio('{metricSource: {type: Datadog, spec: {query: "x"}}}')))).toBe(
      'SLO f.yaml: SLO s ratioMetric.good.metricSource.type: got "Datadog", expected Prometheus (the only source verify-slo queries)',
    );
    expect(await refusal(slo(ratio('{metricSource: {metricSourceRef: prom, type: Prometheus}}')))).toBe(
      'SLO f.yaml: SLO s ratioMetric.good.metricSource.metricSourceRef: not mapped (give the Prometheus query inline)',
    );
    expect(await refusal(slo(ratio('{metricSource: {type: Prometheus, spec: {query: g}}}', 'false')))).toBe(
      'SLO f.yaml: SLO s.indicator.spec.ratioMetric.counter: not mapped unless true (the good, bad and total queries must be counters)',
    );
    expect(
      await refusal(
        slo(
          '      thresholdMetric: {metricSource: {type: Prometheus, spec: {query: up}}}',
          '[{op: eq, value: 1, target: 0.9}]',
        ),
      ),
    ).toBe('SLO f.yaml: SLO s.spec.objectives[0].op: got "eq", expected lt, lte, gt or gte');
    expect(
      await refusal(slo(ratio('{metricSource: {type: Prometheus, spec: {query: g}}}'), '[{target: 99}]')),
    ).toBe(
      'SLO f.yaml: SLO s.spec.objectives[0].target: got 99, expected a target above 0 and below 1 (or targetPercent)',
    );
    expect(
      await refusal(
        'apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: s}\nspec: {indicatorRef: nowhere, objectives: [{target: 0.9}]}\n',
      ),
    ).toBe("SLO f.yaml: SLO s.spec: indicatorRef 'nowhere' names no SLI in this file");
  });

  it('several documents are only read as OpenSLO', async () => {
    expect(
      await refusal('apiVersion: pipeline/v1\nkind: SLO\n---\napiVersion: pipeline/v1\nkind: SLO\n'),
    ).toBe('SLO f.yaml: 2 YAML documents, expected one (only an OpenSLO file has several)');
  });
});

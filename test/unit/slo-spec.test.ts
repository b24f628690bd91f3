// The SLO file format: the shipped runbook default, the JSON schema that documents the format,
// `extends`, and one clear line naming the objective and the field for every mistake.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../shared/errors.js';
import {
  defaultSloPath,
  loadSlo,
  parseSlo,
  placeholdersOf,
  promDuration,
  renderQuery,
  type SloSpec,
  type ThresholdObjective,
} from '../../shared/slo/spec.js';
import { repoRoot } from '../support/bundle.js';

const examples = join(repoRoot, 'examples', 'slo');
const schema = JSON.parse(readFileSync(join(examples, 'slo.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

function slo(objectives: string, top = ''): string {
  return `apiVersion: pipeline/v1\nkind: SLO\n${top}objectives:\n${objectives}`;
}

/** The one-line error parseSlo throws for a document. */
async function problem(text: string): Promise<string> {
  try {
    await parseSlo(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected the SLO to be rejected');
}

describe('the shipped default SLO (the operators runbook)', () => {
  let spec: SloSpec;
  beforeAll(async () => {
    spec = await loadSlo('default');
  });

  it('is examples/slo/default.yaml', () => {
    expect(defaultSloPath()).toBe(join(examples, 'default.yaml'));
    expect(spec.sources).toEqual([join(examples, 'default.yaml')]);
  });

  it('says: error rate > 5% for 2m, response time > 2× baseline over 3m, CPU > 85% over 5m, observed for 300s', () => {
    expect(spec.windowSeconds).toBe(300);
    expect(spec.intervalSeconds).toBe(10);
    expect(spec.objectives.map(({ name, kind }) => [name, kind])).toEqual([
      ['error-rate', 'threshold'],
      ['response-time', 'relative'],
      ['cpu', 'threshold'],
    ]);
    const [errorRate, responseTime, cpu] = spec.objectives;
    expect(errorRate).toMatchObject({ op: '>', threshold: 0.05, forSeconds: 120, unit: 'ratio' });
    expect(responseTime).toMatchObject({ op: '>', factor: 2, forSeconds: 180, unit: 'seconds' });
    expect(cpu).toMatchObject({ op: '>', threshold: 0.85, forSeconds: 300, unit: 'ratio' });
    for (const objective of spec.objectives) expect(placeholdersOf(objective.query)).toContain('selector');
  });

  it('valid under the JSON schema, like every example', async () => {
    for (const file of ['default.yaml', 'canary.yaml']) {
      const document = yaml.load(readFileSync(join(examples, file), 'utf8'));
      expect(validate(document), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
      await expect(loadSlo(join(examples, file))).resolves.toBeDefined();
    }
  });
});

describe('the JSON schema', () => {
  it('rejects what the parser rejects: unknown kind, missing query, a threshold that is not a number, a bad duration', async () => {
    const bad = [
      slo('  - { name: a, kind: gauge, query: up }'),
      slo('  - { name: a, kind: threshold, threshold: 1 }'),
      slo('  - { name: a, kind: threshold, query: up, threshold: high }'),
      slo('  - { name: a, kind: threshold, query: up, threshold: 1, for: soon }'),
      slo('  - { name: a, kind: relative, query: up, factor: 2 }'),
      'apiVersion: pipeline/v2\nkind: SLO\nobjectives: []',
    ];
    for (const text of bad) {
      expect(validate(yaml.load(text)), text).toBe(false);
      await expect(parseSlo(text), text).rejects.toThrow(ConfigurationError);
    }
  });
});

describe('SLO files: one clear line naming the objective and the field', () => {
  it('a value that YAML aliases make huge is shown in part, at once', async () => {
    // Nine levels of nine aliases: 9^9 leaves if written out, a few lines as YAML.
    let value = '&l0 [x, x, x, x, x, x, x, x, x]';
    for (let level = 1; level < 9; level++)
      value = `&l${level} [${value}, ${Array(8)
        .fill(`*l${level - 1}`)
        .join(', ')}]`;
    const started = Date.now();
    const message = await problem(
      slo('  - { name: errors, kind: threshold, query: up, op: ">", threshold: 1 }\n', `window: ${value}\n`),
    );
    expect(message).toMatch(/^SLO inline: field 'window': got \[… 9 items\], expected /);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('unknown kind', async () => {
    expect(await problem(slo('  - { name: latency, kind: gauge, query: up }'))).toBe(
      "SLO inline: objective 'latency', field 'kind': got 'gauge', expected one of threshold, relative, mann-whitney, burn-rate",
    );
  });

  it('missing query', async () => {
    expect(await problem(slo('  - { name: cpu, kind: threshold, threshold: 0.8 }'))).toBe(
      "SLO inline: objective 'cpu', field 'query' is missing: a PromQL query",
    );
  });

  it('bad duration', async () => {
    expect(
      await problem(slo('  - { name: cpu, kind: threshold, query: up, threshold: 0.8, for: 5 minutes }')),
    ).toBe(
      "SLO inline: objective 'cpu', field 'for': got '5 minutes', expected a duration like 30s, 2m or 1h30m",
    );
  });

  it('threshold not a number', async () => {
    expect(await problem(slo('  - { name: cpu, kind: threshold, query: up, threshold: high }'))).toBe(
      "SLO inline: objective 'cpu', field 'threshold': got 'high', expected a number (like 0.05 or 5%)",
    );
  });

  it('a missing threshold, factor or objective', async () => {
    expect(await problem(slo('  - { name: cpu, kind: threshold, query: up }'))).toMatch(
      /objective 'cpu', field 'threshold' is missing/,
    );
    expect(await problem(slo('  - { name: p95, kind: relative, query: "q{ {{selector}} }" }'))).toMatch(
      /objective 'p95', field 'factor' is missing/,
    );
    expect(await problem(slo('  - { name: burn, kind: burn-rate, query: "q[{{window}}]" }'))).toMatch(
      /objective 'burn', field 'objective' is missing/,
    );
  });

  it('a field of another kind, or a typo', async () => {
    expect(await problem(slo('  - { name: cpu, kind: threshold, query: up, treshold: 1 }'))).toBe(
      "SLO inline: objective 'cpu', field 'treshold': not a field of a threshold objective (known: name, kind, description, query, unit, min-samples, weight, critical, enabled, op, threshold, for)",
    );
  });

  it('objectives without a name, or twice the same name', async () => {
    expect(await problem(slo('  - { kind: threshold, query: up, threshold: 1 }'))).toBe(
      "SLO inline: objective #1, field 'name' is missing: every objective needs a name",
    );
    expect(
      await problem(
        slo(
          '  - { name: a, kind: threshold, query: up, threshold: 1 }\n  - { name: a, kind: threshold, query: up, threshold: 2 }',
        ),
      ),
    ).toBe("SLO inline: objective 'a' is defined twice");
  });

  it('queries: placeholders the kind cannot fill, a comparison without {{selector}}, a burn rate without {{window}}', async () => {
    expect(
      await problem(slo('  - { name: a, kind: threshold, query: "up{ {{color}} }", threshold: 1 }')),
    ).toBe(
      "SLO inline: objective 'a', field 'query': got '{{color}}', expected only the placeholders {{selector}}, {{interval}}",
    );
    expect(await problem(slo('  - { name: p95, kind: relative, query: up, factor: 2 }'))).toMatch(
      /^SLO inline: objective 'p95', field 'query': got 'up', expected a query with \{\{selector\}\}/,
    );
    expect(
      await problem(slo('  - { name: b, kind: burn-rate, query: "errors[5m]", objective: 0.999 }')),
    ).toMatch(
      /^SLO inline: objective 'b', field 'query': got 'errors\[5m\]', expected an error ratio over \{\{window\}\}/,
    );
  });

  it('mann-whitney and burn-rate settings', async () => {
    const mw = (extra: string) =>
      slo(`  - { name: mw, kind: mann-whitney, query: "q{ {{selector}} }", ${extra} }`);
    expect(await problem(mw('direction: up'))).toBe(
      "SLO inline: objective 'mw', field 'direction': got 'up', expected one of increase, decrease, either",
    );
    expect(await problem(mw('confidence: 1.5'))).toMatch(
      /field 'confidence': got 1.5, expected a confidence level/,
    );
    expect(await problem(mw('allowed-increase: 0.5'))).toMatch(
      /field 'allowed-increase': got 0.5, expected a ratio of at least 1/,
    );
    const burn = (extra: string) =>
      slo(`  - { name: b, kind: burn-rate, query: "q[{{window}}]", objective: 0.999, ${extra} }`);
    expect(await problem(burn('windows: [{ long: 5m, short: 1h, factor: 14.4 }]'))).toBe(
      "SLO inline: objective 'b', field 'windows[0].short': got '1h', expected a window shorter than long (5m)",
    );
    expect(await problem(burn('windows: [{ long: 1h, short: 5m, factor: fast }]'))).toMatch(
      /field 'windows\[0\]\.factor': got 'fast', expected a burn rate above 0/,
    );
    expect(
      await problem(slo('  - { name: b, kind: burn-rate, query: "q[{{window}}]", objective: 1.2 }')),
    ).toMatch(/field 'objective': got 1.2, expected the SLO objective, above 0 and below 1/);
    expect(await problem(mw('min-samples: 0'))).toMatch(
      /field 'min-samples': got 0, expected a whole number of at least 1/,
    );
  });

  it('the document itself: version, kind, fields, YAML', async () => {
    expect(await problem('apiVersion: pipeline/v2\nkind: SLO\nobjectives: []')).toBe(
      "SLO inline: field 'apiVersion': got 'pipeline/v2', expected 'pipeline/v1'",
    );
    expect(
      await problem(slo('  - { name: a, kind: threshold, query: up, threshold: 1 }', 'windw: 5m\n')),
    ).toMatch(/^SLO inline: field 'windw': not an SLO field/);
    expect(
      await problem(slo('  - { name: a, kind: threshold, query: up, threshold: 1 }', 'window: forever\n')),
    ).toMatch(/field 'window': got 'forever', expected a duration/);
    // No longer than the inputs allow (30d): a number of seconds or a duration.
    for (const [field, value] of [
      ['window', '1e300'],
      ['interval', '99999999d'],
      ['warm-up', '31d'],
    ])
      expect(
        await problem(
          slo('  - { name: a, kind: threshold, query: up, threshold: 1 }', `${field}: ${value}\n`),
        ),
      ).toMatch(
        new RegExp(
          `^SLO inline: field '${field}': got .*, expected a duration like 30s, 2m or 1h30m \\(at most 30d\\)$`,
        ),
      );
    expect(await problem('apiVersion: pipeline/v1\nkind: SLO\nobjectives: []')).toBe(
      "SLO inline: field 'objectives': got [], expected a non-empty list of objectives",
    );
    expect(await problem('objectives: [\n')).toMatch(/^SLO inline: not valid YAML/);
  });

  it('weights, critical objectives and the scoring bands', async () => {
    const spec = await parseSlo(
      slo(
        '  - { name: errors, kind: threshold, query: up, threshold: 1, weight: 3, critical: true }\n  - { name: cpu, kind: threshold, query: up, threshold: 1 }',
        'scoring: { pass: 90, marginal: 75 }\n',
      ),
    );
    expect(spec.scoring).toEqual({ pass: 90, marginal: 75 });
    expect(spec.objectives.map((o) => [o.weight, o.critical])).toEqual([
      [3, true],
      [1, false],
    ]);
    // No section: undefined (strict: any breach fails); marginal alone defaults to pass.
    expect(
      (await parseSlo(slo('  - { name: a, kind: threshold, query: up, threshold: 1 }'))).scoring,
    ).toBeUndefined();
    expect(
      (
        await parseSlo(
          slo('  - { name: a, kind: threshold, query: up, threshold: 1 }', 'scoring: { pass: 80 }\n'),
        )
      ).scoring,
    ).toEqual({ pass: 80, marginal: 80 });
    const one = (fields: string, top = '') =>
      problem(slo(`  - { name: a, kind: threshold, query: up, threshold: 1${fields} }`, top));
    expect(await one(', weight: 0')).toBe(
      "SLO inline: objective 'a', field 'weight': got 0, expected a number above 0 (its share of the score, like 3)",
    );
    expect(await one(', critical: yes please')).toBe(
      "SLO inline: objective 'a', field 'critical': got 'yes please', expected true or false",
    );
    expect(await one('', 'scoring: { pass: 75, marginal: 90 }\n')).toBe(
      "SLO inline: field 'scoring.marginal': got 90, expected a score at most scoring.pass (75)",
    );
    expect(await one('', 'scoring: { pass: 0.9 }\n')).toBe(
      "SLO inline: field 'scoring.pass': got 0.9, expected a score from 1 to 100 (like 90, not 0.9)",
    );
    expect(await one('', 'scoring: { pas: 90 }\n')).toBe(
      "SLO inline: field 'scoring.pas': got 90, expected only pass and marginal",
    );
    expect(await one('', 'scoring: 90\n')).toBe(
      "SLO inline: field 'scoring': got 90, expected a mapping like {pass: 90, marginal: 75} (scores out of 100)",
    );
  });

  it('percentages, numbers of seconds and defaults', async () => {
    const spec = await parseSlo(
      slo(
        '  - { name: a, kind: threshold, query: up, threshold: 5%, for: 90 }\n  - { name: b, kind: burn-rate, query: "q[{{window}}]", objective: 99.9% }',
      ),
    );
    expect(spec.objectives[0]).toMatchObject({ op: '>', threshold: 0.05, forSeconds: 90 });
    expect(spec.objectives[1]).toMatchObject({
      objective: 0.999,
      periodSeconds: 30 * 86_400,
      windows: [
        { longSeconds: 3600, shortSeconds: 300, factor: 14.4 },
        { longSeconds: 21_600, shortSeconds: 1800, factor: 6 },
      ],
    });
  });
});

describe('extends', () => {
  it('merges objectives by name, field by field; enabled: false drops one; new ones are added', async () => {
    const spec = await parseSlo(
      [
        'apiVersion: pipeline/v1',
        'kind: SLO',
        'extends: default',
        'window: 20s',
        'objectives:',
        '  - { name: error-rate, for: 10s }',
        '  - { name: cpu, enabled: false }',
        '  - { name: healthy, kind: threshold, query: "min(app_healthy{ {{selector}} })", op: "<", threshold: 1 }',
      ].join('\n'),
    );
    expect(spec.windowSeconds).toBe(20);
    expect(spec.intervalSeconds).toBe(10);
    expect(spec.objectives.map((objective) => objective.name)).toEqual([
      'error-rate',
      'response-time',
      'healthy',
    ]);
    const errorRate = spec.objectives[0] as ThresholdObjective;
    expect(errorRate).toMatchObject({ threshold: 0.05, forSeconds: 10 });
    expect(errorRate.query).toContain('http_requests_total');
    expect(spec.sources).toEqual(['inline', join(examples, 'default.yaml')]);
  });

  it('reports a mistake in a merged objective by its name', async () => {
    expect(
      await problem(
        'apiVersion: pipeline/v1\nkind: SLO\nextends: default\nobjectives:\n  - { name: cpu, threshold: lots }',
      ),
    ).toBe("SLO inline: objective 'cpu', field 'threshold': got 'lots', expected a number (like 0.05 or 5%)");
  });

  it('enabled is true or false: anything else is refused, and false drops an objective without extends too', async () => {
    // YAML 1.2 reads `no` as text: the objective stayed enabled, with extends or without.
    expect(
      await problem(
        'apiVersion: pipeline/v1\nkind: SLO\nextends: default\nobjectives:\n  - { name: cpu, enabled: no }',
      ),
    ).toBe("SLO inline: objective 'cpu', field 'enabled': got 'no', expected true or false");
    expect(
      await problem(slo('  - { name: a, kind: threshold, query: up, threshold: 1, enabled: "false" }')),
    ).toBe("SLO inline: objective 'a', field 'enabled': got 'false', expected true or false");
    const spec = await parseSlo(
      slo(
        '  - { name: a, kind: threshold, query: up, threshold: 1 }\n  - { name: b, kind: threshold, query: up, threshold: 1, enabled: false }',
      ),
    );
    expect(spec.objectives.map((objective) => objective.name)).toEqual(['a']);
    expect(
      await problem(slo('  - { name: a, kind: threshold, query: up, threshold: 1, enabled: false }')),
    ).toMatch(/^SLO inline: field 'objectives': got .*, expected at least one objective not disabled/);
  });

  it('extends a file relative to the extending one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slo-extends-'));
    writeFileSync(
      join(dir, 'base.yaml'),
      slo('  - { name: a, kind: threshold, query: up, threshold: 1 }', 'interval: 5s\n'),
    );
    writeFileSync(
      join(dir, 'child.yaml'),
      'apiVersion: pipeline/v1\nkind: SLO\nextends: base.yaml\nwindow: 1m\n',
    );
    const spec = await loadSlo(join(dir, 'child.yaml'));
    expect(spec).toMatchObject({ windowSeconds: 60, intervalSeconds: 5 });
    expect(spec.objectives).toHaveLength(1);
    writeFileSync(join(dir, 'loop.yaml'), 'apiVersion: pipeline/v1\nkind: SLO\nextends: loop.yaml\n');
    await expect(loadSlo(join(dir, 'loop.yaml'))).rejects.toThrow(/more than 5 files deep/);
    await expect(
      parseSlo('apiVersion: pipeline/v1\nkind: SLO\nextends: nowhere.yaml\n', 'inline', dir),
    ).rejects.toThrow(
      "SLO inline: field 'extends': got 'nowhere.yaml', expected 'default' or a path to an existing SLO file",
    );
  });
});

describe('loadSlo and queries', () => {
  it('takes a path, inline YAML or default; a missing path is one line', async () => {
    expect((await loadSlo(slo('  - { name: a, kind: threshold, query: up, threshold: 1 }'))).sources).toEqual(
      ['inline'],
    );
    await expect(loadSlo('slo/missing.yaml')).rejects.toThrow(
      "input 'slo': got 'slo/missing.yaml', expected a path to an SLO file, 'default', or inline YAML",
    );
  });

  it('fills the placeholders', () => {
    expect(
      renderQuery('sum(rate(x{ {{selector}}, code=~"5.." }[{{ window }}])) / {{interval}}', {
        selector: 'color="green"',
        window: '5m',
        interval: '10s',
      }),
    ).toBe('sum(rate(x{ color="green", code=~"5.." }[5m])) / 10s');
    expect(promDuration(300)).toBe('5m');
    expect(promDuration(3600)).toBe('1h');
    expect(promDuration(90)).toBe('90s');
  });
});

// The SLO file: a versioned YAML document (apiVersion pipeline/v1, kind SLO) with objectives of four
// kinds, validated into typed objectives. Every mistake is one line naming the objective and the
// field. The format is documented in examples/slo/README.md and examples/slo/slo.schema.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../errors.js';
import { MAX_DURATION_MS, parseDuration, quote } from '../inputs.js';
import { isRecord } from '../records.js';
import { loadAllYaml } from '../yaml.js';
import { foreignFormat, fromOpenSlo, fromSloth } from './foreign.js';

export const SLO_API_VERSION = 'pipeline/v1';
export const OBJECTIVE_KINDS = ['threshold', 'relative', 'mann-whitney', 'burn-rate'] as const;
export type ObjectiveKind = (typeof OBJECTIVE_KINDS)[number];
export const OPERATORS = ['>', '>=', '<', '<='] as const;
export type Operator = (typeof OPERATORS)[number];
export const DIRECTIONS = ['increase', 'decrease', 'either'] as const;
export type Direction = (typeof DIRECTIONS)[number];

interface ObjectiveBase {
  name: string;
  description?: string;
  /** PromQL with {{selector}} (and {{interval}}, {{window}} for burn-rate) placeholders. */
  query: string;
  /** How values are shown: `ratio` as a percentage, `seconds` as a duration, else as is + unit. */
  unit?: string;
  /** Judged points needed before the objective can pass; undefined = half the points the window gives. */
  minSamples?: number;
  /** Its share of the score (Kayenta's metric weight); 1 unless given. */
  weight: number;
  /** A breach fails the verification whatever the score (Kayenta's critical metric). */
  critical: boolean;
}

/** Breached when the target's value compares to `threshold` for `forSeconds` (an alert's `for`). */
export interface ThresholdObjective extends ObjectiveBase {
  kind: 'threshold';
  op: Operator;
  threshold: number;
  forSeconds: number;
}

/** Breached when target `op` factor × baseline holds for `forSeconds`. */
export interface RelativeObjective extends ObjectiveBase {
  kind: 'relative';
  op: Operator;
  factor: number;
  forSeconds: number;
}

/** Kayenta-style judgment of target samples against baseline samples over the window. */
export interface MannWhitneyObjective extends ObjectiveBase {
  kind: 'mann-whitney';
  direction: Direction;
  /** 0.95: a difference must be significant at p < 0.05. */
  confidence: number;
  /** Largest target/baseline mean ratio that is tolerated (increase); 1 = any significant increase. */
  allowedIncrease: number;
  /** Smallest target/baseline mean ratio that is tolerated (decrease). */
  allowedDecrease: number;
}

export interface BurnRateWindow {
  longSeconds: number;
  shortSeconds: number;
  /** Burn rate both windows must exceed. */
  factor: number;
}

/** Multi-window error-budget burn rate: `query` is an error ratio over {{window}}. */
export interface BurnRateObjective extends ObjectiveBase {
  kind: 'burn-rate';
  /** The SLO objective, e.g. 0.999; the budget is 1 − objective. */
  objective: number;
  windows: BurnRateWindow[];
  /** The SLO period the budget is for (reporting: the share of it a burn consumes). */
  periodSeconds: number;
  forSeconds: number;
}

/**
 * How the score (100 × the weight of objectives that held ÷ the weight of those judged) becomes a
 * verdict: pass at or above `pass`, marginal at or above `marginal`, else fail. Without a scoring
 * section both are 100: any breach fails, as an alert would.
 */
export interface Scoring {
  pass: number;
  marginal: number;
}

export const STRICT_SCORING: Scoring = { pass: 100, marginal: 100 };

export type Objective = ThresholdObjective | RelativeObjective | MannWhitneyObjective | BurnRateObjective;

export interface SloSpec {
  name?: string;
  description?: string;
  windowSeconds?: number;
  intervalSeconds?: number;
  warmUpSeconds?: number;
  /** Given in the file; undefined means STRICT_SCORING. */
  scoring?: Scoring;
  objectives: Objective[];
  /** Where it came from (file path, or 'inline'), with the files it extends. */
  sources: string[];
}

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
const BY_KIND: Record<ObjectiveKind, string[]> = {
  threshold: ['op', 'threshold', 'for'],
  relative: ['op', 'factor', 'for'],
  'mann-whitney': ['direction', 'confidence', 'allowed-increase', 'allowed-decrease'],
  'burn-rate': ['objective', 'windows', 'period', 'for'],
};
export const PLACEHOLDERS = ['selector', 'interval', 'window'] as const;
const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
const DEFAULT_BURN_WINDOWS: BurnRateWindow[] = [
  { longSeconds: 3600, shortSeconds: 300, factor: 14.4 },
  { longSeconds: 21600, shortSeconds: 1800, factor: 6 },
];

type Raw = Record<string, unknown>;

function show(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  let text: string;
  // Only what is shown is visited: YAML aliases can make a small file a tree too big to write out.
  let visited = 0;
  try {
    text =
      JSON.stringify(value, (_key, member) => {
        if (++visited > 50) throw new RangeError('shown in part');
        return member;
      }) ?? String(value);
  } catch {
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
function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `text (${value.length} characters)`;
  return `a ${typeof value}`;
}

/** Builds the one-line errors of one SLO document. */
class Problems {
  constructor(private readonly where: string) {}

  top(field: string, value: unknown, expected: string): ConfigurationError {
    return new ConfigurationError(
      `SLO ${this.where}: field '${field}': got ${show(value)}, expected ${expected}`,
    );
  }

  objective(id: string, field: string, value: unknown, expected: string): ConfigurationError {
    return new ConfigurationError(
      `SLO ${this.where}: objective ${id}, field '${field}': got ${show(value)}, expected ${expected}`,
    );
  }

  missing(id: string, field: string, expected: string): ConfigurationError {
    return new ConfigurationError(
      `SLO ${this.where}: objective ${id}, field '${field}' is missing: ${expected}`,
    );
  }

  message(text: string): ConfigurationError {
    return new ConfigurationError(`SLO ${this.where}: ${text}`);
  }
}

/** A number, or a percentage string like `5%` (0.05). */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const text = value.trim();
    const percent = /^(-?\d+(?:\.\d+)?)%$/.exec(text);
    if (percent) return Number(`${percent[1]}e-2`); // 99.9% is 0.999 exactly, not 99.9 / 100
    if (/^-?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(text)) return Number(text);
  }
  return undefined;
}

/** A duration in seconds: `90s`, `2m`, `1h30m`, or a bare number of seconds. */
function secondsOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const ms = parseDuration(value);
  return ms === undefined ? undefined : ms / 1000;
}

const DURATION = 'a duration like 30s, 2m or 1h30m';

/** The placeholders a query uses. */
export function placeholdersOf(query: string): string[] {
  return [...query.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((match) => match[1] as string);
}

/** Fills {{selector}}, {{interval}} and {{window}} in a query. */
export function renderQuery(
  query: string,
  values: { selector?: string; interval?: string; window?: string },
) {
  return query.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (whole, name: string) => {
    const value = values[name as keyof typeof values];
    return value === undefined ? whole : value;
  });
}

/** Seconds as a PromQL duration (`90s`, `5m`, `1h`). */
export function promDuration(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  if (whole % 3600 === 0) return `${whole / 3600}h`;
  if (whole % 60 === 0) return `${whole / 60}m`;
  return `${whole}s`;
}

function parseObjective(raw: unknown, index: number, problems: Problems): Objective {
  const position = `#${index + 1}`;
  if (!isRecord(raw))
    throw problems.message(`objective ${position}: got ${shapeOf(raw)}, expected a mapping`);
  const name = raw.name;
  if (name === undefined) throw problems.missing(position, 'name', 'every objective needs a name');
  if (typeof name !== 'string' || !NAME.test(name))
    throw problems.objective(
      position,
      'name',
      name,
      'a name of lower-case letters, digits and . _ - (like error-rate)',
    );
  const id = `'${name}'`;
  const kind = raw.kind;
  if (kind === undefined) throw problems.missing(id, 'kind', `one of ${OBJECTIVE_KINDS.join(', ')}`);
  if (!OBJECTIVE_KINDS.includes(kind as ObjectiveKind))
    throw problems.objective(id, 'kind', kind, `one of ${OBJECTIVE_KINDS.join(', ')}`);
  const objectiveKind = kind as ObjectiveKind;
  const known = [...COMMON, ...BY_KIND[objectiveKind]];
  for (const field of Object.keys(raw)) {
    if (!known.includes(field))
      throw problems.message(
        `objective ${id}, field '${field}': not a field of a ${objectiveKind} objective (known: ${known.join(', ')})`,
      );
  }

  const query = raw.query;
  if (query === undefined || query === null || query === '')
    throw problems.missing(id, 'query', 'a PromQL query');
  if (typeof query !== 'string') throw problems.objective(id, 'query', query, 'a PromQL query (a string)');
  const allowedPlaceholders: readonly string[] =
    objectiveKind === 'burn-rate' ? PLACEHOLDERS : ['selector', 'interval'];
  for (const placeholder of placeholdersOf(query)) {
    if (!allowedPlaceholders.includes(placeholder))
      throw problems.objective(
        id,
        'query',
        `{{${placeholder}}}`,
        `only the placeholders ${allowedPlaceholders.map((p) => `{{${p}}}`).join(', ')}`,
      );
  }
  if (
    (objectiveKind === 'relative' || objectiveKind === 'mann-whitney') &&
    !placeholdersOf(query).includes('selector')
  )
    throw problems.objective(
      id,
      'query',
      query,
      'a query with {{selector}}, filled in with the target and then the baseline selector',
    );
  if (objectiveKind === 'burn-rate' && !placeholdersOf(query).includes('window'))
    throw problems.objective(
      id,
      'query',
      query,
      'an error ratio over {{window}}, e.g. sum(rate(errors[{{window}}])) / sum(rate(requests[{{window}}]))',
    );

  const optionalString = (field: string): string | undefined => {
    const value = raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw problems.objective(id, field, value, 'a string');
    return value;
  };
  const number = (
    field: string,
    fallback: number | undefined,
    check: (n: number) => boolean,
    expected: string,
  ) => {
    const value = raw[field];
    if (value === undefined || value === null) {
      if (fallback === undefined) throw problems.missing(id, field, expected);
      return fallback;
    }
    const parsed = numberOf(value);
    if (parsed === undefined || !check(parsed)) throw problems.objective(id, field, value, expected);
    return parsed;
  };
  const duration = (field: string, fallback: number): number => {
    const value = raw[field];
    if (value === undefined || value === null) return fallback;
    const seconds = secondsOf(value);
    if (seconds === undefined) throw problems.objective(id, field, value, DURATION);
    return seconds;
  };
  const oneOf = <T extends string>(field: string, allowed: readonly T[], fallback: T): T => {
    const value = raw[field];
    if (value === undefined || value === null) return fallback;
    if (!allowed.includes(value as T))
      throw problems.objective(id, field, value, `one of ${allowed.join(', ')}`);
    return value as T;
  };

  const minSamplesValue = raw['min-samples'];
  let minSamples: number | undefined;
  if (minSamplesValue !== undefined && minSamplesValue !== null) {
    if (typeof minSamplesValue !== 'number' || !Number.isInteger(minSamplesValue) || minSamplesValue < 1)
      throw problems.objective(id, 'min-samples', minSamplesValue, 'a whole number of at least 1');
    minSamples = minSamplesValue;
  }
  const critical = raw.critical ?? false;
  if (typeof critical !== 'boolean') throw problems.objective(id, 'critical', critical, 'true or false');
  // `enabled: no` or 'false' (text) would otherwise keep an objective the user meant to drop.
  if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean')
    throw problems.objective(id, 'enabled', raw.enabled, 'true or false');
  const base: ObjectiveBase = {
    name,
    description: optionalString('description'),
    query,
    unit: optionalString('unit'),
    minSamples,
    weight: number(
      'weight',
      1,
      (n) => n > 0 && n <= 1000,
      'a number above 0 (its share of the score, like 3)',
    ),
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
        factor: number(
          'factor',
          undefined,
          (n) => n > 0,
          'a number greater than 0 (2 means twice the baseline)',
        ),
        forSeconds: duration('for', 0),
      };
    case 'mann-whitney': {
      const allowedIncrease = number(
        'allowed-increase',
        1,
        (n) => n >= 1,
        'a ratio of at least 1 (like 1.2)',
      );
      const allowedDecrease = number(
        'allowed-decrease',
        1,
        (n) => n > 0 && n <= 1,
        'a ratio above 0 and at most 1 (like 0.8)',
      );
      return {
        ...base,
        kind: 'mann-whitney',
        direction: oneOf('direction', DIRECTIONS, 'increase'),
        confidence: number(
          'confidence',
          0.95,
          (n) => n >= 0.5 && n < 1,
          'a confidence level from 0.5 to below 1 (like 0.95 or 99%)',
        ),
        allowedIncrease,
        allowedDecrease,
      };
    }
    case 'burn-rate': {
      const objective = number(
        'objective',
        undefined,
        (n) => n > 0 && n < 1,
        'the SLO objective, above 0 and below 1 (like 0.999 or 99.9%)',
      );
      let windows = DEFAULT_BURN_WINDOWS;
      const rawWindows = raw.windows;
      if (rawWindows !== undefined && rawWindows !== null) {
        const expected = 'a list of {long, short, factor}, like [{long: 1h, short: 5m, factor: 14.4}]';
        if (!Array.isArray(rawWindows) || !rawWindows.length)
          throw problems.objective(id, 'windows', rawWindows, expected);
        windows = rawWindows.map((entry, i) => {
          const field = `windows[${i}]`;
          if (!isRecord(entry)) throw problems.objective(id, field, entry, expected);
          for (const key of Object.keys(entry))
            if (!['long', 'short', 'factor'].includes(key))
              throw problems.objective(id, `${field}.${key}`, entry[key], 'only long, short and factor');
          const longSeconds = secondsOf(entry.long);
          const shortSeconds = secondsOf(entry.short);
          if (!longSeconds) throw problems.objective(id, `${field}.long`, entry.long, DURATION);
          if (!shortSeconds) throw problems.objective(id, `${field}.short`, entry.short, DURATION);
          if (shortSeconds >= longSeconds)
            throw problems.objective(
              id,
              `${field}.short`,
              entry.short,
              `a window shorter than long (${entry.long})`,
            );
          const factor = numberOf(entry.factor);
          if (factor === undefined || factor <= 0)
            throw problems.objective(id, `${field}.factor`, entry.factor, 'a burn rate above 0 (like 14.4)');
          return { longSeconds, shortSeconds, factor };
        });
      }
      const periodSeconds = duration('period', 30 * 86_400);
      if (periodSeconds <= 0) throw problems.objective(id, 'period', raw.period, DURATION);
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
export function defaultSloPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // shared/slo/ in the sources, dist/verify-slo/ in the bundle: both two levels below the root.
  const candidates = [join(here, '..', '..', 'examples', 'slo', 'default.yaml')];
  candidates.push(join(here, '..', '..', '..', 'examples', 'slo', 'default.yaml'));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new ConfigurationError(
      `the shipped default SLO is missing: looked for ${candidates.join(' and ')} (is the action checked out whole?)`,
    );
  return found;
}

interface Document {
  raw: Raw;
  where: string;
  dir: string;
}

async function loadDocument(text: string, where: string, dir: string): Promise<Document> {
  let documents: unknown[];
  try {
    documents = (await loadAllYaml(text)).filter((document) => document !== null && document !== undefined);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigurationError(`SLO ${where}: not valid YAML (${reason})`);
  }
  // sloth and OpenSLO files are read as ours (OpenSLO may put its SLIs in further documents).
  const format = foreignFormat(documents[0]);
  let raw: unknown = documents[0];
  if (format === 'openslo') raw = await fromOpenSlo(documents, where);
  else if (documents.length > 1)
    throw new ConfigurationError(
      `SLO ${where}: ${documents.length} YAML documents, expected one (only an OpenSLO file has several)`,
    );
  else if (format === 'sloth') raw = await fromSloth(raw as Record<string, unknown>, where);
  if (!isRecord(raw))
    throw new ConfigurationError(
      `SLO ${where}: got ${shapeOf(raw)}, expected a mapping with apiVersion, kind and objectives`,
    );
  return { raw, where, dir };
}

/** Objectives of `child` replace (field by field) the same-named ones of `base`; `enabled: false` drops one. */
function mergeObjectives(base: unknown, child: unknown, problems: Problems): unknown[] {
  const list = (value: unknown, label: string): unknown[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw problems.top(label, value, 'a list of objectives');
    return value;
  };
  const merged = list(base, 'objectives').map((entry) => (isRecord(entry) ? { ...entry } : entry));
  for (const entry of list(child, 'objectives')) {
    const existing = isRecord(entry)
      ? merged.findIndex((candidate) => isRecord(candidate) && candidate.name === entry.name)
      : -1;
    if (existing >= 0 && isRecord(entry)) {
      const combined: Raw = { ...(merged[existing] as Raw), ...entry };
      // A changed kind starts from scratch: the base's kind-specific fields no longer apply.
      merged[existing] = entry.kind && entry.kind !== (merged[existing] as Raw).kind ? entry : combined;
    } else {
      merged.push(entry);
    }
  }
  return merged.filter((entry) => !(isRecord(entry) && entry.enabled === false));
}

async function resolveDocument(doc: Document, depth: number): Promise<{ raw: Raw; sources: string[] }> {
  const problems = new Problems(doc.where);
  for (const field of Object.keys(doc.raw)) {
    if (!TOP_LEVEL.includes(field))
      throw problems.message(`field '${field}': not an SLO field (known: ${TOP_LEVEL.join(', ')})`);
  }
  if (doc.raw.apiVersion !== SLO_API_VERSION)
    throw problems.top('apiVersion', doc.raw.apiVersion, `'${SLO_API_VERSION}'`);
  if (doc.raw.kind !== 'SLO') throw problems.top('kind', doc.raw.kind, `'SLO'`);
  const parent = doc.raw.extends;
  if (parent === undefined || parent === null) return { raw: doc.raw, sources: [doc.where] };
  if (typeof parent !== 'string' || !parent.trim())
    throw problems.top('extends', parent, `'default' (the shipped runbook SLO) or a path to an SLO file`);
  if (depth >= 5) throw problems.message(`'extends' goes more than 5 files deep (a cycle?)`);
  const path =
    parent === 'default' ? defaultSloPath() : isAbsolute(parent) ? parent : resolve(doc.dir, parent);
  if (!existsSync(path)) throw problems.top('extends', parent, `'default' or a path to an existing SLO file`);
  const base = await resolveDocument(
    await loadDocument(readFileSync(path, 'utf8'), path, dirname(path)),
    depth + 1,
  );
  const raw: Raw = { ...base.raw, ...doc.raw };
  delete raw.extends;
  raw.objectives = mergeObjectives(base.raw.objectives, doc.raw.objectives, problems);
  return { raw, sources: [doc.where, ...base.sources] };
}

/** `scoring: {pass: 90, marginal: 75}`: scores out of 100; marginal defaults to pass (no marginal band). */
function parseScoring(value: unknown, problems: Problems): Scoring | undefined {
  if (value === undefined || value === null) return undefined;
  const expected = 'a mapping like {pass: 90, marginal: 75} (scores out of 100)';
  if (!isRecord(value)) throw problems.top('scoring', value, expected);
  for (const key of Object.keys(value))
    if (key !== 'pass' && key !== 'marginal')
      throw problems.top(`scoring.${key}`, value[key], 'only pass and marginal');
  const score = (key: 'pass' | 'marginal', fallback?: number): number => {
    const given = value[key];
    if ((given === undefined || given === null) && fallback !== undefined) return fallback;
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
export async function parseSlo(text: string, where = 'inline', dir = process.cwd()): Promise<SloSpec> {
  const { raw, sources } = await resolveDocument(await loadDocument(text, where, dir), 0);
  const problems = new Problems(where);
  const objectivesRaw = raw.objectives;
  if (!Array.isArray(objectivesRaw) || !objectivesRaw.length)
    throw problems.top('objectives', objectivesRaw, 'a non-empty list of objectives');
  // `enabled: false` drops an objective, inherited or not.
  const objectives = objectivesRaw.flatMap((entry, index) =>
    isRecord(entry) && entry.enabled === false ? [] : [parseObjective(entry, index, problems)],
  );
  if (!objectives.length)
    throw problems.top('objectives', objectivesRaw, 'at least one objective not disabled (enabled: false)');
  const seen = new Set<string>();
  for (const objective of objectives) {
    if (seen.has(objective.name)) throw problems.message(`objective '${objective.name}' is defined twice`);
    seen.add(objective.name);
  }
  // At most what the inputs take: a longer one (`window: 1e300`, `warm-up: 99999999d`) is a typo.
  const duration = (field: string): number | undefined => {
    const value = raw[field];
    if (value === undefined || value === null) return undefined;
    const seconds = secondsOf(value);
    if (seconds === undefined || seconds * 1000 > MAX_DURATION_MS)
      throw problems.top(field, value, `${DURATION} (at most 30d)`);
    return seconds;
  };
  const windowSeconds = duration('window');
  const intervalSeconds = duration('interval');
  if (windowSeconds !== undefined && windowSeconds <= 0) throw problems.top('window', raw.window, DURATION);
  if (intervalSeconds !== undefined && intervalSeconds < 1)
    throw problems.top('interval', raw.interval, 'a duration of at least 1s');
  const scoring = parseScoring(raw.scoring, problems);
  const text_ = (field: string) => {
    const value = raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw problems.top(field, value, 'a string');
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
export async function loadSlo(value: string): Promise<SloSpec> {
  const text = value.trim();
  if (text === 'default') return loadSlo(defaultSloPath());
  if (!text.includes('\n') && !text.includes(':')) {
    if (!existsSync(text))
      throw new ConfigurationError(
        `input 'slo': got ${quote(text)}, expected a path to an SLO file, 'default', or inline YAML`,
      );
  }
  if (!text.includes('\n') && existsSync(text)) {
    const path = resolve(text);
    return parseSlo(readFileSync(path, 'utf8'), path, dirname(path));
  }
  return parseSlo(value, 'inline', process.cwd());
}

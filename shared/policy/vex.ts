// VEX statements (OpenVEX or CycloneDX VEX) that say a vulnerability does not affect a package:
// such findings are suppressed and listed, never silently dropped.
import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../errors.js';
import { quote } from '../inputs.js';
import type { Finding } from './findings.js';
import { purlMatches } from './ignore.js';

export interface VexStatement {
  vulnerability: string;
  /** purls of the products (and their subcomponents) the statement is about. */
  products: string[];
  status: string;
  justification?: string;
}

const SUPPRESSING = new Set(['not_affected', 'fixed', 'false_positive', 'resolved']);

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const id = record['@id'] ?? record.name ?? record.ref;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/**
 * An OpenVEX statement's vulnerability: its `name` is the id a finding carries (CVE-…); its `@id`
 * is an IRI (often an advisory link), matched only when there is no name.
 */
function vulnerabilityIdOf(value: unknown): string | undefined {
  const name = (value as Record<string, unknown> | null)?.name;
  return typeof name === 'string' && name ? name : idOf(value);
}

/**
 * An OpenVEX product or subcomponent as purls to match: its @id, and its identifiers' purl (a
 * component may name its package there only, or give an IRI as @id).
 */
function componentIds(value: unknown): string[] {
  const ids: string[] = [];
  const id = idOf(value);
  if (id) ids.push(id);
  const purl = (value as { identifiers?: { purl?: unknown } } | null)?.identifiers?.purl;
  if (typeof purl === 'string' && purl && purl !== id) ids.push(purl);
  return ids;
}

export function parseVex(text: string, source: string): VexStatement[] {
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ConfigurationError(
      `input 'vex': '${source}' is not valid JSON (expected an OpenVEX or CycloneDX VEX document)`,
    );
  }
  // JSON null (or any non-object) is valid JSON: refused here, not as a TypeError further on.
  if (typeof document !== 'object' || document === null)
    throw new ConfigurationError(
      `input 'vex': '${source}' is neither an OpenVEX nor a CycloneDX VEX document`,
    );
  if (Array.isArray(document.statements)) {
    return document.statements.map((raw, index) => {
      const statement = (raw ?? {}) as Record<string, unknown>;
      const vulnerability = vulnerabilityIdOf(statement.vulnerability);
      if (!vulnerability || typeof statement.status !== 'string') {
        throw new ConfigurationError(
          `input 'vex': '${source}' statements[${index}] needs a vulnerability and a status`,
        );
      }
      const products: string[] = [];
      for (const product of asArray(statement.products)) {
        products.push(...componentIds(product));
        for (const sub of asArray((product as Record<string, unknown>)?.subcomponents))
          products.push(...componentIds(sub));
      }
      if (!products.length)
        throw new ConfigurationError(
          `input 'vex': '${source}' statements[${index}] (${vulnerability}) names no products: a statement must say what it is about`,
        );
      return {
        vulnerability,
        products,
        status: statement.status,
        justification: statement.justification as string,
      };
    });
  }
  if (document.bomFormat === 'CycloneDX' && Array.isArray(document.vulnerabilities)) {
    const refs = new Map<string, string>();
    for (const component of asArray(document.components)) {
      const record = component as Record<string, unknown>;
      if (typeof record['bom-ref'] === 'string' && typeof record.purl === 'string')
        refs.set(record['bom-ref'], record.purl);
    }
    return document.vulnerabilities.map((raw, index) => {
      const vuln = (raw ?? {}) as Record<string, unknown>;
      const analysis = (vuln.analysis ?? {}) as Record<string, unknown>;
      const products = asArray(vuln.affects)
        .map((affect) => idOf(affect))
        .filter((ref): ref is string => Boolean(ref))
        .map((ref) => refs.get(ref) ?? ref);
      if (!products.length)
        throw new ConfigurationError(
          `input 'vex': '${source}' vulnerabilities[${index}] (${String(vuln.id)}) affects nothing: a statement must say what it is about`,
        );
      return {
        vulnerability: String(vuln.id),
        products,
        status: String(analysis.state ?? ''),
        justification: analysis.justification as string,
      };
    });
  }
  throw new ConfigurationError(`input 'vex': '${source}' is neither an OpenVEX nor a CycloneDX VEX document`);
}

export function readVex(path: string): VexStatement[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigurationError(`input 'vex': got ${quote(path)}, expected a readable VEX document`);
  }
  return parseVex(text, path);
}

/** The statement that suppresses this vulnerability finding, if any. */
export function vexSuppression(
  statements: readonly VexStatement[],
  finding: Finding,
): VexStatement | undefined {
  if (finding.kind !== 'vulnerability') return undefined;
  return statements.find(
    (statement) =>
      statement.vulnerability === finding.id &&
      SUPPRESSING.has(statement.status) &&
      statement.products.some((product) => purlMatches(product, finding.purl)),
  );
}

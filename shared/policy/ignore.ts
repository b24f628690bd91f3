// trivy's `.trivyignore.yaml`, applied by the gate itself so that a scan and a report given as
// `report` are judged the same, and so that ignored and expired entries can be reported.
import { readFileSync } from 'node:fs';
import picomatch from 'picomatch';
import { ConfigurationError } from '../errors.js';
import { quote } from '../inputs.js';
import { loadYaml } from '../yaml.js';
import type { Finding, FindingKind } from './findings.js';
import { canonicalCheckId } from './findings.js';

/** What an entry ignores: a kind of finding, or a licence (judged apart, by its name and file). */
export type IgnoredKind = FindingKind | 'license';

export interface IgnoreEntry {
  kind: IgnoredKind;
  id: string;
  paths: string[];
  purls: string[];
  /** ISO date (YYYY-MM-DD) after which the entry stops ignoring. */
  expiredAt?: string;
  statement?: string;
}

export interface IgnoreRules {
  active: IgnoreEntry[];
  /** Entries past `expired_at`: they ignore nothing any more and are reported. */
  expired: IgnoreEntry[];
}

const SECTIONS: Record<string, IgnoredKind> = {
  vulnerabilities: 'vulnerability',
  misconfigurations: 'misconfiguration',
  secrets: 'secret',
  licenses: 'license',
};

function toDate(value: unknown, where: string): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) {
    throw new ConfigurationError(
      `ignore file: ${where}: expired_at '${String(value)}' is not a date (YYYY-MM-DD)`,
    );
  }
  return date;
}

/** The keys of an entry in trivy's .trivyignore.yaml. */
const ENTRY_KEYS = ['id', 'paths', 'purls', 'expired_at', 'statement'];

export async function parseIgnoreFile(text: string, source: string, now: Date): Promise<IgnoreRules> {
  let document: unknown;
  try {
    document = await loadYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigurationError(`ignore-file '${source}' is not valid YAML (${reason})`);
  }
  const rules: IgnoreRules = { active: [], expired: [] };
  if (document === undefined || document === null) return rules;
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new ConfigurationError(
      `ignore-file '${source}': expected a mapping with vulnerabilities, misconfigurations, secrets, licenses`,
    );
  }
  for (const [section, entries] of Object.entries(document as Record<string, unknown>)) {
    const kind = Object.hasOwn(SECTIONS, section) ? SECTIONS[section] : undefined;
    if (!kind) {
      throw new ConfigurationError(
        `ignore-file '${source}': unknown section '${section}' (expected vulnerabilities, misconfigurations, secrets, licenses)`,
      );
    }
    if (!Array.isArray(entries))
      throw new ConfigurationError(`ignore-file '${source}': '${section}' must be a list`);
    entries.forEach((raw, index) => {
      const where = `${section}[${index}]`;
      const entry = raw as Record<string, unknown> | null;
      if (!entry || typeof entry.id !== 'string' || !entry.id) {
        throw new ConfigurationError(`ignore-file '${source}': ${where} has no id`);
      }
      // A misspelt key (`expires_at`) would leave an entry ignoring for ever: refused, not skipped.
      const unknown = Object.keys(entry).find((key) => !ENTRY_KEYS.includes(key));
      if (unknown !== undefined)
        throw new ConfigurationError(
          `ignore-file '${source}': ${where}: unknown key '${unknown}' (expected ${ENTRY_KEYS.join(', ')})`,
        );
      const paths = (entry.paths ?? []) as unknown;
      const purls = (entry.purls ?? []) as unknown;
      const strings = (list: unknown) =>
        Array.isArray(list) && list.every((item) => typeof item === 'string');
      if (!strings(paths) || !strings(purls)) {
        throw new ConfigurationError(
          `ignore-file '${source}': ${where}: paths and purls must be lists of strings`,
        );
      }
      // trivy matches a licence by its name and file only: purls on one would ignore it everywhere.
      if (kind === 'license' && (purls as unknown[]).length)
        throw new ConfigurationError(
          `ignore-file '${source}': ${where}: purls do not apply to a licence (trivy matches one by its name and paths)`,
        );
      if (entry.statement !== undefined && entry.statement !== null && typeof entry.statement !== 'string')
        throw new ConfigurationError(`ignore-file '${source}': ${where}: statement must be text`);
      const expiry = toDate(entry.expired_at, where);
      const parsed: IgnoreEntry = {
        kind,
        id: kind === 'misconfiguration' ? canonicalCheckId(entry.id) : entry.id,
        paths: paths as string[],
        purls: purls as string[],
        expiredAt: expiry?.toISOString().slice(0, 10),
        statement: typeof entry.statement === 'string' ? entry.statement : undefined,
      };
      // trivy: an entry expires once its time is before now — a date, at its first instant (UTC),
      // so on the day it names it no longer ignores.
      if (expiry && expiry.getTime() < now.getTime()) rules.expired.push(parsed);
      else rules.active.push(parsed);
    });
  }
  return rules;
}

export async function readIgnoreFile(path: string, now: Date): Promise<IgnoreRules> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigurationError(
      `input 'ignore-file': got ${quote(path)}, expected a readable .trivyignore.yaml`,
    );
  }
  return parseIgnoreFile(text, path, now);
}

/** purl match as trivy does it: the entry's fields that are set must equal the package's. */
export function purlMatches(pattern: string, purl: string | undefined): boolean {
  // An entry scoped to a package never applies to a finding that names none.
  if (!purl) return false;
  const [patternBase, patternQuery] = pattern.split('?', 2) as [string, string | undefined];
  const [base] = purl.split('?', 1) as [string];
  if (patternBase.includes('@')) {
    if (patternBase !== base) return false;
  } else if (patternBase !== base.split('@')[0]) {
    return false;
  }
  if (!patternQuery) return true;
  const wanted = new URLSearchParams(patternQuery);
  const actual = new URLSearchParams(purl.split('?')[1] ?? '');
  for (const [key, value] of wanted) if (actual.get(key) !== value) return false;
  return true;
}

/** An entry as the matcher keeps it: its paths compiled once. */
interface Candidate {
  entry: IgnoreEntry;
  pathMatch?: (path: string) => boolean;
}

export class IgnoreMatcher {
  /** Entries by kind, then id: a lookup per finding allocates nothing (a report may hold millions). */
  private readonly byKind = new Map<IgnoredKind, Map<string, Candidate[]>>();

  constructor(entries: readonly IgnoreEntry[]) {
    for (const entry of entries) {
      const byId = this.byKind.get(entry.kind) ?? new Map();
      this.byKind.set(entry.kind, byId);
      const list = byId.get(entry.id) ?? [];
      list.push({ entry, pathMatch: entry.paths.length ? picomatch(entry.paths, { dot: true }) : undefined });
      byId.set(entry.id, list);
    }
  }

  /** The entry that ignores this finding, if any (paths: the result target or the package's file). */
  match(finding: Finding): IgnoreEntry | undefined {
    const candidates = this.byKind.get(finding.kind)?.get(finding.id);
    if (!candidates) return undefined;
    return firstCovering(
      candidates,
      [finding.target, finding.pkgPath],
      (entry) =>
        finding.kind !== 'vulnerability' ||
        !entry.purls.length ||
        entry.purls.some((p) => purlMatches(p, finding.purl)),
    );
  }

  /** The entry that ignores a licence, as trivy matches one: its name, and paths on its file. */
  matchLicense(name: string, filePath: string | undefined): IgnoreEntry | undefined {
    const candidates = this.byKind.get('license')?.get(name);
    return candidates && firstCovering(candidates, [filePath]);
  }
}

/** The first entry whose paths cover one of `paths` (an entry without paths covers any) and that `holds`. */
function firstCovering(
  candidates: readonly Candidate[],
  paths: readonly (string | undefined)[],
  holds: (entry: IgnoreEntry) => boolean = () => true,
): IgnoreEntry | undefined {
  for (const { entry, pathMatch } of candidates) {
    if (pathMatch && !paths.some((path) => path && pathMatch(path))) continue;
    if (holds(entry)) return entry;
  }
  return undefined;
}

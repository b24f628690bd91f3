// New against existing: a finding is "existing" when a baseline report (the previous release's
// scan) has the same finding — same kind and id, in the same package (vulnerabilities: whatever
// version it is at now, a CVE still in the package was not introduced) or the same file
// (misconfigurations, secrets). Image names are left out: each build has its own.
import type { Finding } from './findings.js';

export type FailOn = 'all' | 'new';

export function findingKey(finding: Finding): string {
  if (finding.kind === 'vulnerability')
    return ['vulnerability', finding.id, finding.pkgName ?? '', finding.pkgPath ?? ''].join('\u0000');
  return [finding.kind, finding.id, finding.target].join('\u0000');
}

/** What the baseline had, keyed; passed misconfiguration checks are not findings. */
export function baselineIndex(findings: readonly Finding[]): Map<string, Finding> {
  const index = new Map<string, Finding>();
  for (const finding of findings) if (!finding.passed) index.set(findingKey(finding), finding);
  return index;
}

export interface BaselineChange {
  /** Where the baseline came from, for the summary. */
  source: string;
  failOn: FailOn;
  /** Findings the baseline does not have (after ignores and VEX). */
  introduced: Finding[];
  /** Baseline findings no longer found at all. */
  fixed: Finding[];
  unchanged: number;
}

/** Compares what is there now (`current`, every finding found) with the baseline. */
export function compareWithBaseline(
  baseline: Map<string, Finding>,
  judged: readonly Finding[],
  current: readonly Finding[],
  source: string,
  failOn: FailOn,
): BaselineChange {
  const introduced = judged.filter((f) => !f.passed && !baseline.has(findingKey(f)));
  const unchanged = judged.filter((f) => !f.passed && baseline.has(findingKey(f))).length;
  const found = new Set(current.filter((f) => !f.passed).map(findingKey));
  const fixed = [...baseline.entries()].filter(([key]) => !found.has(key)).map(([, f]) => f);
  return { source, failOn, introduced, fixed, unchanged };
}

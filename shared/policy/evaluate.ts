// The security gate's judgment: pure, from a trivy report and a policy to a verdict with reasons.
import { type Severity, severityRank } from '../severity.js';
import type { TrivyReport } from '../trivy.js';
import {
  type BaselineChange,
  baselineIndex,
  compareWithBaseline,
  type FailOn,
  findingKey,
} from './baseline.js';
import type { BudgetSeverity } from './budgets.js';
import {
  type ComplianceContext,
  type ComplianceScore,
  FRAMEWORKS,
  type Framework,
  scoreFramework,
} from './compliance.js';
import type { ExploitabilityPolicy } from './exploitability.js';
import { collectFindings, type Finding, fixFirstOrdered } from './findings.js';
import { type IgnoreEntry, IgnoreMatcher, type IgnoreRules } from './ignore.js';
import {
  collectLicenses,
  type LicenseJudgment,
  type LicensePolicy,
  type LicenseViolation,
  licenseViolations,
} from './licenses.js';
import { type VexStatement, vexSuppression } from './vex.js';

export interface GatePolicy {
  severityThreshold: Severity;
  /** Largest allowed count per severity; -1 is unlimited. */
  budgets: Record<BudgetSeverity, number>;
  ignoreUnfixed: boolean;
  failOnSecrets: boolean;
  ignore: IgnoreRules;
  vex: VexStatement[];
  /** Built-in framework ids (CIS, NIST, SOC2) or custom frameworks. */
  compliance: Framework[];
  /** Scores of trivy compliance specs (trivy judged their controls): held to the same minimum. */
  trivySpecScores?: ComplianceScore[];
  minComplianceScore: number;
  /** What the report covers (the scanners that ran). */
  scanners: ReadonlySet<string>;
  /** 'report' when `scanners` was read from a given report (scannersEvidentIn), not from our scan. */
  scannersFrom?: 'scan' | 'report';
  /** undefined: not requested; the result of cosign verify otherwise. */
  signature?: { verified: boolean; detail: string };
  /** The KEV catalog and EPSS scores, when given, with their budgets. */
  exploitability?: ExploitabilityPolicy;
  /** Licences to deny or allow (judged apart from severity). */
  licenses?: LicensePolicy;
  /** A previous report to compare with; with failOn 'new' only findings it lacks count. */
  baseline?: { report: TrivyReport; source: string; failOn: FailOn };
}

export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
  secrets: number;
  misconfigurations: number;
}

export interface GateVerdict {
  verdict: 'pass' | 'fail';
  counts: SeverityCounts;
  /** Findings that count against the budgets (vulnerabilities, failed misconfigurations, secrets). */
  counted: Finding[];
  ignored: { finding: Finding; entry: IgnoreEntry }[];
  suppressedByVex: { finding: Finding; statement: VexStatement }[];
  expiredIgnores: IgnoreEntry[];
  belowThreshold: number;
  unfixedSkipped: number;
  compliance: ComplianceScore[];
  /** With a KEV catalog or EPSS scores: how many vulnerabilities are known or likely exploited. */
  exploitability?: { kev?: number; epssAtOrAbove: number; epssMax?: number };
  /** With a licence policy: how many licences were checked, those that break it, those ignored. */
  licenses?: { checked: number; violations: LicenseViolation[]; ignored: LicenseJudgment['ignored'] };
  /** Against the baseline report, when one was given. */
  change?: BaselineChange;
  /** Findings the baseline already had, left out of the budgets (fail-on new). */
  existingSkipped: number;
  /** The scanners the judged report covers (for a given report: those it shows ran). */
  scanners: string[];
  /** The image signature's verification, when it was asked for. */
  signature?: { verified: boolean; detail: string };
  /** One line each, in the order a person should act on them. */
  reasons: string[];
}

/** Which count a severity adds to (a lookup: a string per finding would be a million at scale). */
const COUNT_OF: Record<Severity, keyof SeverityCounts> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  UNKNOWN: 'unknown',
};

export function evaluate(report: TrivyReport, policy: GatePolicy): GateVerdict {
  const thresholdRank = severityRank(policy.severityThreshold);
  const matcher = new IgnoreMatcher(policy.ignore.active);
  const counts: SeverityCounts = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    unknown: 0,
    secrets: 0,
    misconfigurations: 0,
  };
  const counted: Finding[] = [];
  const ignored: GateVerdict['ignored'] = [];
  const suppressedByVex: GateVerdict['suppressedByVex'] = [];
  // Compliance judges what is really there: every finding not ignored or VEX-suppressed, whatever
  // the severity threshold or ignore-unfixed (those decide the budgets only). Made only once a
  // finding is left out: until then it is every finding so far (a million pushes into a long
  // array cost more than the rest of this loop).
  let evidence: Finding[] | undefined;
  const configTypesChecked = new Set<string>();
  let belowThreshold = 0;
  let unfixedSkipped = 0;

  for (const result of report.Results ?? []) {
    if (result.Class === 'config' && result.Type) configTypesChecked.add(result.Type);
  }

  const known = policy.exploitability;
  const baseline = policy.baseline ? baselineIndex(collectFindings(policy.baseline.report)) : undefined;
  const onlyNew = policy.baseline?.failOn === 'new';
  let existingSkipped = 0;
  const current = collectFindings(report);
  let position = -1;
  for (const finding of current) {
    position++;
    if (known && finding.kind === 'vulnerability') {
      finding.kev = known.kev?.entries.get(finding.id.toUpperCase());
      finding.epss = known.epss?.scores.get(finding.id.toUpperCase());
    }
    if (finding.kind === 'misconfiguration' && finding.passed) {
      evidence?.push(finding);
      continue;
    }
    const entry = matcher.match(finding);
    if (entry) {
      evidence ??= current.slice(0, position);
      ignored.push({ finding, entry });
      continue;
    }
    const statement = policy.vex.length ? vexSuppression(policy.vex, finding) : undefined;
    if (statement) {
      evidence ??= current.slice(0, position);
      suppressedByVex.push({ finding, statement });
      continue;
    }
    evidence?.push(finding);
    if (onlyNew && baseline?.has(findingKey(finding))) {
      existingSkipped++;
      continue;
    }
    if (finding.kind === 'secret') {
      // Any leaked secret matters whatever severity the rule gives it.
      counts.secrets++;
      counted.push(finding);
      continue;
    }
    if (policy.ignoreUnfixed && finding.kind === 'vulnerability' && !finding.fixedVersion) {
      unfixedSkipped++;
      continue;
    }
    if (severityRank(finding.severity) < thresholdRank) {
      belowThreshold++;
      continue;
    }
    counts[COUNT_OF[finding.severity]]++;
    if (finding.kind === 'misconfiguration') counts.misconfigurations++;
    counted.push(finding);
  }

  evidence ??= current;

  const reasons: string[] = [];
  for (const severity of ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const) {
    const budget = policy.budgets[severity];
    const count = counts[severity.toLowerCase() as keyof SeverityCounts];
    if (budget >= 0 && count > budget) {
      reasons.push(
        `${count} ${severity} finding(s) exceed the budget of ${budget} (max-${severity.toLowerCase()})`,
      );
    }
  }
  if (policy.failOnSecrets && counts.secrets > 0) {
    const where = [...new Set(counted.filter((f) => f.kind === 'secret').map((f) => f.target))]
      .slice(0, 3)
      .join(', ');
    reasons.push(`${counts.secrets} secret(s) found (fail-on-secrets) in ${where}`);
  }
  if (policy.signature && !policy.signature.verified) {
    reasons.push(`image signature not verified: ${policy.signature.detail}`);
  }
  const licenses = policy.licenses
    ? judgeLicenses(report, policy.licenses, policy, matcher, reasons)
    : undefined;
  const change =
    baseline && policy.baseline
      ? compareWithBaseline(baseline, evidence, current, policy.baseline.source, policy.baseline.failOn)
      : undefined;
  // With fail-on new, exploitation budgets too apply to what the change introduced.
  const exploitability = known
    ? judgeExploitability(known, onlyNew && change ? change.introduced : evidence, counted, reasons)
    : undefined;

  const context: ComplianceContext = {
    scanners: policy.scanners,
    scannersFrom: policy.scannersFrom,
    configTypesChecked,
    signatureVerified: policy.signature?.verified,
  };
  const builtin = policy.compliance.map((framework) => scoreFramework(framework, evidence, context));
  const compliance = [...builtin, ...(policy.trivySpecScores ?? [])];
  for (const score of compliance) {
    if (score.score === undefined) {
      const why = builtin.includes(score) ? 'with the scanners that ran' : '(every control is manual)';
      reasons.push(`compliance ${score.framework}: no control could be evaluated ${why}`);
    } else if (score.score < policy.minComplianceScore) {
      reasons.push(
        `compliance ${score.framework} score ${score.score.toFixed(2)} (${score.passed}/${score.evaluated} controls) is below min-compliance-score ${policy.minComplianceScore}`,
      );
    }
  }

  return {
    verdict: reasons.length ? 'fail' : 'pass',
    counts,
    // Fix first: known exploited, then by severity, then the likelier to be exploited.
    counted: fixFirstOrdered(counted),
    ignored,
    suppressedByVex,
    expiredIgnores: policy.ignore.expired,
    belowThreshold,
    unfixedSkipped,
    compliance,
    exploitability,
    change,
    existingSkipped,
    licenses,
    scanners: [...policy.scanners],
    signature: policy.signature,
    // One line each, whatever a report's names hold (a secret's file, an id with a newline).
    reasons: reasons.map((reason) => reason.replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ')),
  };
}

export function builtinFramework(id: 'CIS' | 'NIST' | 'SOC2'): Framework {
  return FRAMEWORKS[id];
}

/** "CVE-1, CVE-2, CVE-3 and 4 more": a reason names what to fix, in one line. */
function someOf(names: readonly string[], shown = 3): string {
  const distinct = [...new Set(names)];
  const more = distinct.length - shown;
  return `${distinct.slice(0, shown).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function someIds(findings: readonly Finding[]): string {
  return someOf(findings.map((f) => f.id));
}

/**
 * Known and likely exploitation, judged on every vulnerability not ignored or VEX-suppressed:
 * the severity threshold and ignore-unfixed do not hide one that attackers use. Those over a
 * budget join `counted` (the summary's "Fix first" and the SARIF).
 */
function judgeExploitability(
  known: ExploitabilityPolicy,
  evidence: readonly Finding[],
  counted: Finding[],
  reasons: string[],
): NonNullable<GateVerdict['exploitability']> {
  const vulnerabilities = evidence.filter((f) => f.kind === 'vulnerability');
  const inKev = vulnerabilities.filter((f) => f.kev);
  const threshold = known.epssThreshold;
  const likely =
    threshold === undefined ? [] : vulnerabilities.filter((f) => f.epss && f.epss.score >= threshold);
  // A loop, not Math.max(...scores): spread arguments overflow the stack past ~120k scores.
  let epssMax: number | undefined;
  for (const finding of vulnerabilities)
    if (finding.epss && (epssMax === undefined || finding.epss.score > epssMax)) epssMax = finding.epss.score;
  const overKev = known.kev && known.maxKev >= 0 && inKev.length > known.maxKev;
  if (overKev)
    reasons.push(
      `${inKev.length} vulnerability(ies) in the CISA KEV catalog exceed the budget of ${known.maxKev} (max-kev): ${someIds(inKev)}`,
    );
  if (likely.length)
    reasons.push(
      `${likely.length} vulnerability(ies) with an EPSS score at or above ${threshold} (epss-threshold): ${someIds(likely)}`,
    );
  const alreadyCounted = new Set(counted);
  for (const finding of [...(overKev ? inKev : []), ...likely])
    if (!alreadyCounted.has(finding)) {
      alreadyCounted.add(finding);
      counted.push(finding);
    }
  return {
    kev: known.kev ? inKev.length : undefined,
    epssAtOrAbove: likely.length,
    epssMax,
  };
}

/** The licence policy, failing closed when licence scanning left no trace. */
function judgeLicenses(
  report: TrivyReport,
  licensePolicy: LicensePolicy,
  policy: GatePolicy,
  matcher: IgnoreMatcher,
  reasons: string[],
): NonNullable<GateVerdict['licenses']> {
  const found = collectLicenses(report);
  if (!policy.scanners.has('license')) {
    reasons.push(
      policy.scannersFrom === 'report'
        ? 'licence policy: the report shows no licence scanning (scan with the license scanner)'
        : 'licence policy: licence scanning did not run',
    );
    return { checked: 0, violations: [], ignored: [] };
  }
  const { violations, ignored } = licenseViolations(found, licensePolicy, matcher);
  if (violations.length)
    reasons.push(
      `${violations.length} licence(s) break the licence policy: ${someOf(violations.map((v) => `${v.name} (${v.pkgName ?? v.filePath ?? '?'}, ${v.why})`))}`,
    );
  return { checked: found.length, violations, ignored };
}

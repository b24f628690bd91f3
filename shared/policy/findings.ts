// One flat list of findings from a trivy report, whatever the scanner that found them.
import { SEVERITIES, type Severity, severityRank, toSeverity } from '../severity.js';
import type {
  Scanner,
  TrivyMisconfiguration,
  TrivyReport,
  TrivySecret,
  TrivyVulnerability,
} from '../trivy.js';
import type { EpssScore, KevEntry } from './exploitability.js';

export type FindingKind = 'vulnerability' | 'misconfiguration' | 'secret';

export interface Finding {
  kind: FindingKind;
  /** CVE/GHSA id, canonical check id (DS-0002) or secret rule id. */
  id: string;
  severity: Severity;
  /** The report's Target: an OS, a lockfile, a Dockerfile, a file with a secret. */
  target: string;
  title: string;
  /** Read it with findingUrl(): trivy's usual Aqua AVD link is kept as `avd`, not as a string. */
  url?: string;
  avd?: true;
  /** Vulnerabilities: package, versions, the file the package came from, its purl. */
  pkgName?: string;
  installedVersion?: string;
  fixedVersion?: string;
  pkgPath?: string;
  purl?: string;
  /** Misconfigurations: the result type (dockerfile, kubernetes, helm…) and PASS/FAIL. */
  configType?: string;
  passed?: boolean;
  startLine?: number;
  /** Vulnerabilities, when the gate was given them: in CISA's KEV catalog; the EPSS score. */
  kev?: KevEntry;
  epss?: EpssScore;
}

/** trivy has printed check ids as DS002, AVD-DS-0002 and DS-0002; all mean DS-0002. */
export function canonicalCheckId(id: string): string {
  const match = /^(?:AVD-)?([A-Z]+(?:-[A-Z]+)*)-?(\d+)$/i.exec(id.trim());
  if (!match) return id.trim().toUpperCase();
  return `${(match[1] as string).toUpperCase()}-${(match[2] as string).padStart(4, '0')}`;
}

/**
 * A report read from a file keeps its findings, not trivy's raw lists (a report can be larger
 * than one string can hold): the reader collects them as it reads and leaves them here.
 */
const collectedAsRead = new WeakMap<TrivyReport, Finding[]>();

export function keepCollectedFindings(report: TrivyReport, findings: Finding[]): void {
  collectedAsRead.set(report, findings);
}

/** trivy links most vulnerabilities to `https://avd.aquasec.com/nvd/<id in lower case>`. */
const AVD = 'https://avd.aquasec.com/nvd/';
/** The same, for a reader that tells the usual link from its bytes (see isAvdUrl). */
export const AVD_LINK = AVD;

export function isAvdUrl(url: string, id: string): boolean {
  if (url.length !== AVD.length + id.length || !url.startsWith(AVD)) return false;
  for (let at = 0; at < id.length; at++) {
    const code = id.charCodeAt(at);
    const lower = code >= 65 && code <= 90 ? code + 32 : code;
    if (url.charCodeAt(AVD.length + at) !== lower) return false;
  }
  return true;
}

/** A finding's link, wherever it is kept. */
export function findingUrl(finding: Finding): string | undefined {
  return finding.avd ? AVD + finding.id.toLowerCase() : finding.url;
}

export function vulnerabilityFinding(vuln: TrivyVulnerability, target: string): Finding {
  // A million findings would keep a million copies of the usual link: it is rebuilt when shown.
  const avd =
    typeof vuln.PrimaryURL === 'string' &&
    typeof vuln.VulnerabilityID === 'string' &&
    isAvdUrl(vuln.PrimaryURL, vuln.VulnerabilityID);
  return {
    kind: 'vulnerability',
    id: vuln.VulnerabilityID,
    severity: toSeverity(vuln.Severity),
    target,
    title: vuln.Title || vuln.VulnerabilityID,
    url: avd ? undefined : vuln.PrimaryURL,
    avd: avd || undefined,
    pkgName: vuln.PkgName,
    installedVersion: vuln.InstalledVersion,
    fixedVersion: vuln.FixedVersion || undefined,
    pkgPath: vuln.PkgPath,
    purl: vuln.PkgIdentifier?.PURL,
  };
}

export function misconfigurationFinding(
  misconfig: TrivyMisconfiguration,
  target: string,
  configType: string | undefined,
): Finding {
  return {
    kind: 'misconfiguration',
    id: canonicalCheckId(misconfig.AVDID || misconfig.ID),
    severity: toSeverity(misconfig.Severity),
    target,
    title: misconfig.Title || misconfig.ID,
    url: misconfig.PrimaryURL,
    configType,
    // Only what trivy says passed (or was excepted by policy) passes: no status is no pass.
    passed: misconfig.Status === 'PASS' || misconfig.Status === 'EXCEPTION',
    startLine: misconfig.CauseMetadata?.StartLine,
  };
}

export function secretFinding(secret: TrivySecret, target: string): Finding {
  return {
    kind: 'secret',
    id: secret.RuleID,
    severity: toSeverity(secret.Severity),
    target,
    title: secret.Title || secret.RuleID,
    startLine: secret.StartLine,
  };
}

export function collectFindings(report: TrivyReport): Finding[] {
  const collected = collectedAsRead.get(report);
  if (collected) return collected;
  const findings: Finding[] = [];
  for (const result of report.Results ?? []) {
    const target = result.Target;
    for (const vuln of result.Vulnerabilities ?? []) findings.push(vulnerabilityFinding(vuln, target));
    for (const misconfig of result.Misconfigurations ?? [])
      findings.push(misconfigurationFinding(misconfig, target, result.Type));
    for (const secret of result.Secrets ?? []) findings.push(secretFinding(secret, target));
  }
  return findings;
}

/** Fix first: known exploited (KEV), then by severity, then the likelier to be exploited (EPSS). */
export function fixFirst(a: Finding, b: Finding): number {
  return (
    Number(Boolean(b.kev)) - Number(Boolean(a.kev)) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    (b.epss?.score ?? 0) - (a.epss?.score ?? 0)
  );
}

/** Keys per KEV flag in fixFirstOrdered: trivy's severities, and a last one for anything else. */
const SEVERITY_KEYS = SEVERITIES.length + 1;

/**
 * The findings in fix-first order: what a stable sort by fixFirst gives, in linear time when no
 * finding has an EPSS score (a gate may count a million, all in one of twelve KEV × severity
 * groups): counted per group, then each put in its place.
 */
export function fixFirstOrdered(findings: readonly Finding[]): Finding[] {
  if (findings.some((finding) => finding.epss)) return [...findings].sort(fixFirst);
  const groupStart: number[] = new Array(2 * SEVERITY_KEYS).fill(0);
  const groups = new Uint8Array(findings.length);
  for (let at = 0; at < findings.length; at++) {
    const finding = findings[at] as Finding;
    // Known exploited first, then CRITICAL (rank 4) … UNKNOWN (0), then any other (-1).
    const group =
      (finding.kev ? 0 : SEVERITY_KEYS) + (SEVERITIES.length - 1 - severityRank(finding.severity));
    groups[at] = group;
    (groupStart[group] as number)++;
  }
  let start = 0;
  for (let group = 0; group < groupStart.length; group++) {
    const size = groupStart[group] as number;
    groupStart[group] = start;
    start += size;
  }
  const ordered: Finding[] = new Array(findings.length);
  for (let at = 0; at < findings.length; at++)
    ordered[(groupStart[groups[at] as number] as number)++] = findings[at] as Finding;
  return ordered;
}

export function isFixable(finding: Finding): boolean {
  return finding.kind === 'vulnerability' && Boolean(finding.fixedVersion);
}

/**
 * The scanners a report shows ran, read from its results' classes, for a report the gate did not
 * produce: os-pkgs / lang-pkgs results come from package scanning (vuln), config from misconfig,
 * secret and license from theirs. Only what leaves a trace counts: trivy writes a secret result
 * only for a file with a secret, so a clean secret scan cannot be told from none; and package
 * results that list packages but no vulnerability anywhere may be an SBOM listing, not a scan.
 */
export function scannersEvidentIn(report: TrivyReport): Scanner[] {
  const results = report.Results ?? [];
  const classes = new Set(results.map((result) => result.Class));
  const packageResults = results.filter((r) => r.Class === 'os-pkgs' || r.Class === 'lang-pkgs');
  const anyVulnerability = collectFindings(report).some((finding) => finding.kind === 'vulnerability');
  const onlyListings = packageResults.every((r) => Array.isArray(r.Packages));
  const evident: Scanner[] = [];
  if (packageResults.length && (anyVulnerability || !onlyListings)) evident.push('vuln');
  if (classes.has('secret')) evident.push('secret');
  if (classes.has('config')) evident.push('misconfig');
  if (classes.has('license') || classes.has('license-file')) evident.push('license');
  return evident;
}

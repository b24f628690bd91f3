// One flat list of findings from a trivy report, whatever the scanner that found them.
import { type Severity, toSeverity } from '../severity.js';
import type { TrivyReport } from '../trivy.js';
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
  url?: string;
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

export function collectFindings(report: TrivyReport): Finding[] {
  const findings: Finding[] = [];
  for (const result of report.Results ?? []) {
    const target = result.Target;
    for (const vuln of result.Vulnerabilities ?? []) {
      findings.push({
        kind: 'vulnerability',
        id: vuln.VulnerabilityID,
        severity: toSeverity(vuln.Severity),
        target,
        title: vuln.Title || vuln.VulnerabilityID,
        url: vuln.PrimaryURL,
        pkgName: vuln.PkgName,
        installedVersion: vuln.InstalledVersion,
        fixedVersion: vuln.FixedVersion || undefined,
        pkgPath: vuln.PkgPath,
        purl: vuln.PkgIdentifier?.PURL,
      });
    }
    for (const misconfig of result.Misconfigurations ?? []) {
      findings.push({
        kind: 'misconfiguration',
        id: canonicalCheckId(misconfig.AVDID || misconfig.ID),
        severity: toSeverity(misconfig.Severity),
        target,
        title: misconfig.Title || misconfig.ID,
        url: misconfig.PrimaryURL,
        configType: result.Type,
        // Only what trivy says passed (or was excepted by policy) passes: no status is no pass.
        passed: misconfig.Status === 'PASS' || misconfig.Status === 'EXCEPTION',
        startLine: misconfig.CauseMetadata?.StartLine,
      });
    }
    for (const secret of result.Secrets ?? []) {
      findings.push({
        kind: 'secret',
        id: secret.RuleID,
        severity: toSeverity(secret.Severity),
        target,
        title: secret.Title || secret.RuleID,
        startLine: secret.StartLine,
      });
    }
  }
  return findings;
}

export function isFixable(finding: Finding): boolean {
  return finding.kind === 'vulnerability' && Boolean(finding.fixedVersion);
}

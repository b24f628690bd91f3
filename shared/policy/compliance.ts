// Compliance frameworks as controls over the gate's own evidence: misconfiguration checks (by
// trivy check id), vulnerability and secret findings, and the image signature. Score per
// framework = passed controls / evaluated controls; a control whose evidence was not collected
// (its scanner did not run, no file of its type was scanned) is not evaluated, never passed.
import { SEVERITIES, type Severity, severityRank } from '../severity.js';
import type { TrivyComplianceSummary } from '../trivy.js';
import type { Finding } from './findings.js';

export type Evidence =
  /** Passes when none of these trivy checks failed; evaluated when a file of `configTypes` was checked. */
  | { checks: string[]; configTypes: string[] }
  /** Passes when no vulnerability at or above `severity` (with a fix, when `fixableOnly`) remains. */
  | { vulnerabilities: { severity: Severity; fixableOnly: boolean } }
  /** Passes when secret scanning ran and found nothing. */
  | { secrets: true }
  /** Passes when the image signature was verified. */
  | { signature: true };

export interface Control {
  id: string;
  name: string;
  evidence: Evidence;
}

export interface Framework {
  id: string;
  title: string;
  controls: Control[];
}

const DOCKERFILE = ['dockerfile'];
const KUBERNETES = ['kubernetes', 'helm'];

export const FRAMEWORKS: Record<'CIS' | 'NIST' | 'SOC2', Framework> = {
  CIS: {
    id: 'CIS',
    title: 'CIS Docker Benchmark 1.6.0, section 4 (images), and CIS Kubernetes workload controls',
    controls: [
      {
        id: '4.1',
        name: 'A non-root user is created for the container',
        evidence: { checks: ['DS-0002'], configTypes: DOCKERFILE },
      },
      {
        id: '4.6',
        name: 'HEALTHCHECK instructions are added',
        evidence: { checks: ['DS-0026'], configTypes: DOCKERFILE },
      },
      {
        id: '4.7',
        name: 'Update instructions are not used alone',
        evidence: { checks: ['DS-0017'], configTypes: DOCKERFILE },
      },
      {
        id: '4.9',
        name: 'COPY is used instead of ADD',
        evidence: { checks: ['DS-0005'], configTypes: DOCKERFILE },
      },
      { id: '4.10', name: 'Secrets are not stored in images', evidence: { secrets: true } },
      {
        id: '4.4',
        name: 'Images are rebuilt to include security patches (no fixable HIGH or CRITICAL)',
        evidence: { vulnerabilities: { severity: 'HIGH', fixableOnly: true } },
      },
      { id: '4.5', name: 'Content trust: the image is signed and verified', evidence: { signature: true } },
      {
        id: '5.2',
        name: 'Workloads run without privilege escalation and as non-root',
        evidence: { checks: ['KSV-0001', 'KSV-0012', 'KSV-0017'], configTypes: KUBERNETES },
      },
    ],
  },
  NIST: {
    id: 'NIST',
    title: 'NIST SP 800-190 Application Container Security Guide, image countermeasures (4.1)',
    controls: [
      {
        id: '4.1.1',
        name: 'Image vulnerabilities: no CRITICAL or HIGH vulnerability',
        evidence: { vulnerabilities: { severity: 'HIGH', fixableOnly: false } },
      },
      {
        id: '4.1.2',
        name: 'Image configuration defects: non-root user, no ADD, pinned base',
        evidence: { checks: ['DS-0001', 'DS-0002', 'DS-0005'], configTypes: DOCKERFILE },
      },
      { id: '4.1.4', name: 'Embedded clear-text secrets', evidence: { secrets: true } },
      { id: '4.1.5', name: 'Use of untrusted images: signature verified', evidence: { signature: true } },
      {
        id: '4.4.3',
        name: 'Orchestrator workload hardening: no privileged containers',
        evidence: { checks: ['KSV-0017'], configTypes: KUBERNETES },
      },
    ],
  },
  SOC2: {
    id: 'SOC2',
    title: 'SOC 2 Trust Services Criteria for the change pipeline (CC6, CC7, CC8)',
    controls: [
      { id: 'CC6.1', name: 'Logical access: no credentials in artifacts', evidence: { secrets: true } },
      {
        id: 'CC6.6',
        name: 'Least privilege at run time: non-root image user',
        evidence: { checks: ['DS-0002'], configTypes: DOCKERFILE },
      },
      {
        id: 'CC6.8',
        name: 'Only authorised software is deployed: signature verified',
        evidence: { signature: true },
      },
      {
        id: 'CC7.1',
        name: 'Vulnerability management: no CRITICAL vulnerability',
        evidence: { vulnerabilities: { severity: 'CRITICAL', fixableOnly: false } },
      },
      {
        id: 'CC8.1',
        name: 'Change management: reproducible builds from a pinned base image',
        evidence: { checks: ['DS-0001'], configTypes: DOCKERFILE },
      },
    ],
  },
};

export const BUILTIN_FRAMEWORKS = Object.keys(FRAMEWORKS) as (keyof typeof FRAMEWORKS)[];

/** What the gate collected, besides the findings themselves. */
export interface ComplianceContext {
  scanners: ReadonlySet<string>;
  /** 'report': `scanners` are those a given report shows ran (its messages say so). */
  scannersFrom?: 'scan' | 'report';
  /** Result types of configuration files that were checked (dockerfile, kubernetes, helm…). */
  configTypesChecked: ReadonlySet<string>;
  /** undefined when signature verification was not asked for. */
  signatureVerified?: boolean;
}

export interface ControlResult {
  id: string;
  name: string;
  status: 'pass' | 'fail' | 'not-evaluated';
  detail: string;
}

export interface ComplianceScore {
  framework: string;
  title: string;
  /** passed / evaluated; undefined when nothing could be evaluated. */
  score?: number;
  passed: number;
  evaluated: number;
  controls: ControlResult[];
}

interface FindingsEvidence {
  failedChecks: Set<string>;
  secrets: number;
  /** Vulnerabilities per severity rank (UNKNOWN … CRITICAL), and the fixable ones. */
  vulnerabilities: { all: number[]; fixable: number[] };
}

/** What the controls look at, counted once per list of findings (several frameworks share it). */
const evidenceCounted = new WeakMap<readonly Finding[], FindingsEvidence>();

function evidenceOf(findings: readonly Finding[]): FindingsEvidence {
  const known = evidenceCounted.get(findings);
  if (known) return known;
  const evidence: FindingsEvidence = {
    failedChecks: new Set(),
    secrets: 0,
    vulnerabilities: { all: SEVERITIES.map(() => 0), fixable: SEVERITIES.map(() => 0) },
  };
  for (const finding of findings) {
    if (finding.kind === 'misconfiguration' && !finding.passed) evidence.failedChecks.add(finding.id);
    else if (finding.kind === 'secret') evidence.secrets++;
    else if (finding.kind === 'vulnerability') {
      const rank = severityRank(finding.severity);
      (evidence.vulnerabilities.all[rank] as number)++;
      if (finding.fixedVersion) (evidence.vulnerabilities.fixable[rank] as number)++;
    }
  }
  evidenceCounted.set(findings, evidence);
  return evidence;
}

/**
 * `findings` are those the gate counts (after ignores and VEX), misconfigurations with their
 * PASS results too.
 */
export function scoreFramework(
  framework: Framework,
  findings: readonly Finding[],
  context: ComplianceContext,
): ComplianceScore {
  const { failedChecks, secrets, vulnerabilities } = evidenceOf(findings);
  const notRun = (scanning: string) =>
    context.scannersFrom === 'report'
      ? `the report shows no ${scanning} scanning`
      : `${scanning} scanning did not run`;
  const controls = framework.controls.map((control): ControlResult => {
    const { evidence } = control;
    const result = (status: ControlResult['status'], detail: string): ControlResult => ({
      id: control.id,
      name: control.name,
      status,
      detail,
    });
    if ('checks' in evidence) {
      if (!evidence.configTypes.some((type) => context.configTypesChecked.has(type))) {
        return result('not-evaluated', `no ${evidence.configTypes.join('/')} configuration was checked`);
      }
      const failed = evidence.checks.filter((check) => failedChecks.has(check));
      return failed.length
        ? result('fail', `failed ${failed.join(', ')}`)
        : result('pass', `passed ${evidence.checks.join(', ')}`);
    }
    if ('vulnerabilities' in evidence) {
      if (!context.scanners.has('vuln')) return result('not-evaluated', notRun('vulnerability'));
      const { severity, fixableOnly } = evidence.vulnerabilities;
      const byRank = fixableOnly ? vulnerabilities.fixable : vulnerabilities.all;
      const offending = byRank.slice(severityRank(severity)).reduce((sum, count) => sum + count, 0);
      const what = `${fixableOnly ? 'fixable ' : ''}${severity}+ vulnerabilities`;
      return offending ? result('fail', `${offending} ${what}`) : result('pass', `no ${what}`);
    }
    if ('secrets' in evidence) {
      if (!context.scanners.has('secret')) return result('not-evaluated', notRun('secret'));
      return secrets ? result('fail', `${secrets} secret(s) found`) : result('pass', 'no secrets found');
    }
    if (context.signatureVerified === undefined)
      return result('not-evaluated', 'signature verification was not requested');
    return context.signatureVerified
      ? result('pass', 'signature verified')
      : result('fail', 'signature not verified');
  });
  return scoreOf(framework.id, framework.title, controls);
}

/** The one scoring rule: passed / evaluated; nothing evaluated is no score (never a pass). */
function scoreOf(framework: string, title: string, controls: ControlResult[]): ComplianceScore {
  const evaluated = controls.filter((c) => c.status !== 'not-evaluated').length;
  const passed = controls.filter((c) => c.status === 'pass').length;
  return { framework, title, score: evaluated ? passed / evaluated : undefined, passed, evaluated, controls };
}

/** A trivy compliance spec's summary, scored the same way; a control without TotalFail is manual. */
export function scoreTrivySpecSummary(summary: TrivyComplianceSummary, specId: string): ComplianceScore {
  const controls = (summary.SummaryControls ?? []).map((control): ControlResult => {
    const status: ControlResult['status'] =
      typeof control.TotalFail !== 'number' ? 'not-evaluated' : control.TotalFail === 0 ? 'pass' : 'fail';
    const detail =
      status === 'not-evaluated'
        ? 'manual control'
        : status === 'pass'
          ? 'no failures'
          : `${control.TotalFail} failure(s)`;
    return { id: control.ID, name: control.Name, status, detail };
  });
  return scoreOf(summary.ID || specId, summary.Title || specId, controls);
}

// Typed wrapper over the trivy CLI and its JSON report (SchemaVersion 2).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, jsonErrorWhere, ToolError } from './errors.js';
import { isRecord } from './records.js';
import { execTool } from './tools/exec.js';

export interface TrivyVulnerability {
  VulnerabilityID: string;
  PkgName?: string;
  PkgPath?: string;
  PkgIdentifier?: { PURL?: string };
  InstalledVersion?: string;
  FixedVersion?: string;
  Status?: string;
  Severity?: string;
  Title?: string;
  Description?: string;
  PrimaryURL?: string;
}

export interface TrivyMisconfiguration {
  Type?: string;
  ID: string;
  AVDID?: string;
  Title?: string;
  Message?: string;
  Resolution?: string;
  Severity?: string;
  PrimaryURL?: string;
  Status?: string;
  CauseMetadata?: { StartLine?: number; EndLine?: number };
}

export interface TrivySecret {
  RuleID: string;
  Category?: string;
  Severity?: string;
  Title?: string;
  StartLine?: number;
  EndLine?: number;
}

export interface TrivyLicense {
  Name: string;
  /** trivy's category: forbidden, restricted, reciprocal, notice, permissive, unencumbered, unknown. */
  Category?: string;
  Severity?: string;
  PkgName?: string;
  FilePath?: string;
}

export interface TrivyResult {
  Target: string;
  Class?: string;
  Type?: string;
  Vulnerabilities?: TrivyVulnerability[] | null;
  Misconfigurations?: TrivyMisconfiguration[] | null;
  Secrets?: TrivySecret[] | null;
  /** Licence scanning (Class license / license-file): one entry per package or file licence. */
  Licenses?: TrivyLicense[] | null;
  MisconfSummary?: { Successes?: number; Failures?: number };
  /** The packages found (trivy lists them for SBOMs and --list-all-pkgs); never judged. */
  Packages?: unknown[] | null;
}

export interface TrivyReport {
  SchemaVersion: number;
  ArtifactName?: string;
  ArtifactType?: string;
  Metadata?: { ImageID?: string; RepoDigests?: string[]; OS?: { Family?: string; Name?: string } };
  Results?: TrivyResult[] | null;
}

/**
 * Parses trivy's JSON report and rejects anything else with one line: a report produced elsewhere
 * is judged exactly like a fresh scan, so it must really be one. (A report in a file is read by
 * report/trivy-reader.ts, in bounded memory, with the same checks.)
 */
export function parseTrivyReport(text: string, source: string): TrivyReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`report '${source}' is not valid JSON (${jsonErrorWhere(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(
      `report '${source}' is not a trivy JSON report (expected an object with SchemaVersion 2)`,
    );
  }
  const report = parsed as Record<string, unknown>;
  checkReportShape(report, source);
  for (const [index, result] of ((report.Results as unknown[] | undefined) ?? []).entries())
    checkResultShape(result, index, source);
  return report as unknown as TrivyReport;
}

/** What makes an object a trivy report (its results are checked one by one by checkResultShape). */
export function checkReportShape(report: Record<string, unknown>, source: string): void {
  if (report.SchemaVersion !== 2) {
    const got =
      report.SchemaVersion === undefined
        ? 'no SchemaVersion'
        : `SchemaVersion ${JSON.stringify(report.SchemaVersion)}`;
    throw new ConfigurationError(
      `report '${source}' is not a trivy JSON report: ${got}, expected SchemaVersion 2`,
    );
  }
  // trivy always names what it scanned; a report that does not cannot be tied to anything.
  for (const key of ['ArtifactName', 'ArtifactType'])
    if (typeof report[key] !== 'string' || !report[key])
      throw new ConfigurationError(
        `report '${source}' is not a trivy JSON report: no ${key} (trivy always names what it scanned)`,
      );
  if (report.Results !== undefined && report.Results !== null && !Array.isArray(report.Results)) {
    throw new ConfigurationError(`report '${source}' is malformed: Results is not an array`);
  }
}

export function checkResultShape(result: unknown, index: number, source: string): void {
  const entry = result as Record<string, unknown> | null;
  if (typeof entry !== 'object' || entry === null || typeof entry.Target !== 'string') {
    throw new ConfigurationError(`report '${source}' is malformed: Results[${index}] has no Target`);
  }
  for (const key of ['Vulnerabilities', 'Misconfigurations', 'Secrets', 'Licenses']) {
    const list = entry[key];
    if (list !== undefined && list !== null && !Array.isArray(list)) {
      throw new ConfigurationError(
        `report '${source}' is malformed: Results[${index}].${key} is not an array`,
      );
    }
  }
  for (const key of ['Vulnerabilities', 'Misconfigurations', 'Secrets'] as const)
    for (const [position, item] of ((entry[key] as unknown[] | undefined) ?? []).entries()) {
      const problem = findingProblem(key, item, `Results[${index}].${key}[${position}]`, source);
      if (problem) throw problem;
    }
}

/** The member that names each kind of finding: a finding without one cannot be judged or ignored. */
const FINDING_ID: Record<'Vulnerabilities' | 'Misconfigurations' | 'Secrets', string[]> = {
  Vulnerabilities: ['VulnerabilityID'],
  Misconfigurations: ['AVDID', 'ID'],
  Secrets: ['RuleID'],
};

/** Why `item` is not a finding trivy writes (an object named by its id, a non-empty string). */
export function findingProblem(
  list: keyof typeof FINDING_ID,
  item: unknown,
  where: string,
  source: string,
): ConfigurationError | undefined {
  if (!isRecord(item))
    return new ConfigurationError(`report '${source}' is malformed: ${where} is not an object`);
  const names = FINDING_ID[list];
  const named = names.some((name) => {
    const id = item[name];
    return typeof id === 'string' && id !== '';
  });
  return named
    ? undefined
    : new ConfigurationError(
        `report '${source}' is malformed: ${where} has no ${names.join(' or ')} (a non-empty string)`,
      );
}

export const SCAN_TYPES = ['image', 'fs', 'config', 'sbom'] as const;
export type ScanType = (typeof SCAN_TYPES)[number];
export const SCANNERS = ['vuln', 'secret', 'misconfig', 'license'] as const;
export type Scanner = (typeof SCANNERS)[number];

export interface TrivyScan {
  scanType: ScanType;
  /** Image reference, OCI archive path (image), directory (fs, config) or SBOM file (sbom). */
  target: string;
  scanners: Scanner[];
  outputPath: string;
  cacheDir?: string;
  dbRepository?: string;
  /** A trivy compliance spec id (e.g. docker-cis-1.6.0) or `@/path/spec.yaml`. */
  compliance?: string;
  /** Registry reached over plain HTTP / without TLS verification. */
  insecureRegistry?: boolean;
  timeoutMs?: number;
}

/** An image target that is a file on disk (an OCI or docker archive) is scanned with --input. */
export function isArchiveTarget(target: string): boolean {
  return /\.(tar|tar\.gz|tgz)$/i.test(target) || target.startsWith('/') || target.startsWith('./');
}

/**
 * The argv of one scan. Everything trivy finds is kept (no severity filter, no ignore file):
 * the policy judges it, so a report given as `report` is judged exactly like this scan.
 */
export function trivyScanArgs(scan: TrivyScan): string[] {
  const args: string[] = [scan.scanType];
  const common = ['--format', 'json', '--output', scan.outputPath, '--exit-code', '0'];
  args.push(...common);
  // Offline-safe: no version notice, no telemetry; misconfiguration checks come embedded in trivy.
  args.push('--skip-version-check', '--disable-telemetry');
  if (scan.cacheDir) args.push('--cache-dir', scan.cacheDir);
  if (scan.scanType !== 'config') {
    if (scan.dbRepository) args.push('--db-repository', scan.dbRepository);
  }
  const scanners = new Set(scan.scanners);
  if (scan.scanType === 'config') {
    args.push('--include-non-failures', '--skip-check-update');
  } else {
    args.push('--scanners', [...scanners].join(','));
    if (scanners.has('misconfig')) args.push('--include-non-failures', '--skip-check-update');
    if (scan.scanType === 'image' && scanners.has('misconfig')) {
      // Judge the image's own configuration (its Dockerfile history) as well.
      args.push('--image-config-scanners', 'misconfig');
    }
  }
  if (scan.compliance) args.push('--compliance', scan.compliance, '--report', 'summary');
  if (scan.insecureRegistry) args.push('--insecure');
  if (scan.scanType === 'image' && isArchiveTarget(scan.target)) args.push('--input', scan.target);
  else args.push(scan.target);
  return args;
}

/**
 * trivy's own reason for failing, without its log decoration: the FATAL line's message
 * (`2026-… FATAL Fatal error run error: …` → `run error: …`), else the last line.
 */
export function trivyFailureReason(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const fatal = [...lines].reverse().find((line) => /\bFATAL\b/.test(line));
  const chosen = fatal ?? lines[lines.length - 1] ?? '';
  return chosen
    .replace(/^\S+\s+(FATAL|ERROR)\s+/, '')
    .replace(/^Fatal error\s+/, '')
    .trim();
}

/** Where the vulnerability DB came from and how fresh it is, for the summary. */
export interface TrivyDbInfo {
  /** How the Actions cache served it (security-gate's cache-db). */
  cache?: { restored?: string; saved?: string; skipped?: string };
  /** The repository trivy downloaded the DB from in this run; undefined: the cached DB was used. */
  servedBy?: string;
  /** The repositories that failed before it (trivy tries them in order on 429 / 5xx). */
  failed: string[];
  updatedAt?: string;
  nextUpdate?: string;
}

/** trivy's cache directory when none is given: os.UserCacheDir()/trivy. */
export function defaultTrivyCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'trivy');
}

/** Reads the DB's source from trivy's log and its age from the cache's metadata.json. */
export function trivyDbInfo(stderr: string, cacheDir: string): TrivyDbInfo {
  const repo = (line: string) => /\brepo="?([^"\s]+)"?/.exec(line)?.[1];
  const lines = stderr.split('\n');
  const servedBy = lines
    .filter((line) => /Artifact successfully downloaded/.test(line) && /vulndb|trivy-db/i.test(line))
    .map(repo)
    .find(Boolean);
  const failed = lines
    .filter((line) => /Failed to download artifact/.test(line) && /vulndb|trivy-db/i.test(line))
    .map(repo)
    .filter((name): name is string => Boolean(name));
  let meta: { UpdatedAt?: string; NextUpdate?: string } = {};
  try {
    meta = JSON.parse(readFileSync(join(cacheDir, 'db', 'metadata.json'), 'utf8'));
  } catch {
    // No DB (a misconfiguration-only scan) or an unreadable one: trivy would have failed the scan.
  }
  return { servedBy, failed, updatedAt: meta.UpdatedAt, nextUpdate: meta.NextUpdate };
}

async function runTrivy(trivy: string, scan: TrivyScan): Promise<string> {
  try {
    const { stderr } = await execTool(trivy, trivyScanArgs(scan), {
      timeoutMs: scan.timeoutMs ?? 20 * 60_000,
      streamStderr: true,
      env: { TRIVY_NO_PROGRESS: 'true' },
    });
    return stderr;
  } catch (error) {
    if (error instanceof ToolError && error.exitCode !== null) {
      let reason = trivyFailureReason(error.stderr) || error.message;
      // trivy's caches are BoltDB files one process opens at a time: two jobs of a self-hosted
      // runner host sharing one (trivy's default, ~/.cache/trivy) collide after trivy's 5 s wait.
      if (/in use by another process/.test(reason))
        reason += ` — another trivy is using the cache directory ${scan.cacheDir ?? defaultTrivyCacheDir()}: give each job that may run at the same time its own cache-dir`;
      throw new ToolError(
        `trivy ${scan.scanType} failed (exit ${error.exitCode}): ${reason}`,
        'trivy',
        error.exitCode,
        error.stderr,
      );
    }
    throw error;
  }
}

/** Whether trivy needs its vulnerability DB for this scan. */
export function scanUsesDb(scan: Pick<TrivyScan, 'scanType' | 'scanners'>): boolean {
  return scan.scanType !== 'config' && scan.scanners.includes('vuln');
}

/** Runs the scan; its report is in scan.outputPath (read it with report/trivy-reader.ts). */
export async function runTrivyScan(trivy: string, scan: TrivyScan): Promise<{ db?: TrivyDbInfo }> {
  const stderr = await runTrivy(trivy, scan);
  return { db: scanUsesDb(scan) ? trivyDbInfo(stderr, scan.cacheDir ?? defaultTrivyCacheDir()) : undefined };
}

/** trivy's compliance summary (`--compliance ID --report summary --format json`), scored by policy/compliance. */
export interface TrivyComplianceSummary {
  ID?: string;
  Title?: string;
  SummaryControls?: { ID: string; Name: string; Severity?: string; TotalFail?: number }[];
}

export async function runTrivyCompliance(
  trivy: string,
  scan: TrivyScan & { compliance: string },
): Promise<TrivyComplianceSummary> {
  await execTool(trivy, trivyScanArgs(scan), {
    timeoutMs: scan.timeoutMs ?? 20 * 60_000,
    streamStderr: true,
  });
  try {
    return JSON.parse(readFileSync(scan.outputPath, 'utf8')) as TrivyComplianceSummary;
  } catch (error) {
    throw new ConfigurationError(
      `trivy compliance ${scan.compliance}: unreadable output (${(error as Error).message})`,
    );
  }
}

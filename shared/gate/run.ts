// security-gate: inputs → verify signature → scan (or read a report) → evaluate → outputs,
// SARIF and summary. Fails closed: anything that prevents a judgment is a failed gate.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type VerifyRequest, verifySignature } from '../cosign.js';
import { ConfigurationError, errorMessage } from '../errors.js';
import { quote } from '../inputs.js';
import { type ComplianceScore, FRAMEWORKS, scoreTrivySpecSummary } from '../policy/compliance.js';
import { evaluate, type GatePolicy, type GateVerdict } from '../policy/evaluate.js';
import { type ExploitabilityPolicy, parseEpssCsv, parseKevCatalog } from '../policy/exploitability.js';
import { scannersEvidentIn } from '../policy/findings.js';
import { BY_DIGEST, parseImageReference } from '../release/reference.js';
import { toSarif } from '../report/sarif.js';
import { readTrivyReport } from '../report/trivy-reader.js';
import * as core from '../runner.js';
import { installTool } from '../tools/installer.js';
import { cosignSpec, trivySpec } from '../tools/versions.js';
import {
  defaultTrivyCacheDir,
  runTrivyCompliance,
  runTrivyScan,
  scanUsesDb,
  type TrivyDbInfo,
  type TrivyReport,
} from '../trivy.js';
import { attestedBaseline, attestScan, vulnPredicate } from './attest.js';
import { restoreDb, saveDb } from './db-cache.js';
import type { GateInputs } from './inputs.js';
import { readExploitabilitySource } from './sources.js';
import { gateSummary, unverifiedSummary } from './summary.js';

/**
 * An image whose signature does not verify is refused before it is scanned (enforce mode): nothing
 * from an unknown signer is pulled, and the refusal names the signature, not whatever the scan of
 * an image from elsewhere would have tripped on first.
 */
export class UnverifiedImageError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnverifiedImageError';
  }
}

export interface GateOutcome {
  inputs: GateInputs;
  result: GateVerdict;
  reportPath: string;
  sarifPath?: string;
  /** The vulnerability DB this scan used: its source and age (not for a given report). */
  db?: TrivyDbInfo;
}

/** What a scan-ref names, for comparing it with a report's ArtifactName. */
function artifactKey(name: string): string {
  try {
    const image = parseImageReference(name);
    return `${image.registry}/${image.repository}${image.tag ? `:${image.tag}` : ''}${image.digest ? `@${image.digest}` : ''}`;
  } catch {
    return resolve(name);
  }
}

/** A report given beside a scan-ref must be a report of that artifact: it is what gets judged. */
export function requireReportOf(report: TrivyReport, source: string, scanRef: string): void {
  const named = report.ArtifactName as string;
  if (artifactKey(named) === artifactKey(scanRef)) return;
  // An image report by tag also covers the scan-ref naming its digest.
  const digest = BY_DIGEST.exec(scanRef)?.[1];
  if (digest && report.Metadata?.RepoDigests?.some((repoDigest) => repoDigest.endsWith(`@${digest}`))) return;
  throw new ConfigurationError(
    `report '${source}' is a report of ${quote(named)}, not of scan-ref ${quote(scanRef)}: it cannot judge that`,
  );
}

async function obtainReport(
  inputs: GateInputs,
  reportPath: string,
): Promise<{
  report: TrivyReport;
  /** The file the report was read from: the one given, or the scan's. */
  judgedPath: string;
  trivy?: string;
  db?: TrivyDbInfo;
  scannersFrom: 'scan' | 'report';
  scanners: string[];
}> {
  if (inputs.reportFile) {
    core.info(`Judging the existing report ${inputs.reportFile}`);
    const report = readTrivyReport(inputs.reportFile);
    if (inputs.scanRef) requireReportOf(report, inputs.reportFile, inputs.scanRef);
    // Compliance scores only what the report itself shows was scanned, whatever `scanners` says.
    // report-path names the file judged, not a copy of what may be hundreds of MB.
    return {
      report,
      judgedPath: resolve(inputs.reportFile),
      scannersFrom: 'report',
      scanners: scannersEvidentIn(report),
    };
  }
  const trivy = await installTool(trivySpec(inputs.trivyVersion), { mirror: inputs.toolsMirror });
  const scan = {
    scanType: inputs.scanType,
    target: inputs.scanRef,
    scanners: inputs.scanners,
    outputPath: reportPath,
    cacheDir: inputs.cacheDir ?? defaultTrivyCacheDir(),
    dbRepository: inputs.dbRepository,
    insecureRegistry: inputs.insecureRegistry,
  };
  const cached = inputs.cacheDb && scanUsesDb(scan) ? await restoreDb(scan.cacheDir) : undefined;
  const { db } = await runTrivyScan(trivy, scan);
  // Saved only once the scan succeeded with it.
  if (db && cached) db.cache = await saveDb(scan.cacheDir, cached);
  const report = readTrivyReport(reportPath);
  return { report, judgedPath: reportPath, trivy, db, scannersFrom: 'scan', scanners: inputs.scanners };
}

async function trivySpecScores(inputs: GateInputs, trivy: string | undefined): Promise<ComplianceScore[]> {
  const specIds = inputs.compliance.filter((id) => !(id in FRAMEWORKS));
  if (!specIds.length) return [];
  if (!trivy) {
    throw new ConfigurationError(
      `input 'compliance': trivy spec ${specIds.join(', ')} needs a scan (scan-ref), not an existing report; use CIS, NIST or SOC2 with 'report'`,
    );
  }
  const scores: ComplianceScore[] = [];
  for (const spec of specIds) {
    const summary = await runTrivyCompliance(trivy, {
      scanType: inputs.scanType,
      target: inputs.scanRef,
      scanners: inputs.scanners,
      outputPath: join(inputs.workDir, `compliance-${spec.replace(/[^a-z0-9.-]/gi, '_')}.json`),
      cacheDir: inputs.cacheDir,
      dbRepository: inputs.dbRepository,
      insecureRegistry: inputs.insecureRegistry,
      compliance: spec,
    });
    scores.push(scoreTrivySpecSummary(summary, spec));
  }
  return scores;
}

/** cosign for one gate run, found or installed once however many of its steps need it. */
const cosignInstalls = new WeakMap<GateInputs, Promise<string>>();
function cosignFor(inputs: GateInputs): Promise<string> {
  let install = cosignInstalls.get(inputs);
  if (!install) {
    install = installTool(cosignSpec(inputs.cosignVersion), { mirror: inputs.toolsMirror });
    cosignInstalls.set(inputs, install);
  }
  return install;
}

/**
 * The gate's signer identity as cosign takes it, for the image's signature and the baseline
 * image's attestation alike: a public key given as PEM content is a 0600 file while `use` runs.
 */
async function withSignerIdentity<T>(
  inputs: GateInputs,
  use: (identity: Omit<VerifyRequest, 'image'>) => Promise<T>,
): Promise<T> {
  let key = inputs.signer.key;
  let keyFile: string | undefined;
  if (key?.includes('-----BEGIN')) {
    // One at a time: the signature check and the baseline's attestation run one after the other.
    keyFile = join(inputs.workDir, 'cosign.pub');
    writeFileSync(keyFile, `${key.trim()}\n`, { mode: 0o600 });
    key = keyFile;
  }
  try {
    return await use({
      ...inputs.signer,
      key,
      ignoreTlog: inputs.ignoreTlog,
      insecureRegistry: inputs.insecureRegistry,
    });
  } finally {
    if (keyFile) rmSync(keyFile, { force: true });
  }
}

async function signatureCheck(inputs: GateInputs) {
  if (!inputs.verifySignature) return undefined;
  const cosign = await cosignFor(inputs);
  return withSignerIdentity(inputs, (identity) =>
    verifySignature(cosign, { ...identity, image: inputs.scanRef }),
  );
}

/** The whole gate without touching outputs: what the action and the tests share. */
export async function securityGate(inputs: GateInputs): Promise<GateOutcome> {
  mkdirSync(inputs.workDir, { recursive: true });
  // Read first: a catalog that is not one stops the gate before anything is scanned.
  const exploitability = await exploitabilityPolicy(inputs);
  const baseline = await baselinePolicy(inputs);
  const signature = await signatureCheck(inputs);
  if (signature && !signature.verified && inputs.mode !== 'report') {
    throw new UnverifiedImageError(`image signature not verified: ${signature.detail}`);
  }
  const scanStartedAt = new Date();
  const { report, judgedPath, trivy, db, scanners, scannersFrom } = await obtainReport(
    inputs,
    join(inputs.workDir, 'trivy-report.json'),
  );
  const scanFinishedAt = new Date();
  const specScores = await trivySpecScores(inputs, trivy);
  const result = evaluate(report, {
    severityThreshold: inputs.severityThreshold,
    budgets: inputs.budgets,
    ignoreUnfixed: inputs.ignoreUnfixed,
    failOnSecrets: inputs.failOnSecrets,
    ignore: inputs.ignore,
    vex: inputs.vex,
    compliance: inputs.compliance
      .filter((id) => id in FRAMEWORKS)
      .map((id) => FRAMEWORKS[id as keyof typeof FRAMEWORKS]),
    trivySpecScores: specScores,
    minComplianceScore: inputs.minComplianceScore,
    scanners: new Set(scanners),
    scannersFrom,
    signature,
    exploitability,
    baseline,
    licenses: inputs.licenses,
  });

  if (inputs.attest) {
    const cosign = await cosignFor(inputs);
    core.info(`Attesting the scan to ${inputs.scanRef} (cosign vulnerability attestation)`);
    await attestScan(
      cosign,
      {
        imageByDigest: inputs.scanRef,
        key: inputs.attestKey,
        password: inputs.attestKeyPassword,
        tlogUpload: inputs.tlogUpload,
        insecureRegistry: inputs.insecureRegistry,
        workDir: inputs.workDir,
      },
      vulnPredicate(readFileSync(judgedPath, 'utf8'), inputs.trivyVersion, scanStartedAt, scanFinishedAt),
    );
  }

  let sarifPath: string | undefined;
  if (inputs.sarifPath) {
    const sarif = toSarif(result.counted, { toolVersion: inputs.trivyVersion });
    // `sarif: reports/trivy.sarif` names a file in a folder that may not exist yet.
    mkdirSync(dirname(inputs.sarifPath), { recursive: true });
    writeFileSync(inputs.sarifPath, sarif.bytes);
    sarifPath = inputs.sarifPath;
    if (sarif.dropped)
      core.warning(
        `SARIF truncated: ${sarif.dropped} of ${sarif.results + sarif.dropped} results left out (GitHub limits)`,
      );
  }
  for (const entry of result.expiredIgnores) {
    core.warning(
      `ignore entry ${entry.id} expired on ${entry.expiredAt}: it no longer ignores anything${entry.statement ? ` (${entry.statement})` : ''}`,
    );
  }
  return { inputs, result, reportPath: judgedPath, sarifPath, db };
}

async function baselinePolicy(inputs: GateInputs): Promise<GatePolicy['baseline']> {
  if (inputs.baselineImage) {
    const cosign = await cosignFor(inputs);
    const image = inputs.baselineImage;
    const report = await withSignerIdentity(inputs, (identity) => attestedBaseline(cosign, image, identity));
    return {
      report,
      source: `the vulnerability attestation of ${inputs.baselineImage}`,
      failOn: inputs.failOn,
    };
  }
  if (!inputs.baselineFile) return undefined;
  try {
    return {
      report: readTrivyReport(inputs.baselineFile),
      source: inputs.baselineFile,
      failOn: inputs.failOn,
    };
  } catch (error) {
    if (error instanceof ConfigurationError)
      throw new ConfigurationError(`input 'baseline': ${error.message}`);
    throw error;
  }
}

async function exploitabilityPolicy(inputs: GateInputs): Promise<ExploitabilityPolicy | undefined> {
  if (!inputs.kevSource && !inputs.epssSource) return undefined;
  const policy: ExploitabilityPolicy = { maxKev: inputs.maxKev, epssThreshold: inputs.epssThreshold };
  if (inputs.kevSource) {
    const { data, source } = await readExploitabilitySource('kev', inputs.kevSource);
    policy.kev = parseKevCatalog(data.toString('utf8'), source);
    core.info(`CISA KEV catalog ${policy.kev.catalogVersion}: ${policy.kev.entries.size} vulnerabilities`);
  }
  if (inputs.epssSource) {
    const { data, source } = await readExploitabilitySource('epss', inputs.epssSource);
    policy.epss = parseEpssCsv(data, source);
    core.info(
      `EPSS scores${policy.epss.scoreDate ? ` of ${policy.epss.scoreDate}` : ''}: ${policy.epss.scores.size} CVEs`,
    );
  }
  return policy;
}

function setCountOutputs(result: GateVerdict): void {
  for (const [name, value] of Object.entries(result.counts)) core.setOutput(name, value);
  core.setOutput('kev', result.exploitability?.kev?.toString() ?? '');
  core.setOutput('license-violations', result.licenses?.violations.length.toString() ?? '');
  core.setOutput('new-findings', result.change?.introduced.length.toString() ?? '');
  core.setOutput('fixed-findings', result.change?.fixed.length.toString() ?? '');
  core.setOutput('epss-max', result.exploitability?.epssMax?.toString() ?? '');
  const scores = result.compliance
    .map((score) => score.score)
    .filter((score): score is number => score !== undefined);
  core.setOutput('compliance-score', scores.length ? Math.min(...scores).toFixed(2) : '');
}

/** The gate once its inputs are checked (shared/gate/main.ts checks them first). */
export async function gateStep(inputs: GateInputs): Promise<void> {
  {
    let outcome: GateOutcome;
    try {
      outcome = await securityGate(inputs);
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      if (error instanceof UnverifiedImageError) {
        core.setOutput('verdict', 'fail');
        core.setOutput('reasons', JSON.stringify([error.reason]));
        await unverifiedSummary(inputs, error.reason).write();
        core.setFailed(`security gate failed: ${error.reason} (the image was not scanned)`);
        return;
      }
      // A crash, an unreachable DB, a broken tool: no judgment was possible, so the gate fails.
      const reason = `no verdict could be reached: ${errorMessage(error)}`;
      core.setOutput('verdict', 'fail');
      core.setOutput('reasons', JSON.stringify([reason]));
      if (inputs.mode === 'report') {
        core.warning(reason);
        return;
      }
      throw error;
    }
    const { result } = outcome;
    core.setOutput('verdict', result.verdict);
    setCountOutputs(result);
    core.setOutput('report-path', outcome.reportPath);
    core.setOutput('sarif-path', outcome.sarifPath ?? '');
    core.setOutput('reasons', JSON.stringify(result.reasons));
    await gateSummary(inputs, result, inputs.reportFile ?? inputs.scanRef, outcome.db).write();

    if (result.verdict === 'fail') {
      const message = `security gate failed: ${result.reasons.join('; ')}`;
      if (inputs.mode === 'report') core.warning(message);
      else core.setFailed(message);
    } else {
      core.info(`security gate passed (${result.counted.length} finding(s) within budget)`);
    }
  }
}

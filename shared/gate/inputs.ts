// security-gate inputs, read and validated once. Nothing runs until every input is good.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type SignatureIdentity, signatureIdentityInput, validateIdentity } from '../cosign.js';
import { privateKeyInput } from '../credentials.js';
import { ConfigurationError } from '../errors.js';
import { Inputs, quote } from '../inputs.js';
import { type BudgetSeverity, DEFAULT_BUDGETS } from '../policy/budgets.js';
import { BUILTIN_FRAMEWORKS } from '../policy/compliance.js';
import type { IgnoreRules } from '../policy/ignore.js';
import { LICENSE_CATEGORIES, type LicensePolicy } from '../policy/licenses.js';
import type { VexStatement } from '../policy/vex.js';
import { BY_DIGEST } from '../release/reference.js';
import * as core from '../runner.js';
import { SEVERITIES, type Severity } from '../severity.js';
import { COSIGN_VERSION, TRIVY_VERSION } from '../tools/versions.js';
import { SCAN_TYPES, SCANNERS, type Scanner, type ScanType } from '../trivy.js';
import { isUrlSource } from './sources.js';

export interface GateInputs {
  scanType: ScanType;
  scanRef: string;
  /** An existing trivy JSON report to judge instead of scanning. */
  reportFile?: string;
  scanners: Scanner[];
  severityThreshold: Severity;
  budgets: Record<BudgetSeverity, number>;
  ignoreUnfixed: boolean;
  failOnSecrets: boolean;
  ignoreFile?: string;
  ignore: IgnoreRules;
  vexFile?: string;
  vex: VexStatement[];
  /** Built-in frameworks (CIS, NIST, SOC2) and trivy compliance spec ids, in the order given. */
  compliance: string[];
  minComplianceScore: number;
  /** Licences to deny or allow; undefined without either list. */
  licenses?: LicensePolicy;
  /** A previous trivy report to compare with, and whether only new findings count. */
  baselineFile?: string;
  /** An image by digest whose verified vulnerability attestation is the baseline. */
  baselineImage?: string;
  failOn: 'all' | 'new';
  /** Attach the scan to the image as a cosign vulnerability attestation (by digest). */
  attest: boolean;
  attestKey?: string;
  attestKeyPassword?: string;
  tlogUpload: boolean;
  /** The KEV catalog and EPSS scores: a path or an http(s) URL each (read by gate/sources.ts). */
  kevSource?: string;
  maxKev: number;
  epssSource?: string;
  epssThreshold?: number;
  verifySignature: boolean;
  /** Who must have signed the image (and the baseline image's attestation): a key or a keyless identity. */
  signer: SignatureIdentity;
  ignoreTlog: boolean;
  sarifPath?: string;
  mode: 'enforce' | 'report';
  trivyVersion: string;
  cosignVersion: string;
  dbRepository?: string;
  cacheDir?: string;
  /** Keep the vulnerability DB in the Actions cache between runs. */
  cacheDb: boolean;
  toolsMirror?: string;
  insecureRegistry: boolean;
  workDir: string;
}

const TRIVY_SPEC_ID = /^(@.+|[a-z0-9][a-z0-9.-]*[a-z0-9])$/;

/**
 * The scanners that really run, so compliance never counts a scanner that did not: trivy scans an
 * SBOM for vuln/license only, and `config` is misconfiguration scanning. Unset means the default
 * that fits the scan type; an explicit scanner the scan type cannot run is an error.
 */
const SCANNERS_BY_TYPE: Record<ScanType, { allowed: readonly Scanner[]; defaults: Scanner[] }> = {
  image: { allowed: SCANNERS, defaults: ['vuln', 'secret'] },
  fs: { allowed: SCANNERS, defaults: ['vuln', 'secret'] },
  sbom: { allowed: ['vuln', 'license'], defaults: ['vuln'] },
  config: { allowed: ['misconfig'], defaults: ['misconfig'] },
};

function scannersFor(scanType: ScanType, inputs: Inputs, licensePolicy: boolean): Scanner[] {
  const { allowed, defaults } = SCANNERS_BY_TYPE[scanType];
  // A licence policy brings the license scanner into the defaults; given explicitly, it must be there.
  const withLicenses: Scanner[] =
    licensePolicy && allowed.includes('license') && !defaults.includes('license')
      ? [...defaults, 'license']
      : defaults;
  const scanners = inputs.listOf('scanners', SCANNERS, withLicenses);
  const policyInput = inputs.raw('licenses-deny') ? 'licenses-deny' : 'licenses-allow';
  if (licensePolicy && !scanners.includes('license'))
    throw new ConfigurationError(
      `input '${policyInput}': needs the license scanner (add license to 'scanners'${allowed.includes('license') ? '' : `; scan-type ${scanType} cannot run it`})`,
    );
  if (!scanners.length)
    throw new ConfigurationError(`input 'scanners': expected at least one of ${allowed.join(', ')}`);
  const unsupported = scanners.filter((scanner) => !allowed.includes(scanner));
  if (unsupported.length) {
    throw new ConfigurationError(
      `input 'scanners': got ${quote(unsupported.join(','))} for scan-type ${scanType}, expected ${allowed.join(', ')}`,
    );
  }
  return scanners;
}

/** SPDX ids (MIT, GPL-3.0-only…) or trivy's licence categories, lower-cased; undefined when neither list is given. */
function licensePolicyInput(inputs: Inputs): LicensePolicy | undefined {
  const list = (name: string) =>
    inputs.list(name).map((entry) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9.+-]{0,63}$/.test(entry))
        throw new ConfigurationError(
          `input '${name}': got ${quote(entry)}, expected SPDX licence ids (MIT, GPL-3.0-only) or categories (${LICENSE_CATEGORIES.join(', ')})`,
        );
      return entry.toLowerCase();
    });
  const deny = list('licenses-deny');
  const allow = list('licenses-allow');
  return deny.length || allow.length ? { deny, allow } : undefined;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** A file or an http(s) URL (checked, its password masked); undefined when unset. */
function sourceInput(inputs: Inputs, name: string): string | undefined {
  const value = inputs.raw(name);
  if (!value) return undefined;
  if (isUrlSource(value)) return inputs.url(name);
  if (!isFile(value))
    throw new ConfigurationError(
      `input '${name}': got ${quote(value)}, expected an existing file or an http(s) URL`,
    );
  return value;
}

export async function getGateInputs(inputs = new Inputs(), now = new Date()): Promise<GateInputs> {
  const reportFile = inputs.string('report') || undefined;
  if (reportFile && !isFile(reportFile)) {
    throw new ConfigurationError(
      `input 'report': got ${quote(reportFile)}, expected a path to an existing trivy JSON report`,
    );
  }
  const scanType = inputs.oneOf('scan-type', SCAN_TYPES, 'image');
  const scanRef = inputs.string('scan-ref');
  if (!reportFile && !scanRef) {
    throw new ConfigurationError(
      `input 'scan-ref' is required unless 'report' is given (an image, a directory or an SBOM file)`,
    );
  }
  if (!reportFile && scanType !== 'image' && !existsSync(scanRef)) {
    throw new ConfigurationError(
      `input 'scan-ref': got ${quote(scanRef)}, expected an existing path for scan-type ${scanType}`,
    );
  }
  const licenses = licensePolicyInput(inputs);
  const scanners = scannersFor(scanType, inputs, licenses !== undefined);

  const budget = (severity: BudgetSeverity) =>
    inputs.integer(`max-${severity.toLowerCase()}`, DEFAULT_BUDGETS[severity], -1);
  const ignoreFile = inputs.existingFile('ignore-file') || undefined;
  const vexFile = inputs.existingFile('vex') || undefined;

  const compliance = inputs.list('compliance').map((id) => {
    const builtin = BUILTIN_FRAMEWORKS.find((name) => name.toLowerCase() === id.toLowerCase());
    if (builtin) return builtin;
    if (!TRIVY_SPEC_ID.test(id)) {
      throw new ConfigurationError(
        `input 'compliance': got ${quote(id)}, expected CIS, NIST, SOC2 or a trivy compliance spec id (e.g. docker-cis-1.6.0)`,
      );
    }
    return id;
  });

  const baselineFile = inputs.string('baseline') || undefined;
  if (baselineFile && !isFile(baselineFile))
    throw new ConfigurationError(
      `input 'baseline': got ${quote(baselineFile)}, expected a path to a previous trivy JSON report`,
    );
  const baselineImage = inputs.string('baseline-image') || undefined;
  if (baselineImage && !BY_DIGEST.test(baselineImage))
    throw new ConfigurationError(
      `input 'baseline-image': got ${quote(baselineImage)}, expected an image by digest (registry/repo@sha256:…)`,
    );
  if (baselineImage && baselineFile)
    throw new ConfigurationError(
      `input 'baseline-image': give either 'baseline' (a report) or 'baseline-image', not both`,
    );
  const failOn = inputs.oneOf('fail-on', ['all', 'new'] as const, 'all');
  if (failOn === 'new' && !baselineFile && !baselineImage)
    throw new ConfigurationError(
      `input 'fail-on': new needs 'baseline' (a previous trivy JSON report) or 'baseline-image'`,
    );
  const attest = inputs.boolean('attest', false);
  const tlogUpload = inputs.boolean('tlog-upload', true);
  const attestKey = privateKeyInput(inputs, 'attest-key');
  const attestKeyPassword = inputs.string('attest-key-password') || undefined;
  if (attestKeyPassword) core.setSecret(attestKeyPassword);
  if (attest && (reportFile || scanType !== 'image' || !BY_DIGEST.test(scanRef)))
    throw new ConfigurationError(
      `input 'attest': needs scan-type image and 'scan-ref' by digest (registry/repo@sha256:…); attestations are made by digest`,
    );
  const kevSource = sourceInput(inputs, 'kev');
  const epssSource = sourceInput(inputs, 'epss');
  const maxKev = inputs.integer('max-kev', 0, -1);
  if (inputs.raw('max-kev') && !kevSource)
    throw new ConfigurationError(`input 'max-kev': needs 'kev' (the CISA KEV catalog, a file or a URL)`);
  const epssThreshold = inputs.raw('epss-threshold') ? inputs.fraction('epss-threshold', 0) : undefined;
  if (epssThreshold !== undefined && !epssSource)
    throw new ConfigurationError(`input 'epss-threshold': needs 'epss' (EPSS scores, a file or a URL)`);

  const verifySignature = inputs.boolean('verify-signature', false);
  const workDir = join(process.env.RUNNER_TEMP || resolve('.tmp'), 'security-gate');
  let identity: SignatureIdentity = {};
  if (verifySignature && (reportFile || scanType !== 'image')) {
    throw new ConfigurationError(
      `input 'verify-signature': needs scan-type image and an image reference in 'scan-ref'`,
    );
  }
  // The same signer identity verifies the image and the baseline image's attestation.
  if (verifySignature || baselineImage) {
    identity = signatureIdentityInput(inputs) ?? {};
    validateIdentity(identity);
  }

  const sarifPath = inputs.string('sarif') || undefined;
  if (sarifPath && existsSync(sarifPath) && statSync(sarifPath).isDirectory())
    throw new ConfigurationError(
      `input 'sarif': got ${quote(sarifPath)}, a directory; expected the path of a file to write, e.g. trivy.sarif`,
    );
  // Their parsers (and picomatch) are loaded only for a step that gives the files.
  const ignore = ignoreFile
    ? await (await import('../policy/ignore.js')).readIgnoreFile(ignoreFile, now)
    : { active: [], expired: [] };
  const vex = vexFile ? (await import('../policy/vex.js')).readVex(vexFile) : [];
  // Several repositories: trivy tries them in order when one answers 429 or 5xx.
  const dbRepositories = inputs.list('db-repository');
  for (const repository of dbRepositories)
    if (!/^[a-z0-9][a-z0-9.-]*(:\d+)?(\/[a-z0-9._/-]+)+(:[\w.-]+)?$/i.test(repository))
      throw new ConfigurationError(
        `input 'db-repository': got ${quote(repository)}, expected OCI repositories like registry.example.com/trivy-db:2 (comma-separated, tried in order)`,
      );
  const dbRepository = dbRepositories.length ? dbRepositories.join(',') : undefined;

  return {
    scanType,
    scanRef,
    reportFile,
    scanners,
    severityThreshold: inputs.oneOf('severity-threshold', SEVERITIES, 'MEDIUM'),
    budgets: {
      CRITICAL: budget('CRITICAL'),
      HIGH: budget('HIGH'),
      MEDIUM: budget('MEDIUM'),
      LOW: budget('LOW'),
    },
    ignoreUnfixed: inputs.boolean('ignore-unfixed', false),
    failOnSecrets: inputs.boolean('fail-on-secrets', true),
    ignoreFile,
    ignore,
    vexFile,
    vex,
    compliance,
    minComplianceScore: inputs.fraction('min-compliance-score', 0.8),
    licenses,
    baselineFile,
    baselineImage,
    failOn,
    attest,
    attestKey,
    attestKeyPassword,
    tlogUpload,
    kevSource,
    maxKev,
    epssSource,
    epssThreshold,
    verifySignature,
    signer: identity,
    ignoreTlog: inputs.boolean('ignore-tlog', false),
    sarifPath,
    mode: inputs.oneOf('mode', ['enforce', 'report'] as const, 'enforce'),
    trivyVersion: inputs.toolVersion('trivy-version', TRIVY_VERSION),
    cosignVersion: inputs.toolVersion('cosign-version', COSIGN_VERSION),
    dbRepository,
    cacheDir: inputs.string('cache-dir') || undefined,
    cacheDb: inputs.boolean('cache-db', true),
    toolsMirror: inputs.toolsMirror(),
    insecureRegistry: inputs.boolean('insecure-registry', false),
    workDir,
  };
}

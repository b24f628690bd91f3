// The gate's result on the image, so no artefact store is needed: the trivy report as a cosign
// vulnerability attestation (predicate type vuln) made by digest; and a later gate's baseline read
// back from the attestation of the digest that is live, verified with the gate's signer identity.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cosignAttestArgs, runCosign, type VerifyRequest, verifiedAttestations } from '../cosign.js';
import { keyFile } from '../credentials.js';
import { ConfigurationError } from '../errors.js';
import { BY_DIGEST } from '../release/reference.js';
import { parseAttestations } from '../release/verification.js';
import * as core from '../runner.js';
import { CleanupState } from '../state.js';
import { parseTrivyReport, type TrivyReport } from '../trivy.js';

/** cosign's predicate type for `--type vuln`. */
export const VULN_PREDICATE_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1';

const REPORT_SLOT = '"<the trivy report>"';

/**
 * cosign's vulnerability predicate as JSON, with trivy's whole JSON report (as written, not as
 * read: the gate keeps only findings) as the scanner's result.
 */
export function vulnPredicate(
  reportJson: string,
  trivyVersion: string,
  startedAt: Date,
  finishedAt: Date,
): string {
  const predicate = {
    invocation: {
      parameters: null,
      uri:
        process.env.GITHUB_SERVER_URL && process.env.GITHUB_RUN_ID
          ? `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}`
          : '',
      event_id: process.env.GITHUB_RUN_ID ?? '',
      'builder.id': 'pipeline security-gate',
    },
    scanner: {
      uri: `pkg:github/aquasecurity/trivy@v${trivyVersion}`,
      version: trivyVersion,
      db: { uri: '', version: '' },
      result: JSON.parse(REPORT_SLOT),
    },
    metadata: { scanStartedOn: startedAt.toISOString(), scanFinishedOn: finishedAt.toISOString() },
  };
  return JSON.stringify(predicate).replace(REPORT_SLOT, () => reportJson.trim());
}

export interface AttestRequest {
  imageByDigest: string;
  /** Private key: PEM content or a path; keyless when absent. */
  key?: string;
  password?: string;
  tlogUpload: boolean;
  insecureRegistry: boolean;
  workDir: string;
}

/** Attaches `report` to the image as a vulnerability attestation; the key file is gone after. */
export async function attestScan(
  cosign: string,
  request: AttestRequest,
  predicateJson: string,
): Promise<void> {
  mkdirSync(request.workDir, { recursive: true });
  if (request.password) core.setSecret(request.password);
  const key = keyFile(request.key, request.workDir, 'attest.key', new CleanupState());
  const predicateFile = join(request.workDir, `vuln-${crypto.randomUUID()}.json`);
  writeFileSync(predicateFile, predicateJson);
  try {
    const args = cosignAttestArgs(
      {
        imageByDigest: request.imageByDigest,
        keyFile: key,
        password: request.password,
        tlogUpload: request.tlogUpload,
      },
      predicateFile,
      'vuln',
    );
    if (request.insecureRegistry)
      args.splice(args.length - 1, 0, '--allow-http-registry=true', '--allow-insecure-registry=true');
    await runCosign(cosign, args, request.password);
  } finally {
    // Written from PEM content: gone as soon as it has signed (post removes it too, whatever happened).
    if (key && key !== request.key) rmSync(dirname(key), { recursive: true, force: true });
    rmSync(predicateFile, { force: true });
  }
}

/**
 * The newest verified vulnerability attestation of `imageByDigest`, as a trivy report: a baseline
 * that cannot be verified, or that holds no trivy report, stops the gate in one line.
 */
export async function attestedBaseline(
  cosign: string,
  imageByDigest: string,
  identity: Omit<VerifyRequest, 'image'>,
): Promise<TrivyReport> {
  const digest = BY_DIGEST.exec(imageByDigest)?.[1];
  const found = await verifiedAttestations(cosign, { ...identity, image: imageByDigest }, 'vuln');
  if ('missing' in found)
    throw new ConfigurationError(
      `input 'baseline-image': no verified vulnerability attestation on ${imageByDigest}: ${found.missing}`,
    );
  const statements = parseAttestations(found.stdout).filter(
    (statement) =>
      statement.predicateType === VULN_PREDICATE_TYPE &&
      (!digest || statement.subjectDigests.includes(digest)),
  );
  const newest = statements
    .map(
      (statement) =>
        statement.predicate as { scanner?: { result?: unknown }; metadata?: { scanFinishedOn?: string } },
    )
    .sort((a, b) =>
      String(b.metadata?.scanFinishedOn ?? '').localeCompare(String(a.metadata?.scanFinishedOn ?? '')),
    )[0];
  if (!newest?.scanner?.result)
    throw new ConfigurationError(
      `input 'baseline-image': the vulnerability attestation on ${imageByDigest} holds no trivy report`,
    );
  return parseTrivyReport(JSON.stringify(newest.scanner.result), `attestation of ${imageByDigest}`);
}

// On a pass: the signed verification attestation promote requires — an in-toto statement of
// VERIFICATION_PREDICATE_TYPE about the image digest, made with cosign attest by digest.
// Credentials are written 0600 under RUNNER_TEMP and removed by the post step.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cosignAttestArgs, runCosign, type SigningRequest } from '../cosign.js';
import { dockerConfigDir, keyFile as keyFileFor } from '../credentials.js';
import { repositoryName } from '../release/reference.js';
import {
  VERIFICATION_PREDICATE_TYPE,
  type VerificationPredicate,
  verificationPredicate,
  writeVerificationPredicate,
} from '../release/verification.js';
import * as core from '../runner.js';
import type { CleanupState } from '../state.js';
import { installTool } from '../tools/installer.js';
import { cosignSpec } from '../tools/versions.js';
import type { AttestationInputs } from './inputs.js';
import type { VerificationReport } from './verify.js';

export interface AttestationRecord {
  image: string;
  predicateType: string;
  predicate: VerificationPredicate;
  signer: string;
}

/** What the attestation says was checked: each objective and how it ended. */
export function verificationChecks(report: VerificationReport): VerificationPredicate['checks'] {
  return report.objectives.map((objective) => ({
    name: objective.name,
    result: objective.status === 'no-data' ? `no-data (on-no-data: ${report.onNoData})` : objective.status,
  }));
}

export async function attestVerification(
  report: VerificationReport,
  inputs: AttestationInputs,
  workDir: string,
  cleanup: CleanupState,
): Promise<AttestationRecord> {
  mkdirSync(workDir, { recursive: true });
  if (inputs.cosignPassword) core.setSecret(inputs.cosignPassword);
  const imageByDigest = `${repositoryName(inputs.image)}@${inputs.image.digest}`;

  const keyFile = keyFileFor(inputs.cosignKey, workDir, 'cosign.key', cleanup);
  const dockerConfig = dockerConfigDir(inputs.image.registry, inputs, workDir, cleanup);
  if (dockerConfig) process.env.DOCKER_CONFIG = dockerConfig;

  const predicate = verificationPredicate({
    environment: inputs.environment,
    digest: inputs.image.digest,
    verdict: 'pass',
    checks: verificationChecks(report),
  });
  const predicateFile = join(workDir, `verification-${crypto.randomUUID()}.json`);
  writeVerificationPredicate(predicateFile, predicate);

  const cosign = await installTool(cosignSpec(inputs.cosignVersion), { mirror: inputs.toolsMirror });
  const request: SigningRequest = {
    imageByDigest,
    keyFile,
    password: inputs.cosignPassword,
    tlogUpload: inputs.tlogUpload,
  };
  const args = cosignAttestArgs(request, predicateFile, VERIFICATION_PREDICATE_TYPE);
  if (inputs.insecureRegistry)
    args.splice(args.length - 1, 0, '--allow-http-registry=true', '--allow-insecure-registry=true');
  core.info(`Attesting ${imageByDigest}: passed verification in ${inputs.environment}`);
  await runCosign(cosign, args, request.password);
  return {
    image: imageByDigest,
    predicateType: VERIFICATION_PREDICATE_TYPE,
    predicate,
    signer: keyFile ? 'the given key' : "keyless (the workflow's OIDC identity)",
  };
}

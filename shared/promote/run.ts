import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runAction } from '../action.js';
import { type VerifyRequest, verifiedAttestations, verifySignature } from '../cosign.js';
import { dockerConfigDir, keyFile } from '../credentials.js';
import { ConfigurationError } from '../errors.js';
import { repositoryName } from '../release/reference.js';
import { addToReferrersTag, copyManifest, RegistryClient, referrersTag } from '../release/registry.js';
import {
  missingVerificationProof,
  parseAttestations,
  VERIFICATION_PREDICATE_TYPE,
} from '../release/verification.js';
import { SummaryBuilder } from '../report/summary.js';
import * as core from '../runner.js';
import { CleanupState } from '../state.js';
import { execTool } from '../tools/exec.js';
import { installTool } from '../tools/installer.js';
import { cosignSpec } from '../tools/versions.js';
import { getPromoteInputs, type PromoteInputs } from './inputs.js';

export interface PromoteResult {
  sourceImage: string;
  digest: string;
  image: string;
  tags: string[];
  /** The chain of evidence, in order, one line each. */
  evidence: string[];
}

/** Tags under which cosign stores signatures and attestations when a registry has no referrers API. */
function signatureTags(digest: string): string[] {
  const tag = referrersTag(digest);
  return [tag, `${tag}.sig`, `${tag}.att`, `${tag}.sbom`];
}

async function copy(
  source: string,
  destination: string,
  options: { srcAuth?: string; destAuth?: string; insecure: boolean },
) {
  const args = ['copy', '--all', '--preserve-digests', '--retry-times', '3'];
  if (options.srcAuth) args.push('--src-authfile', options.srcAuth);
  if (options.destAuth) args.push('--dest-authfile', options.destAuth);
  if (options.insecure) args.push('--src-tls-verify=false', '--dest-tls-verify=false');
  await execTool('skopeo', [...args, `docker://${source}`, `docker://${destination}`], {
    timeoutMs: 30 * 60_000,
  });
}

export async function promote(inputs: PromoteInputs, cleanup = new CleanupState()): Promise<PromoteResult> {
  mkdirSync(inputs.workDir, { recursive: true });
  const evidence: string[] = [];
  const sourceRepository = repositoryName(inputs.image);
  const targetRepository = repositoryName(inputs.target);
  const sourceClient = new RegistryClient(inputs.image.registry, {
    ...inputs.source,
    insecure: inputs.insecureRegistry,
  });
  const targetClient = new RegistryClient(inputs.target.registry, {
    ...inputs.destination,
    insecure: inputs.insecureRegistry,
  });

  const digest = inputs.image.digest ?? (await sourceClient.resolve(inputs.image));
  if (!digest)
    throw new ConfigurationError(
      `input 'image': ${sourceRepository}:${inputs.image.tag} does not exist in the registry`,
    );
  if (inputs.image.digest) {
    const present = await sourceClient.resolve(inputs.image);
    if (!present)
      throw new ConfigurationError(
        `input 'image': ${sourceRepository}@${digest} does not exist in the registry`,
      );
  } else {
    core.info(`${sourceRepository}:${inputs.image.tag} is ${digest}`);
    evidence.push(`Resolved \`${sourceRepository}:${inputs.image.tag}\` to \`${digest}\``);
  }
  const sourceImage = `${sourceRepository}@${digest}`;

  const cosign = await installTool(cosignSpec(inputs.cosignVersion), { mirror: inputs.toolsMirror });
  const srcConfig = dockerConfigDir(inputs.image.registry, inputs.source, inputs.workDir, cleanup);
  const srcAuth = srcConfig ? join(srcConfig, 'config.json') : undefined;
  if (srcConfig) process.env.DOCKER_CONFIG = srcConfig;
  const key = keyFile(inputs.identity.key, inputs.workDir, 'cosign.pub', cleanup);
  const verifyAt = (image: string): VerifyRequest => ({
    ...inputs.identity,
    key,
    image,
    ignoreTlog: inputs.ignoreTlog,
    insecureRegistry: inputs.insecureRegistry,
  });
  // The verification attestation is checked against its own signer.
  const attestationKey = inputs.attestationSignerIsImageSigner
    ? key
    : keyFile(inputs.attestationIdentity.key, inputs.workDir, 'attestation.pub', cleanup);
  const attestationAt = (image: string): VerifyRequest => ({
    ...inputs.attestationIdentity,
    key: attestationKey,
    image,
    ignoreTlog: inputs.ignoreTlog,
    insecureRegistry: inputs.insecureRegistry,
  });
  /** Why the attestations at `image` do not prove the pass, or undefined when they do. */
  const verificationProblem = async (image: string): Promise<string | undefined> => {
    const attested = await verifiedAttestations(cosign, attestationAt(image), VERIFICATION_PREDICATE_TYPE);
    return 'missing' in attested
      ? `no signed verification attestation (${attested.missing})`
      : missingVerificationProof(parseAttestations(attested.stdout), digest, inputs.sourceEnvironment, {
          maxMs: inputs.maxAttestationAgeMs,
        });
  };

  const signature = await verifySignature(cosign, verifyAt(sourceImage));
  if (!signature.verified)
    throw new ConfigurationError(
      `refusing to promote ${sourceImage}: signature not verified: ${signature.detail}`,
    );
  evidence.push(`Signature verified: ${signature.detail}`);

  if (inputs.requireVerification) {
    const why = await verificationProblem(sourceImage);
    if (why)
      throw new ConfigurationError(
        `refusing to promote ${sourceImage} to ${inputs.targetEnvironment}: ${why}`,
      );
    evidence.push(
      `Passed verification in ${inputs.sourceEnvironment} (signed ${VERIFICATION_PREDICATE_TYPE} attestation)`,
    );
    if (inputs.attestationSignerIsImageSigner) {
      const note =
        "the verification attestation was checked against the image's own signer: the job that built the image could vouch for its verification; give attestation-key (or attestation-certificate-identity) to require the verifying job's";
      core.warning(note);
      evidence.push(`⚠️ ${note}`);
    }
  } else {
    core.warning(
      'require-verification is false: promoting without proof of verification in the source environment',
    );
  }

  // Immutable tags (the version) must not move; the environment tag moves with each promotion.
  const conflicts: string[] = [];
  for (const tag of inputs.tags) {
    const existing = await targetClient.resolve({ ...inputs.target, tag });
    if (existing && existing !== digest) conflicts.push(`${targetRepository}:${tag} is ${existing}`);
  }
  if (conflicts.length) {
    throw new ConfigurationError(
      `immutable tag(s) already point to another digest: ${conflicts.join('; ')}; refusing to move them to ${digest}. Nothing was copied.`,
    );
  }

  const destConfig = dockerConfigDir(inputs.target.registry, inputs.destination, inputs.workDir, cleanup);
  const destAuth = destConfig ? join(destConfig, 'config.json') : undefined;
  const copyOptions = { srcAuth, destAuth, insecure: inputs.insecureRegistry };
  const tags = [inputs.targetEnvironment, ...inputs.tags].filter(
    (tag, index, all) => all.indexOf(tag) === index,
  );
  for (const tag of tags) await copy(sourceImage, `${targetRepository}:${tag}`, copyOptions);
  const copiedArtifacts: string[] = [];
  // Signatures and attestations: cosign's tag fallback, and OCI 1.1 referrers where the registry
  // has the referrers API; copied byte for byte so their digests, and so their signatures, hold.
  for (const tag of signatureTags(digest)) {
    if (await sourceClient.resolve({ ...inputs.image, digest: undefined, tag })) {
      await copyManifest(sourceClient, inputs.image.repository, tag, targetClient, inputs.target.repository);
      copiedArtifacts.push(tag);
    }
  }
  const referrers = (await sourceClient.referrersIndex(inputs.image.repository, digest)).manifests;
  for (const referrer of referrers) {
    await copyManifest(
      sourceClient,
      inputs.image.repository,
      referrer.digest,
      targetClient,
      inputs.target.repository,
    );
    copiedArtifacts.push(referrer.digest);
  }
  // A target without the referrers API cannot list them itself: the referrers tag schema does,
  // and that is where cosign looks there.
  if (referrers.length && !(await targetClient.referrersIndex(inputs.target.repository, digest)).api) {
    const added = await addToReferrersTag(targetClient, inputs.target.repository, digest, referrers);
    copiedArtifacts.push(`${referrersTag(digest)} (referrers tag schema, ${added} added)`);
  }
  evidence.push(
    `Copied \`${digest}\` to \`${targetRepository}\` as ${tags.map((t) => `\`${t}\``).join(', ')}, with signature artifacts ${copiedArtifacts.map((t) => `\`${t}\``).join(', ') || '(none found by tag)'}`,
  );

  // What arrives must verify where it now lives.
  const targetImage = `${targetRepository}@${digest}`;
  if (destConfig) process.env.DOCKER_CONFIG = destConfig;
  const atTarget = await verifySignature(cosign, verifyAt(targetImage));
  if (!atTarget.verified) {
    throw new ConfigurationError(
      `copied ${digest} but its signature does not verify at ${targetRepository}: ${atTarget.detail}`,
    );
  }
  if (inputs.requireVerification) {
    // The whole proof again, where it now lives: signer, digest, environment, verdict and age.
    const why = await verificationProblem(targetImage);
    if (why)
      throw new ConfigurationError(
        `copied ${digest} but its verification attestation does not prove it at ${targetRepository}: ${why}`,
      );
  }
  evidence.push(
    `Signature${inputs.requireVerification ? ' and verification attestation' : ''} verified at \`${targetRepository}\``,
  );
  return {
    sourceImage,
    digest,
    image: targetImage,
    tags: tags.map((tag) => `${targetRepository}:${tag}`),
    evidence,
  };
}

export function promoteSummary(inputs: PromoteInputs, result: PromoteResult): SummaryBuilder {
  return new SummaryBuilder()
    .heading(`🚀 Promoted to ${inputs.targetEnvironment}: ${result.image}`)
    .paragraph(`From \`${result.sourceImage}\` (${inputs.sourceEnvironment}).`)
    .heading('Chain of evidence', 3)
    .list(result.evidence.map((line, index) => `${index + 1}. ${line}`))
    .table(
      ['Tag at the target'],
      result.tags.map((tag) => [`\`${tag}\``]),
    );
}

export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = getPromoteInputs();
    const result = await promote(inputs);
    core.setOutput('image', result.image);
    core.setOutput('digest', result.digest);
    core.setOutput('tags', result.tags.join('\n'));
    await promoteSummary(inputs, result).write();
  });
}

import { join, resolve } from 'node:path';
import {
  type SignatureIdentity,
  type SignerInputNames,
  signatureIdentityInput,
  validateIdentity,
} from '../cosign.js';
import { credentialsInput } from '../credentials.js';
import { ConfigurationError } from '../errors.js';
import { Inputs, quote } from '../inputs.js';
import { type ImageReference, parseImageReference, repositoryName, TAG } from '../release/reference.js';
import { COSIGN_VERSION } from '../tools/versions.js';

export interface PromoteInputs {
  image: ImageReference;
  sourceEnvironment: string;
  targetEnvironment: string;
  target: ImageReference;
  /** Immutable tags to add at the target (e.g. the version); refused if they point elsewhere. */
  tags: string[];
  identity: SignatureIdentity;
  /**
   * Who must have signed the verification attestation: its own signer (the verifying job's), else
   * the image's — said in the summary, since then the job that built the image could vouch for it.
   */
  attestationIdentity: SignatureIdentity;
  attestationSignerIsImageSigner: boolean;
  /** The newest passing verification may be at most this old. */
  maxAttestationAgeMs: number;
  ignoreTlog: boolean;
  requireVerification: boolean;
  source: { username?: string; password?: string };
  destination: { username?: string; password?: string };
  insecureRegistry: boolean;
  cosignVersion: string;
  toolsMirror?: string;
  workDir: string;
}

const ENVIRONMENT = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

const ATTESTATION_SIGNER: SignerInputNames = {
  key: 'attestation-key',
  identity: 'attestation-certificate-identity',
  issuer: 'attestation-certificate-oidc-issuer',
};

export function getPromoteInputs(inputs = new Inputs(), env: NodeJS.ProcessEnv = process.env): PromoteInputs {
  const image = parseImageReference(inputs.required('image'));
  if (!image.digest && !image.tag) {
    throw new ConfigurationError(
      `input 'image': got ${quote(inputs.raw('image'))}, expected an image by digest (name@sha256:…) or by tag`,
    );
  }
  // Where a promotion may come from: through a form anyone with dispatch rights fills in, only the
  // repositories the target environment names, checked before any request is sent.
  const sourceRepositories = inputs.list('source-repositories').map((name) => {
    const parsed = parseImageReference(name, 'source-repositories');
    if (parsed.tag || parsed.digest)
      throw new ConfigurationError(
        `input 'source-repositories': got ${quote(name)}, expected repositories without tag or digest`,
      );
    return repositoryName(parsed);
  });
  if (inputs.boolean('require-source-repositories', false) && !sourceRepositories.length)
    throw new ConfigurationError(
      `input 'source-repositories' is required here (the target environment's PROMOTE_FROM variable): the repositories images may be promoted from`,
    );
  if (sourceRepositories.length && !sourceRepositories.includes(repositoryName(image)))
    throw new ConfigurationError(
      `input 'image': got ${quote(inputs.raw('image'))}, expected an image of ${sourceRepositories.join(' or ')} (source-repositories)`,
    );
  const environment = (name: string) => {
    const value = inputs.required(name);
    if (!ENVIRONMENT.test(value))
      throw new ConfigurationError(
        `input '${name}': got ${quote(value)}, expected an environment name like staging or production`,
      );
    return value;
  };
  const sourceEnvironment = environment('source-environment');
  const targetEnvironment = environment('target-environment');
  if (sourceEnvironment === targetEnvironment) {
    throw new ConfigurationError(
      `inputs 'source-environment' and 'target-environment' are both '${sourceEnvironment}': promotion moves between two environments`,
    );
  }
  const target = parseImageReference(inputs.required('target-repository'), 'target-repository');
  if (target.tag || target.digest) {
    throw new ConfigurationError(
      `input 'target-repository': got ${quote(inputs.raw('target-repository'))}, expected a repository without tag or digest`,
    );
  }
  const tags = inputs.list('tags');
  for (const tag of tags) {
    if (!TAG.test(tag))
      throw new ConfigurationError(
        `input 'tags': got ${quote(tag)}, expected tags of letters, digits, '_', '.', '-'`,
      );
  }
  const identity = signatureIdentityInput(inputs);
  if (!identity) validateIdentity({});
  const attestationSigner = signatureIdentityInput(inputs, ATTESTATION_SIGNER);
  // Keyless: the attestation must come from a workflow run of this repository (or the one named),
  // not from any repository that calls the same reusable workflow.
  const workflowRepository = inputs.string('attestation-workflow-repository', env.GITHUB_REPOSITORY ?? '');
  if (workflowRepository && !/^[\w.-]+\/[\w.-]+$/.test(workflowRepository))
    throw new ConfigurationError(
      `input 'attestation-workflow-repository': got ${quote(workflowRepository)}, expected owner/name`,
    );
  const attestationIdentity = { ...(attestationSigner ?? (identity as SignatureIdentity)) };
  if (!attestationIdentity.key && workflowRepository)
    attestationIdentity.workflowRepository = workflowRepository;
  return {
    image,
    sourceEnvironment,
    targetEnvironment,
    target,
    tags,
    identity: identity as SignatureIdentity,
    attestationIdentity,
    attestationSignerIsImageSigner: !attestationSigner,
    maxAttestationAgeMs: inputs.duration('max-attestation-age', '30d'),
    ignoreTlog: inputs.boolean('ignore-tlog', false),
    requireVerification: inputs.boolean('require-verification', true),
    source: credentialsInput(inputs),
    destination: credentialsInput(inputs, 'target-username', 'target-password'),
    insecureRegistry: inputs.boolean('insecure-registry', false),
    cosignVersion: inputs.toolVersion('cosign-version', COSIGN_VERSION),
    toolsMirror: inputs.toolsMirror(),
    workDir: join(env.RUNNER_TEMP || resolve('.tmp'), 'promote'),
  };
}

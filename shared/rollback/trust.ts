// What rollback puts back must be trustworthy: with a signer configured (a cosign key or a keyless
// identity), the target's signature is verified before anything changes, and a version that is no
// longer in the release history may still come from the registry — by tag, digest or image
// reference — because its signature vouches for it. Without a signer only the history counts.

import type { ReleaseState } from '../cluster/release-record.js';
import { verifiedAttestations, verifySignature } from '../cosign.js';
import { dockerConfigDir, keyFile } from '../credentials.js';
import { ConfigurationError } from '../errors.js';
import { quote } from '../inputs.js';
import {
  DIGEST,
  type ImageReference,
  parseImageReference,
  repositoryName,
  TAG,
} from '../release/reference.js';
import { RegistryClient } from '../release/registry.js';
import {
  missingVerificationProof,
  parseAttestations,
  VERIFICATION_PREDICATE_TYPE,
} from '../release/verification.js';
import * as core from '../runner.js';
import type { CleanupState } from '../state.js';
import { installTool } from '../tools/installer.js';
import { cosignSpec } from '../tools/versions.js';
import type { RollbackSigner } from './inputs.js';

export interface RollbackTarget {
  version: string;
  digest: string;
  image: string;
}

/** The release's image repository: the live color's, else the newest recorded one. */
export function releaseRepository(state: ReleaseState): ImageReference | undefined {
  const images = [
    state.activeColor ? state.colors[state.activeColor]?.image : undefined,
    ...state.history.map((entry) => entry.image),
  ];
  const image = images.find((candidate): candidate is string => Boolean(candidate));
  if (!image) return undefined;
  const { registry, repository } = parseImageReference(image);
  return { registry, repository };
}

/**
 * How `to` may name an image in the registry: a full reference, a digest, a tag (or a commit's sha-
 * tag). Only ever in the release's own repository: an image from elsewhere is refused, whoever
 * signed it, and no request (let alone a credential) goes to another registry.
 */
export function registryCandidates(to: string, repository: ImageReference | undefined): ImageReference[] {
  if (to === '' || to === 'previous' || /^#\d+$/.test(to)) return [];
  if (to.includes('/')) {
    const named = parseImageReference(to, 'to');
    if (!repository || repositoryName(named) !== repositoryName(repository))
      throw new ConfigurationError(
        `input 'to': got ${quote(to)}, expected an image of the release's own repository (${repository ? repositoryName(repository) : 'none recorded yet'})`,
      );
    return [named];
  }
  if (!repository) return [];
  if (DIGEST.test(to)) return [{ ...repository, digest: to }];
  if (!TAG.test(to)) return [];
  const tags = [to];
  if (/^v\d/.test(to)) tags.push(to.slice(1));
  if (/^[0-9a-f]{7,40}$/.test(to)) tags.push(`sha-${to.slice(0, 7)}`);
  return tags.map((tag) => ({ ...repository, tag }));
}

/** The first candidate the registry has, by digest; undefined when it has none of them. */
export async function targetFromRegistry(
  to: string,
  state: ReleaseState,
  signer: RollbackSigner,
): Promise<RollbackTarget | undefined> {
  const repository = releaseRepository(state);
  for (const candidate of registryCandidates(to, repository)) {
    const client = new RegistryClient(candidate.registry, {
      ...credentialsFor(candidate.registry, repository, signer),
      insecure: signer.insecureRegistry,
    });
    const digest = await client.resolve(candidate);
    if (!digest || (candidate.digest && candidate.digest !== digest)) continue;
    const version = candidate.tag ?? digest.slice('sha256:'.length, 'sha256:'.length + 12);
    core.info(
      `${to} is not in the release history; the registry has it: ${repositoryName(candidate)}@${digest}`,
    );
    return { version, digest, image: `${repositoryName(candidate)}@${digest}` };
  }
  return undefined;
}

/** The registry credentials are the release registry's: never given to another host. */
function credentialsFor(
  registry: string,
  repository: ImageReference | undefined,
  signer: RollbackSigner,
): { username?: string; password?: string } {
  return repository && registry === repository.registry ? signer.credentials : {};
}

/**
 * Verifies the image's signature and that it passed verification in `environment` (a signed
 * verification attestation for its digest); either missing refuses the rollback before any change.
 */
export async function requireSignature(
  image: string,
  state: ReleaseState,
  signer: RollbackSigner,
  environment: string,
  workDir: string,
  cleanup: CleanupState,
): Promise<string> {
  const cosign = await installTool(cosignSpec(signer.cosignVersion), { mirror: signer.toolsMirror });
  const { registry } = parseImageReference(image);
  const config = dockerConfigDir(
    registry,
    credentialsFor(registry, releaseRepository(state), signer),
    workDir,
    cleanup,
  );
  if (config) process.env.DOCKER_CONFIG = config;
  const request = {
    ...signer.identity,
    key: keyFile(signer.identity.key, workDir, 'cosign.pub', cleanup),
    image,
    ignoreTlog: signer.ignoreTlog,
    insecureRegistry: signer.insecureRegistry,
  };
  const outcome = await verifySignature(cosign, request);
  if (!outcome.verified)
    throw new ConfigurationError(
      `refusing to roll back to ${image}: signature not verified: ${outcome.detail}`,
    );
  // Signed is not enough: a signed image may have failed the gate or its SLOs. Any age will do.
  const attested = await verifiedAttestations(cosign, request, VERIFICATION_PREDICATE_TYPE);
  const digest = image.slice(image.indexOf('@') + 1);
  const why =
    'missing' in attested
      ? `no signed verification attestation (${attested.missing})`
      : missingVerificationProof(parseAttestations(attested.stdout), digest, environment);
  if (why)
    throw new ConfigurationError(
      `refusing to roll back to ${image}: it never passed verification in ${environment}: ${why}`,
    );
  return `${outcome.detail}; passed verification in ${environment}`;
}

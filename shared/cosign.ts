// Typed wrapper over the cosign CLI: signature verification for the gate (signing lives with
// build-push).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigurationError, ToolError } from './errors.js';
import { type Inputs, quote } from './inputs.js';
import { BY_DIGEST } from './release/reference.js';
import { execTool, stderrTail } from './tools/exec.js';

export interface SignatureIdentity {
  /** Path of a public key (or a KMS URI cosign understands). */
  key?: string;
  /** Keyless: the signer's certificate identity and its OIDC issuer. */
  certificateIdentity?: string;
  certificateOidcIssuer?: string;
  /** Keyless: the repository whose workflow run signed (Fulcio's GitHub workflow repository extension). */
  workflowRepository?: string;
}

/** The inputs that name a signer: the image's by default, the verification attestation's for promote. */
export interface SignerInputNames {
  key: string;
  identity: string;
  issuer: string;
}

export const IMAGE_SIGNER: SignerInputNames = {
  key: 'cosign-key',
  identity: 'certificate-identity',
  issuer: 'certificate-oidc-issuer',
};

export interface VerifyRequest extends SignatureIdentity {
  image: string;
  /** Skip the transparency log (private infrastructure, or signatures made with tlog upload off). */
  ignoreTlog?: boolean;
  /** Registry reached over plain HTTP. */
  insecureRegistry?: boolean;
}

export interface VerifyOutcome {
  verified: boolean;
  /** One line: who signed, or why verification failed (cosign's own words). */
  detail: string;
}

function isRegexp(value: string): boolean {
  return /[\^$*+?()[\]{}|\\]/.test(value);
}

export function validateIdentity(identity: SignatureIdentity, names: SignerInputNames = IMAGE_SIGNER): void {
  const keyless = Boolean(identity.certificateIdentity || identity.certificateOidcIssuer);
  if (identity.key && keyless) {
    throw new ConfigurationError(
      `inputs '${names.key}' and '${names.identity}' exclude each other: give a key or a keyless identity`,
    );
  }
  if (!identity.key && !keyless) {
    throw new ConfigurationError(
      `signature verification needs '${names.key}', or '${names.identity}' with '${names.issuer}'`,
    );
  }
  if (keyless && !(identity.certificateIdentity && identity.certificateOidcIssuer)) {
    throw new ConfigurationError(`keyless verification needs both '${names.identity}' and '${names.issuer}'`);
  }
}

/**
 * The signer an action's `cosign-key` / `certificate-identity` / `certificate-oidc-issuer` inputs
 * name, validated; a key path is made absolute. Undefined when none of them is given.
 */
export function signatureIdentityInput(
  inputs: Inputs,
  names: SignerInputNames = IMAGE_SIGNER,
): SignatureIdentity | undefined {
  let key = inputs.string(names.key) || undefined;
  const identity: SignatureIdentity = {
    certificateIdentity: inputs.string(names.identity) || undefined,
    certificateOidcIssuer: inputs.string(names.issuer) || undefined,
  };
  if (!key && !identity.certificateIdentity && !identity.certificateOidcIssuer) return undefined;
  if (key && !key.includes('-----BEGIN') && !/^[a-z0-9]+:\/\//.test(key)) {
    if (!existsSync(key))
      throw new ConfigurationError(
        `input '${names.key}': got ${quote(key)}, expected a public key (PEM), a path to one, or a KMS URI`,
      );
    key = resolve(key);
  }
  // A regular expression (cosign's *-regexp flags) must compile: a typo would match nothing, or anything.
  for (const [name, value] of [
    [names.identity, identity.certificateIdentity],
    [names.issuer, identity.certificateOidcIssuer],
  ] as const) {
    if (!value || !isRegexp(value)) continue;
    try {
      new RegExp(value);
    } catch (error) {
      throw new ConfigurationError(
        `input '${name}': got ${quote(value)}, expected an exact identity or a regular expression that compiles (${(error as Error).message})`,
      );
    }
  }
  const validated = { ...identity, key };
  validateIdentity(validated, names);
  return validated;
}

/** `verify`, or `verify-attestation --type TYPE` for attestations of a predicate type. */
export function cosignVerifyArgs(request: VerifyRequest, attestationType?: string): string[] {
  validateIdentity(request);
  const args = attestationType
    ? ['verify-attestation', '--type', attestationType]
    : ['verify', '--output', 'json'];
  if (request.key) {
    args.push('--key', request.key);
  } else {
    const identity = request.certificateIdentity as string;
    const issuer = request.certificateOidcIssuer as string;
    args.push(isRegexp(identity) ? '--certificate-identity-regexp' : '--certificate-identity', identity);
    args.push(isRegexp(issuer) ? '--certificate-oidc-issuer-regexp' : '--certificate-oidc-issuer', issuer);
    if (request.workflowRepository)
      args.push('--certificate-github-workflow-repository', request.workflowRepository);
  }
  if (request.ignoreTlog) args.push('--insecure-ignore-tlog=true');
  if (request.insecureRegistry) args.push('--allow-http-registry=true', '--allow-insecure-registry=true');
  // Keyless verification asks the Sigstore trust root; never let a silent network hang the gate.
  args.push('--timeout=120s');
  args.push(request.image);
  return args;
}

/** cosign reads any flag from COSIGN_<FLAG>: only our argv may decide how it verifies. */
function cosignEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const name of Object.keys(process.env))
    if (name.startsWith('COSIGN_') && name !== 'COSIGN_PASSWORD') env[name] = undefined;
  return env;
}

/** cosign's verdicts, as opposed to failures to reach a verdict (registry down, no trust root). */
const VERIFICATION_FAILURE =
  /no signatures found|no matching signatures|no matching attestations|invalid signature|image tag not found|MANIFEST_UNKNOWN/i;

/** cosign prints every error twice (`Error: …`, then `error during command execution: …`). */
function cosignReason(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((entry) => entry.trim())
    .find((entry) => entry.startsWith('Error: '));
  return (line ?? stderrTail(stderr, 1)).replace(/^Error:\s*/, '');
}

/**
 * Verifies an image. A missing or wrong signature is a verdict ({verified: false}); anything that
 * prevents a verdict (registry unreachable, trust root unavailable) throws, so the gate fails closed
 * with cosign's own words either way.
 */
export async function verifySignature(cosign: string, request: VerifyRequest): Promise<VerifyOutcome> {
  try {
    const result = await execTool(cosign, cosignVerifyArgs(request), {
      timeoutMs: 150_000,
      env: cosignEnv(),
    });
    let signatures = 0;
    try {
      const parsed = JSON.parse(result.stdout.trim());
      signatures = Array.isArray(parsed) ? parsed.length : 0;
    } catch {
      // cosign printed no JSON; exit code 0 still means verified
    }
    const who = request.key
      ? 'the given key'
      : `${request.certificateIdentity} (${request.certificateOidcIssuer})`;
    return { verified: true, detail: `${signatures || 'a'} valid signature(s) by ${who}` };
  } catch (error) {
    if (error instanceof ToolError && error.exitCode !== null) {
      const reason = cosignReason(error.stderr) || error.message;
      if (VERIFICATION_FAILURE.test(reason)) return { verified: false, detail: reason };
      throw new ToolError(
        `cosign verify failed (exit ${error.exitCode}): ${reason}`,
        'cosign',
        error.exitCode,
        error.stderr,
      );
    }
    throw error;
  }
}

export interface SigningRequest {
  /** image@sha256:… — signatures and attestations are always made by digest. */
  imageByDigest: string;
  /** Path of a private key (0600); keyless (the workflow's OIDC identity) when absent. */
  keyFile?: string;
  password?: string;
  /** Upload to the transparency log (default true; off for private infrastructure and tests). */
  tlogUpload: boolean;
}

function signingFlags(request: SigningRequest): string[] {
  const flags = ['--yes'];
  if (request.keyFile) flags.push('--key', request.keyFile);
  // Without the transparency log cosign must not fetch the public-good signing config either.
  if (!request.tlogUpload) flags.push('--use-signing-config=false', '--tlog-upload=false');
  return flags;
}

/**
 * `recursive`: an image index is signed with every platform manifest in it, so whichever digest a
 * node resolves (linux/arm64's own, not the index) carries the signature too.
 */
export function cosignSignArgs(request: SigningRequest, options: { recursive?: boolean } = {}): string[] {
  if (!BY_DIGEST.test(request.imageByDigest)) {
    throw new ConfigurationError(`cosign sign: '${request.imageByDigest}' is not a reference by digest`);
  }
  return [
    'sign',
    ...signingFlags(request),
    ...(options.recursive ? ['--recursive'] : []),
    request.imageByDigest,
  ];
}

/** `type` is cosign's predicate type: cyclonedx, slsaprovenance1, or a URI. */
export function cosignAttestArgs(request: SigningRequest, predicateFile: string, type: string): string[] {
  return [
    'attest',
    ...signingFlags(request),
    '--type',
    type,
    '--predicate',
    predicateFile,
    request.imageByDigest,
  ];
}

export async function runCosign(cosign: string, args: string[], password?: string): Promise<string> {
  const env = cosignEnv();
  if (password !== undefined) env.COSIGN_PASSWORD = password;
  try {
    const result = await execTool(cosign, args, {
      timeoutMs: 180_000,
      env,
      secrets: password ? [password] : [],
    });
    return result.stdout;
  } catch (error) {
    if (error instanceof ToolError && error.exitCode !== null) {
      throw new ToolError(
        `cosign ${args[0]} failed (exit ${error.exitCode}): ${cosignReason(error.stderr) || error.message}`,
        'cosign',
        error.exitCode,
        error.stderr,
      );
    }
    throw error;
  }
}

/**
 * The attestations of `type` on the image whose signatures verify with the identity: the raw
 * `cosign verify-attestation` output, or a reason when none verify. Infrastructure failures throw.
 */
export async function verifiedAttestations(
  cosign: string,
  request: VerifyRequest,
  type: string,
): Promise<{ stdout: string } | { missing: string }> {
  try {
    const result = await execTool(cosign, cosignVerifyArgs(request, type), {
      timeoutMs: 150_000,
      env: cosignEnv(),
    });
    return { stdout: result.stdout };
  } catch (error) {
    if (error instanceof ToolError && error.exitCode !== null) {
      const reason = cosignReason(error.stderr) || error.message;
      if (
        VERIFICATION_FAILURE.test(reason) ||
        /none of the attestations matched the predicate type/i.test(reason)
      ) {
        return { missing: reason };
      }
      throw new ToolError(
        `cosign verify-attestation failed (exit ${error.exitCode}): ${reason}`,
        'cosign',
        error.exitCode,
        error.stderr,
      );
    }
    throw error;
  }
}

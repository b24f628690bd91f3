// Typed wrapper over the cosign CLI: signature verification for the gate (signing lives with
// build-push).
import { existsSync, readFileSync } from 'node:fs';
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
  /** Keyless: a private Sigstore's trusted root (the public-good one, from its TUF repository, when absent). */
  trustedRoot?: TrustedRoot;
}

/** A Sigstore trusted root (cosign's --trusted-root), with what it lists. */
export interface TrustedRoot {
  path: string;
  certificateAuthorities: number;
  transparencyLogs: number;
  ctLogs: number;
  timestampAuthorities: number;
}

function listed(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/**
 * The trusted root in the file `input` names, checked: a Sigstore trusted root JSON that lists a
 * certificate authority, and a transparency log or a timestamp authority to prove a short-lived
 * certificate was valid when it signed.
 */
export function readTrustedRoot(path: string, input = 'trusted-root'): TrustedRoot {
  const refuse = (why: string) => new ConfigurationError(`input '${input}': got ${quote(path)}, ${why}`);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(
      code ? `which cannot be read (${code})` : 'which is not JSON: expected a Sigstore trusted root',
    );
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof parsed.mediaType !== 'string' ||
    !parsed.mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')
  )
    throw refuse('expected a Sigstore trusted root (mediaType application/vnd.dev.sigstore.trustedroot…)');
  const root: TrustedRoot = {
    path: resolve(path),
    certificateAuthorities: listed(parsed.certificateAuthorities),
    transparencyLogs: listed(parsed.tlogs),
    ctLogs: listed(parsed.ctlogs),
    timestampAuthorities: listed(parsed.timestampAuthorities),
  };
  if (!root.certificateAuthorities) throw refuse('which lists no certificate authority (Fulcio)');
  if (!root.transparencyLogs && !root.timestampAuthorities)
    throw refuse(
      "which lists neither a transparency log nor a timestamp authority: a keyless signature's time could not be proven",
    );
  return root;
}

/** The signing config in the file `input` names, checked to be one (cosign reads its services). */
export function readSigningConfig(path: string, input = 'signing-config'): void {
  let mediaType: unknown;
  try {
    mediaType = (JSON.parse(readFileSync(path, 'utf8')) as { mediaType?: unknown } | null)?.mediaType;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      `input '${input}': got ${quote(path)}, ${code ? `which cannot be read (${code})` : 'which is not JSON: expected a Sigstore signing config'}`,
    );
  }
  if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.signingconfig'))
    throw new ConfigurationError(
      `input '${input}': got ${quote(path)}, expected a Sigstore signing config (mediaType application/vnd.dev.sigstore.signingconfig…)`,
    );
}

/** What a private trusted root leaves out, for the log and the summary ("" for a complete one). */
export function trustedRootGaps(root: TrustedRoot): string {
  const gaps = [
    root.transparencyLogs ? '' : 'no transparency log (signed timestamps prove the time)',
    root.ctLogs ? '' : 'no certificate transparency log (no SCT checked)',
  ].filter(Boolean);
  return gaps.join('; ');
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
  const trustedRoot = inputs.string('trusted-root');
  if (trustedRoot) identity.trustedRoot = readTrustedRoot(trustedRoot);
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
  const root = request.key ? undefined : request.trustedRoot;
  if (root) {
    // A private Sigstore: its root alone says which logs there are to check.
    args.push('--trusted-root', root.path);
    if (!root.ctLogs) args.push('--insecure-ignore-sct=true');
    if (root.timestampAuthorities) args.push('--use-signed-timestamps=true');
  }
  if (request.ignoreTlog || (root && !root.transparencyLogs)) args.push('--insecure-ignore-tlog=true');
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
    const gaps = !request.key && request.trustedRoot ? trustedRootGaps(request.trustedRoot) : '';
    const who = request.key
      ? 'the given key'
      : `${request.certificateIdentity} (${request.certificateOidcIssuer}${request.trustedRoot ? `; private trusted root${gaps ? `: ${gaps}` : ''}` : ''})`;
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
  /** A private Sigstore: its signing config (the services) and trusted root. */
  signingConfig?: string;
  trustedRoot?: string;
}

function signingFlags(request: SigningRequest): string[] {
  const flags = ['--yes'];
  if (request.keyFile) flags.push('--key', request.keyFile);
  if (request.signingConfig) {
    // A private Sigstore's services (Fulcio, a timestamp authority, a log or none), not the public-good ones.
    flags.push('--signing-config', request.signingConfig);
    if (request.trustedRoot) flags.push('--trusted-root', request.trustedRoot);
  } else if (!request.tlogUpload) {
    // Without the transparency log cosign must not fetch the public-good signing config either.
    flags.push('--use-signing-config=false', '--tlog-upload=false');
  }
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

// Typed wrapper over the cosign CLI: signature verification for the gate (signing lives with
// build-push).
import { ConfigurationError, ToolError } from './errors.js';
import { execTool, stderrTail } from './tools/exec.js';

export interface SignatureIdentity {
  /** Path of a public key (or a KMS URI cosign understands). */
  key?: string;
  /** Keyless: the signer's certificate identity and its OIDC issuer. */
  certificateIdentity?: string;
  certificateOidcIssuer?: string;
}

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

export function validateIdentity(identity: SignatureIdentity): void {
  const keyless = Boolean(identity.certificateIdentity || identity.certificateOidcIssuer);
  if (identity.key && keyless) {
    throw new ConfigurationError(
      `inputs 'cosign-key' and 'certificate-identity' exclude each other: give a key or a keyless identity`,
    );
  }
  if (!identity.key && !keyless) {
    throw new ConfigurationError(
      `input 'verify-signature' needs 'cosign-key', or 'certificate-identity' with 'certificate-oidc-issuer'`,
    );
  }
  if (keyless && !(identity.certificateIdentity && identity.certificateOidcIssuer)) {
    throw new ConfigurationError(
      `keyless verification needs both 'certificate-identity' and 'certificate-oidc-issuer'`,
    );
  }
}

export function cosignVerifyArgs(request: VerifyRequest): string[] {
  validateIdentity(request);
  const args = ['verify', '--output', 'json'];
  if (request.key) {
    args.push('--key', request.key);
  } else {
    const identity = request.certificateIdentity as string;
    const issuer = request.certificateOidcIssuer as string;
    args.push(isRegexp(identity) ? '--certificate-identity-regexp' : '--certificate-identity', identity);
    args.push(isRegexp(issuer) ? '--certificate-oidc-issuer-regexp' : '--certificate-oidc-issuer', issuer);
  }
  if (request.ignoreTlog) args.push('--insecure-ignore-tlog=true');
  if (request.insecureRegistry) args.push('--allow-http-registry=true', '--allow-insecure-registry=true');
  args.push(request.image);
  return args;
}

/** Verifies and never throws for a bad signature: an unverified image is a verdict, not a crash. */
export async function verifySignature(cosign: string, request: VerifyRequest): Promise<VerifyOutcome> {
  try {
    const result = await execTool(cosign, cosignVerifyArgs(request), { timeoutMs: 120_000 });
    let signatures = 0;
    try {
      const parsed = JSON.parse(result.stdout);
      signatures = Array.isArray(parsed) ? parsed.length : 0;
    } catch {
      // cosign printed no JSON; its exit code 0 still means verified
    }
    const who = request.key
      ? `key ${request.key}`
      : `${request.certificateIdentity} (${request.certificateOidcIssuer})`;
    return { verified: true, detail: `${signatures || 'a'} valid signature(s) by ${who}` };
  } catch (error) {
    if (error instanceof ToolError && error.exitCode !== null) {
      const line = stderrTail(error.stderr, 1).replace(/^Error:\s*/, '') || error.message;
      return { verified: false, detail: line };
    }
    throw error;
  }
}

// Real cosign key pairs and signatures for the tests: offline (no TUF, no transparency log).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  VERIFICATION_PREDICATE_TYPE,
  verificationPredicate,
  writeVerificationPredicate,
} from '../../shared/release/verification.js';
import { requireTool } from './tools.js';

export interface KeyPair {
  privateKey: string;
  publicKey: string;
  password: string;
}

export function generateKeyPair(parent: string): KeyPair {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'cosign-keys-'));
  const password = 'test-password';
  execFileSync(requireTool('cosign'), ['generate-key-pair'], {
    cwd: dir,
    env: { ...process.env, COSIGN_PASSWORD: password },
    stdio: 'pipe',
  });
  return { privateKey: join(dir, 'cosign.key'), publicKey: join(dir, 'cosign.pub'), password };
}

/** Signs an image by digest with a key; no signing config, no transparency log upload. */
export function signImage(imageByDigest: string, keys: KeyPair): void {
  execFileSync(
    requireTool('cosign'),
    [
      'sign',
      '--yes',
      '--key',
      keys.privateKey,
      '--use-signing-config=false',
      '--tlog-upload=false',
      imageByDigest,
    ],
    { env: { ...process.env, COSIGN_PASSWORD: keys.password }, stdio: 'pipe' },
  );
}

/**
 * `cosign verify` — or `verify-attestation --type` when `attestationType` is given — with a public
 * key, offline (no transparency log). Returns cosign's stdout; throws when it does not verify.
 */
export function verifyWithKey(image: string, publicKey: string, attestationType?: string): string {
  const command = attestationType ? ['verify-attestation', '--type', attestationType] : ['verify'];
  return execFileSync(
    requireTool('cosign'),
    [...command, '--key', publicKey, '--insecure-ignore-tlog=true', image],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  ).toString();
}

/** The predicate verify-slo attests on a pass, for the digest of `image` (or the one claimed), in a file. */
export function passPredicateFile(
  image: string,
  environment: string,
  options: { claimedDigest?: string; verifiedAt?: Date } = {},
): string {
  const path = join(mkdtempSync(join(tmpdir(), 'predicate-')), 'verification.json');
  writeVerificationPredicate(
    path,
    verificationPredicate({
      environment,
      digest: options.claimedDigest ?? (image.split('@')[1] as string),
      verdict: 'pass',
      checks: [{ name: 'error-rate', result: 'pass' }],
      verifiedAt: options.verifiedAt,
    }),
  );
  return path;
}

/** What verify-slo does on a pass: a signed verification attestation for the digest, with a key. */
export function attestVerification(
  image: string,
  environment: string,
  keys: KeyPair,
  options: { claimedDigest?: string; verifiedAt?: Date } = {},
): void {
  const path = passPredicateFile(image, environment, options);
  execFileSync(
    requireTool('cosign'),
    [
      'attest',
      '--yes',
      '--key',
      keys.privateKey,
      '--use-signing-config=false',
      '--tlog-upload=false',
      '--type',
      VERIFICATION_PREDICATE_TYPE,
      '--predicate',
      path,
      image,
    ],
    { env: { ...process.env, COSIGN_PASSWORD: keys.password }, stdio: 'pipe' },
  );
}

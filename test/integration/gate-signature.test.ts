// security-gate verifying cosign signatures for real: images in the local registry signed by a key
// pair the test generates (transparency log off), verified by the gate's cosign.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorLines, runBundle } from '../support/bundle.js';
import { generateKeyPair, type KeyPair, signImage, verifyWithKey } from '../support/cosign.js';
import type { ScanEnvironment } from '../support/global-setup.js';
import { scanEnvironment } from '../support/scan-env.js';

let env: ScanEnvironment;
let signer: KeyPair;
let stranger: KeyPair;

function gate(inputs: Record<string, string>) {
  return runBundle('security-gate', {
    'db-repository': env.dbRepository,
    'cache-dir': join(env.workDir, 'trivy-cache-signature'),
    'verify-signature': 'true',
    'ignore-tlog': 'true',
    ...inputs,
  });
}

beforeAll(() => {
  env = scanEnvironment();
  signer = generateKeyPair(join(env.workDir, 'keys'));
  stranger = generateKeyPair(join(env.workDir, 'keys'));
  // The clean image is signed by `signer`; the vulnerable one by nobody.
  signImage(env.images.cleanDigest, signer);
});

describe('security-gate signature verification', () => {
  it('generated keys are private (0600)', () => {
    expect(statSync(signer.privateKey).mode & 0o777).toBe(0o600);
  });

  it('passes an image signed by the given key', async () => {
    const run = await gate({
      'scan-ref': env.images.cleanDigest,
      'cosign-key': signer.publicKey,
      compliance: 'SOC2',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    // CC6.8 (signature verified) counts as evidence.
    expect(run.summary).toMatch(/\| CC6\.8 \| .* \| ✅ pass \| signature verified \|/);
  });

  it('accepts the public key as PEM content and leaves no key file behind', async () => {
    const run = await gate({
      'scan-ref': env.images.cleanDigest,
      'cosign-key': readFileSync(signer.publicKey, 'utf8'),
    });
    expect(run.outputs.verdict).toBe('pass');
    expect(() => statSync(join(run.runnerTemp, 'security-gate', 'cosign.pub'))).toThrow();
  });

  it("refuses an unsigned image with cosign's reason, before scanning it", async () => {
    const run = await gate({
      'scan-ref': env.images.vulnerableDigest,
      'cosign-key': signer.publicKey,
      'max-critical': '-1',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(JSON.parse(run.outputs.reasons!)).toEqual(['image signature not verified: no signatures found']);
    expect(errorLines(run)).toEqual([
      'security gate failed: image signature not verified: no signatures found (the image was not scanned)',
    ]);
    expect(run.stdout).not.toContain('$ trivy');
    expect(run.summary).toContain('Security gate: FAIL');
    expect(run.summary).toContain('The image was not scanned');
  });

  it('in report mode still scans an unsigned image and lists the signature among the reasons', async () => {
    const run = await gate({
      'scan-ref': env.images.vulnerableDigest,
      'cosign-key': signer.publicKey,
      'max-critical': '-1',
      'max-high': '-1',
      mode: 'report',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verdict).toBe('fail');
    expect(JSON.parse(run.outputs.reasons!)).toEqual(['image signature not verified: no signatures found']);
    expect(run.stdout).toContain('$ trivy');
    expect(Number(run.outputs.critical)).toBeGreaterThan(0);
  });

  it('fails an image signed by another key', async () => {
    const run = await gate({ 'scan-ref': env.images.cleanDigest, 'cosign-key': stranger.publicKey });
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.outputs.reasons!)[0]).toMatch(
      /^image signature not verified: no matching (attestations|signatures): /,
    );
  });

  it('keyless verification that cannot reach the Sigstore trust root fails closed', async () => {
    const run = await gate({
      'scan-ref': env.images.cleanDigest,
      'certificate-identity': 'https://github.com/org/app/.github/workflows/release.yml@refs/heads/main',
      'certificate-oidc-issuer': 'https://token.actions.githubusercontent.com',
      'ignore-tlog': 'false',
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(errorLines(run)[0]).toMatch(/^cosign verify failed \(exit 1\): /);
  });

  it('refuses a key and a keyless identity together, before running anything', async () => {
    const run = await gate({
      'scan-ref': env.images.cleanDigest,
      'cosign-key': signer.publicKey,
      'certificate-identity': 'someone@example.com',
      'certificate-oidc-issuer': 'https://issuer.example.com',
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      "inputs 'cosign-key' and 'certificate-identity' exclude each other: give a key or a keyless identity",
    ]);
    expect(run.outputs.verdict).toBeUndefined();
    expect(run.stdout).not.toContain('$ trivy');
  });
});

describe('the scan as a vulnerability attestation, and a later gate reading its baseline from it', () => {
  const scanInputs = () => ({
    'db-repository': env.dbRepository,
    'cache-dir': join(env.workDir, 'trivy-cache-signature'),
    'scan-ref': env.images.vulnerableDigest,
  });

  it('attest writes the report onto the image by digest; baseline-image reads it back, verified', async () => {
    const scan = await runBundle('security-gate', {
      ...scanInputs(),
      'max-critical': '-1',
      attest: 'true',
      'attest-key': readFileSync(signer.privateKey, 'utf8'),
      'attest-key-password': signer.password,
      'tlog-upload': 'false',
    });
    expect(scan.exitCode, scan.stdout).toBe(0);
    expect(scan.stdout).toContain(`Attesting the scan to ${env.images.vulnerableDigest}`);
    // cosign's own vuln predicate type, verifiable with the signer's public key.
    const attested = verifyWithKey(env.images.vulnerableDigest, signer.publicKey, 'vuln');
    expect(attested).toContain('"payloadType"');

    // The next release: nothing new against the live digest's attestation (fail-on new passes,
    // although the image has a CRITICAL), and a stranger's key cannot vouch for a baseline.
    const next = await runBundle('security-gate', {
      ...scanInputs(),
      'baseline-image': env.images.vulnerableDigest,
      'cosign-key': signer.publicKey,
      'ignore-tlog': 'true',
      'fail-on': 'new',
    });
    expect(next.exitCode, next.stdout).toBe(0);
    expect(next.outputs).toMatchObject({ verdict: 'pass', 'new-findings': '0', critical: '0' });
    expect(next.summary).toContain(
      `Baseline \`the vulnerability attestation of ${env.images.vulnerableDigest}\``,
    );
    // The signer's public key given as PEM content (a secret) verifies the baseline the same way.
    const pem = await runBundle('security-gate', {
      ...scanInputs(),
      'baseline-image': env.images.vulnerableDigest,
      'cosign-key': readFileSync(signer.publicKey, 'utf8'),
      'ignore-tlog': 'true',
      'fail-on': 'new',
    });
    expect(pem.exitCode, pem.stdout).toBe(0);
    expect(pem.outputs).toMatchObject({ verdict: 'pass', 'new-findings': '0' });
    expect(() => statSync(join(pem.runnerTemp, 'security-gate', 'cosign.pub'))).toThrow();
    const forged = await runBundle('security-gate', {
      ...scanInputs(),
      'baseline-image': env.images.vulnerableDigest,
      'cosign-key': stranger.publicKey,
      'ignore-tlog': 'true',
      'fail-on': 'new',
    });
    expect(forged.exitCode).toBe(1);
    expect(errorLines(forged)[0]).toMatch(
      /^input 'baseline-image': no verified vulnerability attestation on .+@sha256:[a-f0-9]{64}: /,
    );
    expect(forged.stdout).not.toContain('$ trivy');
  });

  it('refuses attest without a digest', async () => {
    const byTag = await runBundle('security-gate', { 'scan-ref': env.images.vulnerable, attest: 'true' });
    expect(errorLines(byTag)).toEqual([
      "input 'attest': needs scan-type image and 'scan-ref' by digest (registry/repo@sha256:…); attestations are made by digest",
    ]);
  });
});

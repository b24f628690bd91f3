// Keyless signing as a GitHub job with `id-token: write` does it, and verification by identity,
// offline: a private Sigstore on loopback (test/support/sigstore.ts) — an OIDC issuer minting
// tokens shaped like GitHub Actions', Fulcio with an ephemeral CA, a timestamp authority. The
// actions are given its signing config and trusted root, as a private Sigstore's users give them.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppBinary } from '../../scripts/lib/app-image.mjs';
import { VERIFICATION_PREDICATE_TYPE } from '../../shared/release/verification.js';
import { errorLines, runBundle } from '../support/bundle.js';
import type { ScanEnvironment } from '../support/global-setup.js';
import * as images from '../support/registry-image.js';
import { scanEnvironment } from '../support/scan-env.js';
import {
  attestVerificationKeyless,
  certificateIdentityOf,
  type PrivateSigstore,
  startPrivateSigstore,
  verifyKeyless,
  type WorkflowIdentity,
} from '../support/sigstore.js';

let env: ScanEnvironment;
let sigstore: PrivateSigstore;
let appContext: string;
const RELEASE: WorkflowIdentity = {
  repository: 'acme/shop',
  workflow: '.github/workflows/release.yml',
  ref: 'refs/heads/main',
};

/** build-push with sign: true and no key, as a job of `identity` whose token `issuer` mints. */
async function buildAndSign(
  repository: string,
  identity: WorkflowIdentity,
  issuer = 0,
  sha = '0123456789abcdef0123456789abcdef01234567',
) {
  const run = await runBundle(
    'build-push',
    {
      context: appContext,
      image: `${env.registry}/${repository}`,
      sha,
      ref: 'refs/heads/main',
      'insecure-registry': 'true',
      sign: 'true',
      provenance: 'true',
      'signing-config': sigstore.signingConfig,
      'trusted-root': sigstore.trustedRoot,
    },
    { env: { STORAGE_DRIVER: 'vfs', ...sigstore.issuers[issuer]!.jobEnv(identity) } },
  );
  expect(run.exitCode, run.stdout).toBe(0);
  return run.outputs.image!;
}

function gate(image: string, inputs: Record<string, string> = {}) {
  return runBundle('security-gate', {
    'db-repository': env.dbRepository,
    'cache-dir': join(env.workDir, 'trivy-cache-keyless'),
    'scan-ref': image,
    'verify-signature': 'true',
    'certificate-identity': certificateIdentityOf(RELEASE),
    'certificate-oidc-issuer': sigstore.issuers[0]!.url,
    'trusted-root': sigstore.trustedRoot,
    ...inputs,
  });
}

beforeAll(async () => {
  env = scanEnvironment();
  appContext = buildAppBinary();
  sigstore = await startPrivateSigstore(2);
});

afterAll(async () => {
  await sigstore?.stop();
});

describe('keyless signing with a private Sigstore', () => {
  let signed: string;

  it("build-push signs with the job's OIDC token (Fulcio certificate, signed timestamp); the gate passes the release workflow's signature", async () => {
    signed = await buildAndSign('keyless/release', RELEASE);
    const run = await gate(signed);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    expect(run.stdout).toContain('--use-signed-timestamps=true');
    expect(run.stdout).toContain('--insecure-ignore-sct=true');
    const root =
      'private trusted root: no transparency log (signed timestamps prove the time); no certificate transparency log (no SCT checked)';
    expect(run.summary).toContain(
      `valid signature(s) by ${certificateIdentityOf(RELEASE)} (${sigstore.issuers[0]!.url}; ${root})`,
    );
  });

  it('without the private trusted root cosign asks the public-good Sigstore (unreachable here): the gate fails closed', async () => {
    const run = await gate(signed, { 'trusted-root': '', 'ignore-tlog': 'true' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toContain('--trusted-root');
    expect(errorLines(run)[0]).toMatch(/^cosign verify failed \(exit 1\): .*trusted root/);
    expect(run.outputs.verdict).not.toBe('pass');
  });

  it.each([
    [
      'another workflow of the repository',
      'keyless/other-workflow',
      { ...RELEASE, workflow: '.github/workflows/experiment.yml' },
      0,
    ],
    [
      'the same workflow in another repository',
      'keyless/other-repository',
      { ...RELEASE, repository: 'mallory/shop' },
      0,
    ],
    ['the release workflow, with a token of another issuer', 'keyless/other-issuer', RELEASE, 1],
  ] as const)(
    'the gate refuses a signature by %s in one line, before scanning',
    async (_, repository, identity, issuer) => {
      const image = await buildAndSign(repository, identity, issuer);
      const run = await gate(image);
      expect(run.exitCode).toBe(1);
      const [line, ...more] = errorLines(run);
      expect(more).toEqual([]);
      expect(line).toMatch(
        /^security gate failed: image signature not verified: no matching attestations: failed to verify certificate identity: /,
      );
      // cosign names what the certificate holds: the other workflow, or the other issuer.
      expect(line).toContain(
        issuer ? `got "${sigstore.issuers[issuer]!.url}"` : `got "${certificateIdentityOf(identity)}"`,
      );
      expect(line).toMatch(/\(the image was not scanned\)$/);
      expect(run.stdout).not.toContain('$ trivy');
    },
  );
});

describe('promote, keyless: the image by the release workflow, its verification by the delivery workflow', () => {
  const DELIVER: WorkflowIdentity = { ...RELEASE, workflow: '.github/workflows/deliver.yml' };
  /** Any workflow of any repository on this issuer: the repository is pinned apart. */
  const ANY_WORKFLOW = '^https://github\\.com/[^/]+/[^/]+/\\.github/workflows/[^/]+@refs/heads/main$';

  function promote(image: string, inputs: Record<string, string> = {}) {
    return runBundle('promote', {
      image,
      'source-environment': 'staging',
      'target-environment': 'production',
      'target-repository': `${env.registry}/keyless-production/shop`,
      'certificate-identity': ANY_WORKFLOW,
      'certificate-oidc-issuer': sigstore.issuers[0]!.url,
      'trusted-root': sigstore.trustedRoot,
      'attestation-workflow-repository': RELEASE.repository,
      'insecure-registry': 'true',
      ...inputs,
    });
  }

  it("copies the digest with both, and they verify at the target by the workflows' identities", async () => {
    const image = await buildAndSign('keyless-staging/shop', RELEASE);
    await attestVerificationKeyless(sigstore, image, 'staging', DELIVER);
    const run = await promote(image);
    expect(run.exitCode, run.stdout).toBe(0);
    const target = `${env.registry}/keyless-production/shop@${run.outputs.digest}`;
    await verifyKeyless(sigstore, target, RELEASE);
    await verifyKeyless(sigstore, target, DELIVER, VERIFICATION_PREDICATE_TYPE);
  });

  it("refuses a verification attested by another repository's workflow, in one line; pinned to that repository, the same one passes", async () => {
    const image = await buildAndSign(
      'keyless-staging/shop-2',
      RELEASE,
      0,
      'bbbbbbb000000000000000000000000000000002',
    );
    await attestVerificationKeyless(sigstore, image, 'staging', { ...DELIVER, repository: 'mallory/shop' });
    const run = await promote(image, { 'target-repository': `${env.registry}/keyless-production/shop-2` });
    expect(run.exitCode).toBe(1);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^refusing to promote .* to production: no signed verification attestation/);
    const target = `${env.registry}/keyless-production/shop-2`;
    expect(await images.registryDigest(env.registry, 'keyless-production/shop-2', 'production')).toBeNull();
    // The repository pin is what refused it: pinned to that repository, the same attestation passes.
    const pinned = await promote(image, {
      'target-repository': target,
      'attestation-workflow-repository': 'mallory/shop',
    });
    expect(pinned.exitCode, pinned.stdout).toBe(0);
  });
});

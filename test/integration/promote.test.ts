// promote for real: an image built, signed and attested in a `staging` repository is promoted by
// digest to a `production` repository, and must verify there; every missing proof is refused.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolsBin } from '../../platform/index.mjs';
import { buildAppBinary } from '../../scripts/lib/app-image.mjs';
import { VERIFICATION_PREDICATE_TYPE } from '../../shared/release/verification.js';
import { errorLines, runBundle } from '../support/bundle.js';
import {
  attestVerification as attestWithKey,
  generateKeyPair,
  type KeyPair,
  verifyWithKey,
} from '../support/cosign.js';
import type { ScanEnvironment } from '../support/global-setup.js';
import { scanEnvironment } from '../support/scan-env.js';

let env: ScanEnvironment;
let keys: KeyPair;
let stranger: KeyPair;

async function buildSigned(
  repository: string,
  sha: string,
  signer: KeyPair | null = keys,
  registry = env.registry,
): Promise<string> {
  const run = await runBundle(
    'build-push',
    {
      context: buildAppBinary(),
      image: `${registry}/${repository}`,
      ref: 'refs/heads/main',
      sha,
      'insecure-registry': 'true',
      ...(signer
        ? {
            sign: 'true',
            'cosign-key': signer.privateKey,
            'cosign-password': signer.password,
            'tlog-upload': 'false',
          }
        : {}),
    },
    { env: { STORAGE_DRIVER: 'vfs' } },
  );
  expect(run.exitCode, run.stdout).toBe(0);
  return run.outputs.image!;
}

/** A signed verification attestation for the digest (the release key unless another is given). */
function attestVerification(
  image: string,
  environment: string,
  claimedDigest = image.split('@')[1]!,
  signer = keys,
  verifiedAt = new Date(),
): void {
  attestWithKey(image, environment, signer, { claimedDigest, verifiedAt });
}

function promote(image: string, inputs: Record<string, string> = {}) {
  return runBundle('promote', {
    image,
    'source-environment': 'staging',
    'target-environment': 'production',
    'target-repository': `${env.registry}/production/app`,
    'cosign-key': keys.publicKey,
    'ignore-tlog': 'true',
    'insecure-registry': 'true',
    ...inputs,
  });
}

beforeAll(() => {
  env = scanEnvironment();
  keys = generateKeyPair(join(env.workDir, 'promote-keys'));
  stranger = generateKeyPair(join(env.workDir, 'promote-keys'));
});

describe('promote', () => {
  it('copies a verified digest with its signature and attestations; they verify at the target', async () => {
    const image = await buildSigned('staging/app', 'aaaaaaa000000000000000000000000000000001');
    attestVerification(image, 'staging');
    const digest = image.split('@')[1]!;
    const run = await promote(image, { tags: '1.4.0' });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ image: `${env.registry}/production/app@${digest}`, digest });
    expect(run.outputs.tags!.split('\n')).toEqual([
      `${env.registry}/production/app:production`,
      `${env.registry}/production/app:1.4.0`,
    ]);
    const target = `${env.registry}/production/app@${digest}`;
    verifyWithKey(target, keys.publicKey);
    verifyWithKey(target, keys.publicKey, VERIFICATION_PREDICATE_TYPE);
    expect(run.summary).toContain('Chain of evidence');
    expect(run.summary).toContain('Passed verification in staging');
    expect(run.summary).toContain('verified at `');
  });

  it('resolves a tag to its digest and prints both', async () => {
    const image = await buildSigned('staging/app-by-tag', 'bbbbbbb000000000000000000000000000000002');
    attestVerification(image, 'staging');
    const run = await promote(`${env.registry}/staging/app-by-tag:sha-bbbbbbb`, {
      'target-repository': `${env.registry}/production/app-by-tag`,
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain(`${env.registry}/staging/app-by-tag:sha-bbbbbbb is ${image.split('@')[1]}`);
  });

  it('refuses without the verification attestation', async () => {
    const image = await buildSigned('staging/app-unverified', 'ccccccc000000000000000000000000000000003');
    const run = await promote(image, { 'target-repository': `${env.registry}/production/app-unverified` });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toMatch(
      /^refusing to promote .* to production: no signed verification attestation \(/,
    );
  });

  it('refuses proof for another digest, and proof from another environment', async () => {
    const image = await buildSigned('staging/app-wrong-proof', 'ddddddd000000000000000000000000000000004');
    attestVerification(image, 'staging', `sha256:${'0'.repeat(64)}`);
    const run = await promote(image, { 'target-repository': `${env.registry}/production/app-wrong-proof` });
    expect(errorLines(run)[0]).toContain(
      `the verification attestation is for another digest (sha256:${'0'.repeat(64)})`,
    );

    const dev = await buildSigned('staging/app-dev-proof', 'eeeeeee000000000000000000000000000000005');
    attestVerification(dev, 'dev');
    const fromDev = await promote(dev, { 'target-repository': `${env.registry}/production/app-dev-proof` });
    expect(errorLines(fromDev)[0]).toContain(`was verified in dev, not in staging`);
  });

  it("checks the attestation against its own signer: the build job's key cannot vouch for the verification", async () => {
    const image = await buildSigned('staging/app-two-signers', '1111111000000000000000000000000000000007');
    // The verifying job's key (stranger here) signs the proof; the build job's key signed the image.
    attestVerification(image, 'staging', undefined, stranger);
    const apart = await promote(image, {
      'target-repository': `${env.registry}/production/app-two-signers`,
      'attestation-key': stranger.publicKey,
    });
    expect(apart.exitCode, apart.stdout).toBe(0);
    expect(apart.summary).not.toContain("checked against the image's own signer");

    // A proof signed by the build job's key only is refused when the verifier's key is required.
    const selfVouched = await buildSigned(
      'staging/app-self-vouched',
      '2222222000000000000000000000000000000008',
    );
    attestVerification(selfVouched, 'staging');
    const refused = await promote(selfVouched, {
      'target-repository': `${env.registry}/production/app-self-vouched`,
      'attestation-key': stranger.publicKey,
    });
    expect(refused.exitCode).toBe(1);
    expect(errorLines(refused)[0]).toMatch(/^refusing to promote .*: no signed verification attestation \(/);

    // Without attestation-key it passes, saying whose key vouched.
    const same = await promote(selfVouched, {
      'target-repository': `${env.registry}/production/app-self-vouched`,
    });
    expect(same.exitCode, same.stdout).toBe(0);
    expect(same.summary).toContain("checked against the image's own signer");
  });

  it('refuses a verification older than max-attestation-age', async () => {
    const image = await buildSigned('staging/app-stale', '3333333000000000000000000000000000000009');
    attestVerification(image, 'staging', undefined, keys, new Date(Date.now() - 3 * 86_400_000));
    const run = await promote(image, {
      'target-repository': `${env.registry}/production/app-stale`,
      'max-attestation-age': '2d',
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toMatch(
      /last passed verification in staging at .*, longer ago than max-attestation-age \(48h\)$/,
    );
    const lenient = await promote(image, { 'target-repository': `${env.registry}/production/app-stale` });
    expect(lenient.exitCode, lenient.stdout).toBe(0);
  });

  it('through a form, only images of the repositories the target environment names; none named is refused', async () => {
    const image = `${env.registry}/x/app@sha256:${'d'.repeat(64)}`;
    const run = await promote(image, { 'source-repositories': `${env.registry}/staging/app` });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      `input 'image': got '${image}', expected an image of ${env.registry}/staging/app (source-repositories)`,
    ]);
    const unnamed = await promote(image, { 'require-source-repositories': 'true' });
    expect(errorLines(unnamed)[0]).toMatch(/^input 'source-repositories' is required here/);
  });

  it('refuses a wrong key and an unsigned digest', async () => {
    const image = await buildSigned('staging/app-keyed', 'fffffff000000000000000000000000000000006');
    attestVerification(image, 'staging');
    const wrongKey = await promote(image, {
      'cosign-key': stranger.publicKey,
      'target-repository': `${env.registry}/production/app-keyed`,
    });
    expect(wrongKey.exitCode).toBe(1);
    expect(errorLines(wrongKey)[0]).toMatch(/^refusing to promote .*: signature not verified: no matching/);

    const unsigned = await buildSigned(
      'staging/app-unsigned',
      '1111111000000000000000000000000000000007',
      null,
    );
    const run = await promote(unsigned, { 'target-repository': `${env.registry}/production/app-unsigned` });
    expect(errorLines(run)[0]).toMatch(
      /^refusing to promote .*: signature not verified: no signatures found/,
    );
  });

  it('never moves an immutable tag at the target', async () => {
    const first = await buildSigned('staging/app-versions', '2222222000000000000000000000000000000008');
    attestVerification(first, 'staging');
    expect(
      (
        await promote(first, {
          tags: '3.0.0',
          'target-repository': `${env.registry}/production/app-versions`,
        })
      ).exitCode,
    ).toBe(0);
    const second = await buildSigned('staging/app-versions', '3333333000000000000000000000000000000009');
    attestVerification(second, 'staging');
    const run = await promote(second, {
      tags: '3.0.0',
      'target-repository': `${env.registry}/production/app-versions`,
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toMatch(
      /^immutable tag\(s\) already point to another digest: .*production\/app-versions:3\.0\.0 is sha256:/,
    );
  });

  it.each([
    [
      { image: 'registry.example.com/app' },
      "input 'image': got 'registry.example.com/app', expected an image by digest",
    ],
    [
      { 'target-environment': 'staging' },
      "inputs 'source-environment' and 'target-environment' are both 'staging'",
    ],
    [{ 'target-environment': 'Prod!' }, "input 'target-environment': got 'Prod!'"],
    [
      { 'target-repository': 'registry.example.com/prod/app:1.0' },
      "input 'target-repository': got 'registry.example.com/prod/app:1.0', expected a repository without tag",
    ],
    [{ 'cosign-key': '/missing/cosign.pub' }, "input 'cosign-key': got '/missing/cosign.pub'"],
    [{ 'cosign-key': '' }, "signature verification needs 'cosign-key'"],
  ])('bad input %o: one line', async (inputs, message) => {
    const run = await promote(
      `registry.example.com/app@sha256:${'a'.repeat(64)}`,
      inputs as Record<string, string>,
    );
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toHaveLength(1);
    expect(errorLines(run)[0]).toContain(message);
  });
});

/** go-containerregistry's registry with the OCI 1.1 referrers API (test/fixtures/referrers-registry). */
async function startReferrersRegistry(): Promise<{ address: string; process: ChildProcess }> {
  const child = spawn(
    join(toolsBin, 'referrers-registry'),
    ['--address', '127.0.0.1:0', '--blobs', mkdtempSync(join(tmpdir(), 'referrers-registry-'))],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const address = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`referrers-registry exited with ${code}`)));
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return { address, process: child };
}

/** What a registry lists as referrers of `digest` (OCI 1.1 API); null where it has no API. */
async function listedReferrers(registry: string, repository: string, digest: string) {
  const response = await fetch(`http://${registry}/v2/${repository}/referrers/${digest}`);
  if (response.status === 404) return null;
  return ((await response.json()) as { manifests: { artifactType?: string }[] }).manifests;
}
const referrersTagExists = async (registry: string, repository: string, digest: string) =>
  (
    await fetch(`http://${registry}/v2/${repository}/manifests/${digest.replace(':', '-')}`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.oci.image.index.v1+json' },
    })
  ).ok;

describe('promote between a registry with the OCI 1.1 referrers API and one without', () => {
  let withApi: Awaited<ReturnType<typeof startReferrersRegistry>>;
  beforeAll(async () => {
    withApi = await startReferrersRegistry();
  });
  afterAll(() => {
    withApi?.process.kill();
  });

  it('from the API to a registry without it: the referrers tag schema is written at the target, and it verifies there', async () => {
    const image = await buildSigned(
      'staging/app',
      '2222222000000000000000000000000000000011',
      keys,
      withApi.address,
    );
    attestVerification(image, 'staging');
    const digest = image.split('@')[1]!;
    // cosign stored the signature and the attestation as referrers: listed by the API, no tag.
    expect((await listedReferrers(withApi.address, 'staging/app', digest))?.length).toBe(2);
    expect(await referrersTagExists(withApi.address, 'staging/app', digest)).toBe(false);
    expect(await listedReferrers(env.registry, 'production/from-api', digest)).toBeNull();

    const run = await promote(image, { 'target-repository': `${env.registry}/production/from-api` });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.summary).toContain(`${digest.replace(':', '-')} (referrers tag schema, 2 added)`);
    expect(await referrersTagExists(env.registry, 'production/from-api', digest)).toBe(true);
    const target = `${env.registry}/production/from-api@${digest}`;
    verifyWithKey(target, keys.publicKey);
    verifyWithKey(target, keys.publicKey, VERIFICATION_PREDICATE_TYPE);
    // Promoted again: the tag already lists both, nothing is added twice.
    const again = await promote(image, { 'target-repository': `${env.registry}/production/from-api` });
    expect(again.exitCode, again.stdout).toBe(0);
    expect(again.summary).toContain('(referrers tag schema, 0 added)');
  });

  it('from a registry without the API to one with it: the target lists the copied artifacts as referrers, and it verifies there', async () => {
    const image = await buildSigned('staging/app-to-api', '3333333000000000000000000000000000000012');
    attestVerification(image, 'staging');
    const digest = image.split('@')[1]!;
    expect(await listedReferrers(env.registry, 'staging/app-to-api', digest)).toBeNull();
    expect(await referrersTagExists(env.registry, 'staging/app-to-api', digest)).toBe(true);

    const run = await promote(image, { 'target-repository': `${withApi.address}/production/app` });
    expect(run.exitCode, run.stdout).toBe(0);
    expect((await listedReferrers(withApi.address, 'production/app', digest))?.length).toBe(2);
    const target = `${withApi.address}/production/app@${digest}`;
    verifyWithKey(target, keys.publicKey);
    verifyWithKey(target, keys.publicKey, VERIFICATION_PREDICATE_TYPE);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppBinary } from '../../scripts/lib/app-image.mjs';
import { errorLines, repoRoot, runBundle } from '../support/bundle.js';
import { generateKeyPair, type KeyPair, verifyWithKey } from '../support/cosign.js';
import { runProbeContext } from '../support/fixtures.js';
import type { ScanEnvironment } from '../support/global-setup.js';
import * as images from '../support/registry-image.js';
import { scanEnvironment } from '../support/scan-env.js';

let env: ScanEnvironment;
let keys: KeyPair;
/** The example app's build context: its Containerfile and binaries (scripts/lib/app-image.mjs). */
let context: string;
const SHA = '0123456789abcdef0123456789abcdef01234567';

function buildPush(inputs: Record<string, string>) {
  return runBundle(
    'build-push',
    { context, sha: SHA, 'insecure-registry': 'true', ...inputs },
    { env: { STORAGE_DRIVER: 'vfs' } },
  );
}

beforeAll(() => {
  env = scanEnvironment();
  context = buildAppBinary();
  keys = generateKeyPair(join(env.workDir, 'build-keys'));
});

describe('build-push', () => {
  it('builds both platforms, pushes every tag at one digest known before the push', async () => {
    const repository = 'pipeline-test/app-tags';
    const run = await buildPush({
      image: `${env.registry}/${repository}`,
      ref: 'refs/tags/v1.2.3',
      platforms: 'linux/amd64,linux/arm64',
      tags: 'stable',
    });
    expect(run.exitCode).toBe(0);
    const digest = run.outputs.digest!;
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(run.outputs.image).toBe(`${env.registry}/${repository}@${digest}`);
    expect(run.outputs.tags!.split('\n')).toEqual(
      ['1.2.3', '1.2', '1', 'sha-0123456', 'stable'].map((tag) => `${env.registry}/${repository}:${tag}`),
    );
    for (const tag of ['1.2.3', '1.2', '1', 'sha-0123456', 'stable'])
      expect(await images.registryDigest(env.registry, repository, tag)).toBe(digest);
    const index = await (
      await fetch(`http://${env.registry}/v2/${repository}/manifests/${digest}`, {
        headers: { accept: 'application/vnd.oci.image.index.v1+json' },
      })
    ).json();
    expect(
      index.manifests.map((m: { platform: { architecture: string } }) => m.platform.architecture).sort(),
    ).toEqual(['amd64', 'arm64']);
    expect(JSON.parse(run.outputs.metadata!).labels['org.opencontainers.image.version']).toBe('1.2.3');
    expect(run.summary).toContain(`Pushed ${env.registry}/${repository}@${digest}`);
  });

  it('runs a RUN step per platform (arm64 under qemu), pushes one index, and signs it and every platform', async () => {
    // The probe, compiled for each architecture; the kernel runs arm64's through binfmt_misc.
    const runContext = runProbeContext();
    const repository = 'pipeline-test/run-steps';
    const run = await buildPush({
      context: runContext,
      image: `${env.registry}/${repository}`,
      ref: 'refs/heads/main',
      platforms: 'linux/amd64,linux/arm64',
      sign: 'true',
      'cosign-key': readFileSync(keys.privateKey, 'utf8'),
      'cosign-password': keys.password,
      'tlog-upload': 'false',
    });
    expect(run.exitCode, run.stdout).toBe(0);
    const digest = run.outputs.digest!;
    const index = await images.registryJson(
      env.registry,
      repository,
      digest,
      'application/vnd.oci.image.index.v1+json',
    );
    const platforms = index.manifests as { digest: string; platform: { os: string; architecture: string } }[];
    expect(platforms.map((m) => `${m.platform.os}/${m.platform.architecture}`).sort()).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
    for (const manifest of platforms) {
      // The file the RUN step wrote says which architecture actually executed it.
      const files = await images.imageFiles(env.registry, repository, manifest.digest);
      expect(files.get('built-on')).toBe(`linux/${manifest.platform.architecture}\n`);
      // What a node of that architecture resolves is signed too (cosign sign --recursive).
      verifyWithKey(`${env.registry}/${repository}@${manifest.digest}`, keys.publicKey);
    }
    verifyWithKey(run.outputs.image!, keys.publicKey);
  });

  it('re-running the same build is the same digest and succeeds; a different image under the same version is refused before any push', async () => {
    const repository = 'pipeline-test/app-immutable';
    const image = `${env.registry}/${repository}`;
    const first = await buildPush({ image, ref: 'refs/tags/v2.0.0' });
    expect(first.exitCode).toBe(0);
    const again = await buildPush({ image, ref: 'refs/tags/v2.0.0' });
    expect(again.exitCode).toBe(0);
    expect(again.outputs.digest).toBe(first.outputs.digest);

    const other = await buildPush({
      image,
      ref: 'refs/tags/v2.0.0',
      sha: 'fedcba9876543210fedcba9876543210fedcba98',
      'build-args': 'VERSION=2.0.0-other',
    });
    expect(other.exitCode).toBe(1);
    const [error] = errorLines(other);
    expect(error).toMatch(
      new RegExp(
        `^immutable tag\\(s\\) already point to another digest: ${image.replace(/[.]/g, '\\.')}:2\\.0\\.0 is ${first.outputs.digest}; this build is sha256:[a-f0-9]{64}\\. Nothing was pushed\\.$`,
      ),
    );
    expect(await images.registryDigest(env.registry, repository, '2.0.0')).toBe(first.outputs.digest);
    expect(await images.registryDigest(env.registry, repository, 'sha-fedcba9')).toBeNull();
  });

  it('signs by digest and attaches SBOM and SLSA provenance that cosign verifies; post removes the key', async () => {
    const repository = 'pipeline-test/app-signed';
    const run = await buildPush({
      image: `${env.registry}/${repository}`,
      ref: 'refs/heads/main',
      sign: 'true',
      'cosign-key': readFileSync(keys.privateKey, 'utf8'),
      'cosign-password': keys.password,
      'tlog-upload': 'false',
      sbom: 'true',
      provenance: 'true',
    });
    expect(run.exitCode).toBe(0);
    // Masked: the only place the password appears is the runner's add-mask command.
    const printed = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(printed.join('\n')).not.toContain(keys.password);
    expect(run.stdout).toContain(`::add-mask::${keys.password}`);
    const image = run.outputs.image!;
    verifyWithKey(image, keys.publicKey);
    verifyWithKey(image, keys.publicKey, 'cyclonedx');
    verifyWithKey(image, keys.publicKey, 'slsaprovenance1');
    expect(run.summary).toContain('✅ signed by digest (cosign)');
    expect(JSON.parse(run.outputs.metadata!).attestations).toHaveLength(2);

    const pending = JSON.parse(run.state['cleanup-paths']!) as string[];
    expect(pending.length).toBeGreaterThan(0);
    for (const path of pending) expect(existsSync(path)).toBe(true);
    const post = await runBundle(
      'build-push',
      {},
      { entry: 'post', state: run.state, runnerTemp: run.runnerTemp },
    );
    expect(post.exitCode).toBe(0);
    for (const path of pending) expect(existsSync(path)).toBe(false);
  });

  it('an unsigned verification with another key fails: the signature is bound to the signer', async () => {
    const other = generateKeyPair(join(env.workDir, 'build-keys'));
    const run = await buildPush({
      image: `${env.registry}/pipeline-test/app-signed-2`,
      ref: 'refs/heads/main',
      sign: 'true',
      'cosign-key': keys.privateKey,
      'cosign-password': keys.password,
      'tlog-upload': 'false',
    });
    expect(run.exitCode).toBe(0);
    expect(() => verifyWithKey(run.outputs.image!, other.publicKey)).toThrow();
  });
});

describe('build-push bad inputs: one line, exit 1, nothing pushed', () => {
  it.each([
    [
      { image: 'Registry.Example.com/Org/App' },
      "input 'image': got 'Registry.Example.com/Org/App', expected an image reference",
    ],
    [
      { image: '127.0.0.1:5000/app:1.0' },
      "input 'image': got '127.0.0.1:5000/app:1.0', expected a repository without tag or digest",
    ],
    [
      { image: '127.0.0.1:5000/app', tags: 'ok,bad tag!' },
      "input 'tags': got 'bad tag!', expected tags of letters, digits",
    ],
    [
      { image: '127.0.0.1:5000/app', platforms: 'linux/amd64,plan9/mips' },
      "input 'platforms': got 'plan9/mips', expected os/arch[/variant]",
    ],
    [
      { image: '127.0.0.1:5000/app', sign: 'true', 'cosign-key': '/nonexistent/cosign.key' },
      "input 'cosign-key': expected a private key (PEM content) or a path to one; got neither (23 characters, not shown)",
    ],
    [
      { image: '127.0.0.1:5000/app', sbom: 'true' },
      "inputs 'sbom' and 'provenance' are signed attestations: they need 'sign: true'",
    ],
    [{ image: '127.0.0.1:5000/app', username: 'bot' }, "inputs 'username' and 'password' go together"],
    [
      { image: '127.0.0.1:5000/app', sign: 'true', 'signing-config': '/nonexistent/signing_config.json' },
      "input 'signing-config': got '/nonexistent/signing_config.json', which cannot be read (ENOENT)",
    ],
    [
      { image: '127.0.0.1:5000/app', sign: 'true', 'signing-config': join(repoRoot, 'package.json') },
      `input 'signing-config': got '${join(repoRoot, 'package.json')}', expected a Sigstore signing config`,
    ],
    [
      { image: '127.0.0.1:5000/app', sign: 'true', 'trusted-root': join(repoRoot, 'package.json') },
      `input 'trusted-root': got '${join(repoRoot, 'package.json')}', expected a Sigstore trusted root`,
    ],
    [
      { image: '127.0.0.1:5000/app', builder: 'kaniko' },
      "input 'builder': got 'kaniko', expected one of auto, buildx, buildah",
    ],
  ])('%o', async (inputs, message) => {
    const run = await runBundle('build-push', { context, sha: SHA, ...inputs });
    expect(run.exitCode).toBe(1);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(run.stdout).not.toContain('$ buildah');
  });
});

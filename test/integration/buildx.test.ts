// build-push on a real Docker engine, with the two builders a GitHub runner can have: Docker's own
// `docker` driver (what answers before any setup step) and a docker-container builder as
// docker/setup-buildx-action creates one. Its BuildKit image is made here from buildkitd and
// buildctl built at pinned versions (scripts/install-tools.sh) and Debian's runc: nothing is pulled.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImageLayout } from '../../platform/oci.mjs';
import { buildAppBinary } from '../../scripts/lib/app-image.mjs';
import { type BundleRun, errorLines, runBundle } from '../support/bundle.js';
import { generateKeyPair, type KeyPair, verifyWithKey } from '../support/cosign.js';
import { type DockerEngine, startDockerEngine } from '../support/docker-engine.js';
import { runProbeContext } from '../support/fixtures.js';
import type { ScanEnvironment } from '../support/global-setup.js';
import * as images from '../support/registry-image.js';
import { scanEnvironment } from '../support/scan-env.js';
import { requireTool } from '../support/tools.js';

let env: ScanEnvironment;
let keys: KeyPair;
let engine: DockerEngine;
let appContext: string;
const SHA = '0123456789abcdef0123456789abcdef01234567';
const BUILDKIT_IMAGE = 'pipeline-test/buildkit:local';
const BUILDER = 'pipeline-buildkit';

function buildPush(inputs: Record<string, string>): Promise<BundleRun> {
  return runBundle(
    'build-push',
    { context: appContext, sha: SHA, 'insecure-registry': 'true', ...inputs },
    { env: { STORAGE_DRIVER: 'vfs', ...engine.env } },
  );
}

function signed(): Record<string, string> {
  return {
    sign: 'true',
    'cosign-key': readFileSync(keys.privateKey, 'utf8'),
    'cosign-password': keys.password,
    'tlog-upload': 'false',
  };
}

/**
 * The BuildKit image docker/setup-buildx-action would pull (moby/buildkit), made here: buildkitd,
 * buildctl (the driver's readiness check runs it) and runc with the libraries it links.
 */
function loadBuildkitImage(): void {
  const binary = (path: string) => ({ contents: readFileSync(realpathSync(path)), mode: 0o755 });
  const runc = ['/usr/sbin/runc', '/usr/bin/runc'].find((path) => {
    try {
      return Boolean(realpathSync(path));
    } catch {
      return false;
    }
  });
  if (!runc) throw new Error('runc is not installed: run scripts/install-tools.sh');
  const files: Record<string, { contents: Buffer; mode: number } | string> = {
    '/usr/bin/buildkitd': binary(requireTool('buildkitd')),
    '/usr/bin/buildctl': binary(requireTool('buildctl')),
    '/usr/bin/runc': binary(runc),
    '/etc/buildkit/.keep': '',
    '/tmp/.keep': '',
  };
  // The libraries runc links, where its loader looks for them.
  for (const line of execFileSync('ldd', [runc]).toString().split('\n')) {
    const path = /(\/\S+) \(0x/.exec(line)?.[1];
    if (path) files[path] = binary(path);
  }
  const layout = join(mkdtempSync(join(tmpdir(), 'buildkit-image-')), 'layout');
  writeImageLayout(layout, {
    tag: 'local',
    files: Object.fromEntries(Object.entries(files).map(([path, file]) => [path.replace(/^\//, ''), file])),
    config: {
      Entrypoint: ['buildkitd'],
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    },
  });
  execFileSync('skopeo', [
    'copy',
    '--dest-daemon-host',
    engine.env.DOCKER_HOST as string,
    `oci:${layout}:local`,
    `docker-daemon:${BUILDKIT_IMAGE}`,
  ]);
}

beforeAll(async () => {
  env = scanEnvironment();
  appContext = buildAppBinary();
  keys = generateKeyPair(join(env.workDir, 'buildx-keys'));
  engine = await startDockerEngine();
});

afterAll(async () => {
  await engine?.stop();
});

describe('build-push on Docker without a setup step (the docker driver, classic image store)', () => {
  it('auto builds with buildah and says why; the image is pushed and signed', async () => {
    expect(engine.docker(['buildx', 'inspect'])).toMatch(/^Driver:\s+docker$/m);
    const repository = 'pipeline-test/docker-driver-auto';
    const run = await buildPush({
      image: `${env.registry}/${repository}`,
      ref: 'refs/heads/main',
      ...signed(),
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain(
      "Docker answers, but the buildx builder 'default' uses the docker driver, and this engine's classic image store cannot export an OCI image: add docker/setup-buildx-action before this step (it creates a docker-container builder); building with buildah meanwhile",
    );
    expect(JSON.parse(run.outputs.metadata!).builder).toBe('buildah');
    expect(await images.registryDigest(env.registry, repository, 'sha-0123456')).toBe(run.outputs.digest);
    verifyWithKey(run.outputs.image!, keys.publicKey);
  });

  it('builder: buildx is refused in one line naming the setup step, and nothing is pushed', async () => {
    const repository = 'pipeline-test/docker-driver-buildx';
    const run = await buildPush({
      image: `${env.registry}/${repository}`,
      ref: 'refs/heads/main',
      builder: 'buildx',
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      "builder: buildx, but the buildx builder 'default' uses the docker driver, and this engine's classic image store cannot export an OCI image: add docker/setup-buildx-action before this step (it creates a docker-container builder)",
    ]);
    expect(run.stdout).not.toContain('$ docker buildx build');
    expect(await images.registryDigest(env.registry, repository, 'sha-0123456')).toBeNull();
  });
});

describe('build-push with a docker-container builder (as docker/setup-buildx-action makes one)', () => {
  beforeAll(() => {
    loadBuildkitImage();
    // setup-buildx-action: create, bootstrap and use a docker-container builder.
    engine.docker([
      'buildx',
      'create',
      '--name',
      BUILDER,
      '--driver',
      'docker-container',
      '--driver-opt',
      `image=${BUILDKIT_IMAGE}`,
      '--driver-opt',
      'network=host',
      '--bootstrap',
      '--use',
    ]);
  });

  it('auto takes buildx on that builder: a RUN step per platform (arm64 under qemu), one index pushed and signed with every platform', async () => {
    const repository = 'pipeline-test/buildx-run-steps';
    const run = await buildPush({
      context: runProbeContext(),
      image: `${env.registry}/${repository}`,
      ref: 'refs/heads/main',
      platforms: 'linux/amd64,linux/arm64',
      ...signed(),
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain(`with buildx (builder ${BUILDER})`);
    expect(run.stdout).toContain(`buildx build --builder ${BUILDER}`);
    const digest = run.outputs.digest!;
    expect(await images.registryDigest(env.registry, repository, 'sha-0123456')).toBe(digest);
    const index = await images.registryJson(
      env.registry,
      repository,
      digest,
      'application/vnd.oci.image.index.v1+json',
    );
    const platforms = index.manifests as { digest: string; platform: { architecture: string } }[];
    expect(platforms.map((m) => m.platform.architecture).sort()).toEqual(['amd64', 'arm64']);
    for (const manifest of platforms) {
      const files = await images.imageFiles(env.registry, repository, manifest.digest);
      expect(files.get('built-on')).toBe(`linux/${manifest.platform.architecture}\n`);
      verifyWithKey(`${env.registry}/${repository}@${manifest.digest}`, keys.publicKey);
    }
    verifyWithKey(run.outputs.image!, keys.publicKey);
  });

  it('the outcome is the same whichever builder made the image: digest, tags, immutable tags, signature, attestations', async () => {
    const outcomes: Record<string, unknown>[] = [];
    for (const builder of ['buildx', 'buildah']) {
      const repository = `pipeline-test/same-outcome-${builder}`;
      const image = `${env.registry}/${repository}`;
      const inputs = {
        image,
        ref: 'refs/tags/v3.1.0',
        builder,
        sbom: 'true',
        provenance: 'true',
        ...signed(),
      };
      const first = await buildPush(inputs);
      expect(first.exitCode, first.stdout).toBe(0);
      const digest = first.outputs.digest!;
      const tags = first.outputs.tags!.split('\n');
      for (const tag of tags)
        expect(await images.registryDigest(env.registry, repository, tag.split(':').pop()!)).toBe(digest);
      verifyWithKey(first.outputs.image!, keys.publicKey);
      verifyWithKey(first.outputs.image!, keys.publicKey, 'cyclonedx');
      verifyWithKey(first.outputs.image!, keys.publicKey, 'slsaprovenance1');
      // The same sources again: the same digest (reproducible), accepted.
      const again = await buildPush(inputs);
      expect(again.exitCode, again.stdout).toBe(0);
      expect(again.outputs.digest).toBe(digest);
      // Other sources under the same version: refused before any push.
      const other = await buildPush({
        ...inputs,
        sha: 'fedcba9876543210fedcba9876543210fedcba98',
        'build-args': 'VERSION=other',
      });
      expect(other.exitCode).toBe(1);
      const [refusal] = errorLines(other);
      expect(refusal).toContain(
        `immutable tag(s) already point to another digest: ${image}:3.1.0 is ${digest}`,
      );
      expect(await images.registryDigest(env.registry, repository, 'sha-fedcba9')).toBeNull();
      const metadata = JSON.parse(first.outputs.metadata!);
      expect(metadata.builder).toBe(builder);
      outcomes.push({
        tags: tags.map((tag) => tag.slice(image.length)),
        attestations: metadata.attestations,
        signed: metadata.signature,
        labels: metadata.labels,
        refusal: refusal!.replace(image, '<image>').replace(/sha256:[a-f0-9]{64}/g, '<digest>'),
      });
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
  });
});

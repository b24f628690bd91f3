import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildahCommands,
  buildxArgs,
  buildxBuilderProblem,
  parseBuildxInspect,
  skopeoCopyArgs,
  usesContainerdImageStore,
} from '../../shared/build/builder.js';
import { formatReference, parseImageReference } from '../../shared/release/reference.js';
import { RegistryClient } from '../../shared/release/registry.js';
import { computeTags, sanitiseTag } from '../../shared/release/tags.js';

describe('image references', () => {
  it.each([
    ['ghcr.io/org/app:1.2.3', { registry: 'ghcr.io', repository: 'org/app', tag: '1.2.3' }],
    ['alpine', { registry: 'docker.io', repository: 'library/alpine' }],
    [
      `127.0.0.1:5000/team/app@sha256:${'a'.repeat(64)}`,
      { registry: '127.0.0.1:5000', repository: 'team/app', digest: `sha256:${'a'.repeat(64)}` },
    ],
    ['localhost/app:dev', { registry: 'localhost', repository: 'app', tag: 'dev' }],
  ])('%s', (text, expected) => {
    expect(parseImageReference(text)).toMatchObject(expected);
  });

  it.each(['Org/App', 'ghcr.io/org/app:bad tag', 'ghcr.io/org/app@sha256:abc', 'ghcr.io//app', ''])(
    'rejects %j',
    (text) => {
      expect(() => parseImageReference(text)).toThrow(/^input 'image': got/);
    },
  );

  it('formats back', () => {
    expect(formatReference(parseImageReference('ghcr.io/org/app:1.0'))).toBe('ghcr.io/org/app:1.0');
  });
});

describe('tags', () => {
  const names = (tags: ReturnType<typeof computeTags>) =>
    tags.map((t) => `${t.tag}${t.immutable ? '!' : ''}`);

  it('semver tags: the version is immutable, minor and major aliases move', () => {
    expect(names(computeTags({ ref: 'refs/tags/v1.2.3', sha: 'abcdef1234' }))).toEqual([
      '1.2.3!',
      '1.2',
      '1',
      'sha-abcdef1!',
    ]);
  });

  it('a pre-release claims no aliases', () => {
    expect(names(computeTags({ ref: 'refs/tags/v2.0.0-rc.1' }))).toEqual(['2.0.0-rc.1!']);
  });

  it('branches and pull requests are sanitised and mutable; latest moves', () => {
    expect(
      names(computeTags({ ref: 'refs/heads/Feature/Login_Page', explicit: ['latest', 'stable'] })),
    ).toEqual(['feature-login_page', 'latest', 'stable!']);
    expect(names(computeTags({ ref: 'refs/pull/42/merge' }))).toEqual(['pr-42']);
    expect(sanitiseTag('-weird//name..')).toBe('weird-name..');
  });

  it('rejects a bad sha and a bad explicit tag', () => {
    expect(() => computeTags({ sha: 'not-a-sha' })).toThrow("input 'sha': got 'not-a-sha'");
    expect(() => computeTags({ explicit: ['.hidden'] })).toThrow("input 'tags': got '.hidden'");
  });
});

describe('builder argv', () => {
  const plan = {
    builder: 'buildah' as const,
    context: '/src',
    file: '/src/Containerfile',
    platforms: ['linux/amd64', 'linux/arm64'],
    buildArgs: { VERSION: '1.2.3' },
    labels: { 'org.opencontainers.image.revision': 'abc' },
    annotations: { 'org.opencontainers.image.revision': 'abc' },
    timestamp: 1700000000,
    layoutDir: '/tmp/layout',
    localName: 'localhost/build-x',
  };

  it('buildah builds a manifest list for every platform and exports it as an OCI layout', () => {
    const [, build, push] = buildahCommands(plan);
    expect(build).toEqual([
      'build',
      '--manifest',
      'localhost/build-x',
      '--file',
      '/src/Containerfile',
      '--platform',
      'linux/amd64,linux/arm64',
      '--build-arg',
      'VERSION=1.2.3',
      '--label',
      'org.opencontainers.image.revision=abc',
      '--annotation',
      'org.opencontainers.image.revision=abc',
      '--timestamp',
      '1700000000',
      '/src',
    ]);
    expect(push).toEqual(['manifest', 'push', '--all', 'localhost/build-x', 'oci:/tmp/layout']);
  });

  it('buildx exports the same plan to an OCI layout on the builder judged able, reproducibly', () => {
    const args = buildxArgs({ ...plan, builder: 'buildx', buildxBuilder: 'ci-builder' });
    expect(args.slice(0, 4)).toEqual(['buildx', 'build', '--builder', 'ci-builder']);
    expect(args).toContain('type=oci,dest=/tmp/layout,tar=false,rewrite-timestamp=true');
    expect(args).toContain('SOURCE_DATE_EPOCH=1700000000');
    expect(args).toContain('index,manifest:org.opencontainers.image.revision=abc');
    // One platform is a manifest alone: BuildKit refuses index annotations for it.
    const single = buildxArgs({ ...plan, builder: 'buildx', platforms: ['linux/amd64'] });
    expect(single).toContain('manifest:org.opencontainers.image.revision=abc');
    expect(single).not.toContain('--builder');
    // A SOURCE_DATE_EPOCH of the user's own is kept; no timestamp, no rewrite.
    const own = buildxArgs({
      ...plan,
      builder: 'buildx',
      buildArgs: { SOURCE_DATE_EPOCH: '5' },
      timestamp: undefined,
    });
    expect(own).toContain('SOURCE_DATE_EPOCH=5');
    expect(own).toContain('type=oci,dest=/tmp/layout,tar=false');
  });

  it('judges a buildx builder by its driver and image store, as `docker buildx inspect` and `docker info` print them', () => {
    const inspected = parseBuildxInspect(
      'Name:   default\nDriver: docker\n\nNodes:\nName:             default\nEndpoint:         default\nStatus:           running\n',
    );
    expect(inspected).toEqual({ name: 'default', driver: 'docker' });
    const classic = '[["Backing Filesystem","extfs"],["Supports d_type","true"]]';
    const containerd = '[["driver-type","io.containerd.snapshotter.v1"]]';
    expect(buildxBuilderProblem(inspected!, usesContainerdImageStore(classic))).toBe(
      "the buildx builder 'default' uses the docker driver, and this engine's classic image store cannot export an OCI image: add docker/setup-buildx-action before this step (it creates a docker-container builder)",
    );
    expect(buildxBuilderProblem(inspected!, usesContainerdImageStore(containerd))).toBeUndefined();
    expect(buildxBuilderProblem({ name: 'b', driver: 'docker-container' }, false)).toBeUndefined();
    expect(buildxBuilderProblem({ name: 'b', driver: 'remote' }, false)).toBeUndefined();
    expect(buildxBuilderProblem({ name: 'b', driver: 'future-driver' }, false)).toContain(
      'uses the future-driver driver, which cannot export an OCI image',
    );
    expect(usesContainerdImageStore('not json')).toBe(false);
    expect(parseBuildxInspect('ERROR: no builder "x" found')).toBeUndefined();
  });

  it('skopeo preserves the digest and never puts credentials on the command line', () => {
    expect(
      skopeoCopyArgs('/tmp/layout', 'ghcr.io/org/app:1.0', { authFile: '/run/auth/config.json' }),
    ).toEqual([
      'copy',
      '--all',
      '--preserve-digests',
      '--retry-times',
      '3',
      '--dest-authfile',
      '/run/auth/config.json',
      'oci:/tmp/layout',
      'docker://ghcr.io/org/app:1.0',
    ]);
  });
});

describe('registry client faults', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function flakyRegistry(failures: number): Promise<{ address: string; hits: () => number }> {
    let hits = 0;
    server = createServer((_req, res) => {
      hits++;
      if (hits <= failures) res.writeHead(503).end('busy');
      else res.writeHead(200, { 'docker-content-digest': `sha256:${'b'.repeat(64)}` }).end();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return {
      address: `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      hits: () => hits,
    };
  }

  it('retries a 5xx a bounded number of times, then answers', async () => {
    const registry = await flakyRegistry(2);
    const client = new RegistryClient(registry.address, { attempts: 4, backoffMs: 10 });
    expect(await client.resolve({ registry: registry.address, repository: 'app', tag: '1.0' })).toBe(
      `sha256:${'b'.repeat(64)}`,
    );
    expect(registry.hits()).toBe(3);
  });

  it('gives up after the last attempt with one clear line', async () => {
    const registry = await flakyRegistry(100);
    const client = new RegistryClient(registry.address, { attempts: 3, backoffMs: 10 });
    await expect(
      client.resolve({ registry: registry.address, repository: 'app', tag: '1.0' }),
    ).rejects.toThrow(
      `registry ${registry.address}: HTTP 503 Service Unavailable (gave up after 3 attempts on http://${registry.address}/v2/app/manifests/1.0)`,
    );
    expect(registry.hits()).toBe(3);
  });

  it('an unreachable registry fails clearly too', async () => {
    const registry = await flakyRegistry(0);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const client = new RegistryClient(registry.address, { attempts: 2, backoffMs: 10 });
    await expect(
      client.resolve({ registry: registry.address, repository: 'app', tag: '1.0' }),
    ).rejects.toThrow(`registry ${registry.address}: ECONNREFUSED (gave up after 2 attempts`);
  });
});

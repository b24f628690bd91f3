// Builds an image into an OCI layout first, so its digest is known before anything is pushed;
// then copies the layout to the registry under each tag with its digest preserved.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execTool } from '../tools/exec.js';

export type Builder = 'buildah' | 'buildx';

/** The buildx builder a build would use (`docker buildx inspect`: BUILDX_BUILDER, or the current one). */
export interface BuildxBuilder {
  name: string;
  driver: string;
}

/** Drivers whose BuildKit runs apart from Docker's image store: OCI export, every platform. */
const OCI_CAPABLE_DRIVERS = new Set(['docker-container', 'kubernetes', 'remote', 'cloud']);

/** The first `Name:` and `Driver:` of `docker buildx inspect`: the builder's, before its nodes'. */
export function parseBuildxInspect(text: string): BuildxBuilder | undefined {
  const field = (key: string) => new RegExp(`^${key}:[ \\t]*(\\S+)[ \\t]*$`, 'm').exec(text)?.[1];
  const name = field('Name');
  const driver = field('Driver');
  return name && driver ? { name, driver } : undefined;
}

/**
 * Why this builder cannot build our plan (an OCI layout, any platforms), or undefined when it can.
 * Docker's own `docker` driver exports OCI only when the engine keeps images in containerd (its
 * docs: "the default image store does not support" OCI export or multi-platform images).
 */
export function buildxBuilderProblem(
  builder: BuildxBuilder,
  containerdImageStore: boolean,
): string | undefined {
  if (OCI_CAPABLE_DRIVERS.has(builder.driver)) return undefined;
  if (builder.driver === 'docker' && containerdImageStore) return undefined;
  const why =
    builder.driver === 'docker'
      ? "uses the docker driver, and this engine's classic image store cannot export an OCI image"
      : `uses the ${builder.driver} driver, which cannot export an OCI image`;
  return `the buildx builder '${builder.name}' ${why}: add docker/setup-buildx-action before this step (it creates a docker-container builder)`;
}

/** Whether `docker info`'s DriverStatus says the engine keeps images in containerd. */
export function usesContainerdImageStore(driverStatusJson: string): boolean {
  try {
    const status = JSON.parse(driverStatusJson) as unknown;
    return (
      Array.isArray(status) &&
      status.some(
        (pair) =>
          Array.isArray(pair) && pair[0] === 'driver-type' && pair[1] === 'io.containerd.snapshotter.v1',
      )
    );
  } catch {
    return false;
  }
}

export interface BuildPlan {
  builder: Builder;
  context: string;
  file: string;
  platforms: string[];
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Seconds since the epoch for every timestamp in the image (reproducible builds). */
  timestamp?: number;
  /** OCI layout folder the build is exported to. */
  layoutDir: string;
  /** Name of the local manifest list (buildah). */
  localName: string;
  /** The buildx builder judged able to build this plan (buildx): named, so no other is used. */
  buildxBuilder?: string;
}

function pairs(flag: string, values: Record<string, string>): string[] {
  return Object.entries(values).flatMap(([key, value]) => [flag, `${key}=${value}`]);
}

/** buildah: build every platform into a local manifest list, then write it as an OCI layout. */
export function buildahCommands(plan: BuildPlan): string[][] {
  const build = [
    'build',
    '--manifest',
    plan.localName,
    '--file',
    plan.file,
    '--platform',
    plan.platforms.join(','),
  ];
  build.push(
    ...pairs('--build-arg', plan.buildArgs),
    ...pairs('--label', plan.labels),
    ...pairs('--annotation', plan.annotations),
  );
  if (plan.timestamp !== undefined) build.push('--timestamp', String(plan.timestamp));
  build.push(plan.context);
  return [
    ['manifest', 'rm', plan.localName],
    build,
    ['manifest', 'push', '--all', plan.localName, `oci:${plan.layoutDir}`],
  ];
}

/** docker buildx: the same plan, exported straight to an OCI layout folder. */
export function buildxArgs(plan: BuildPlan): string[] {
  const args = ['buildx', 'build'];
  if (plan.buildxBuilder) args.push('--builder', plan.buildxBuilder);
  args.push('--file', plan.file, '--platform', plan.platforms.join(','));
  // BuildKit's reproducible builds: SOURCE_DATE_EPOCH for the config and history, and the layers'
  // file times rewritten to it (what buildah's --timestamp does).
  const buildArgs =
    plan.timestamp !== undefined && !('SOURCE_DATE_EPOCH' in plan.buildArgs)
      ? { ...plan.buildArgs, SOURCE_DATE_EPOCH: String(plan.timestamp) }
      : plan.buildArgs;
  args.push(...pairs('--build-arg', buildArgs), ...pairs('--label', plan.labels));
  // One platform is exported as a manifest alone: BuildKit refuses index annotations then.
  const annotated = plan.platforms.length > 1 ? 'index,manifest' : 'manifest';
  for (const [key, value] of Object.entries(plan.annotations))
    args.push('--annotation', `${annotated}:${key}=${value}`);
  const rewrite = plan.timestamp !== undefined ? ',rewrite-timestamp=true' : '';
  args.push(
    '--output',
    `type=oci,dest=${plan.layoutDir},tar=false${rewrite}`,
    '--provenance=false',
    '--sbom=false',
  );
  args.push(plan.context);
  return args;
}

/** The digest of the (single) image in an OCI layout: what the registry will report. */
export function layoutDigest(layoutDir: string): string {
  const index = JSON.parse(readFileSync(`${layoutDir}/index.json`, 'utf8')) as {
    manifests?: { digest: string }[];
  };
  const digest = index.manifests?.[0]?.digest;
  if (!digest) throw new Error(`OCI layout ${layoutDir} holds no image`);
  return digest;
}

export async function buildToLayout(
  plan: BuildPlan,
  env: Record<string, string | undefined> = {},
): Promise<string> {
  if (plan.builder === 'buildx') {
    await execTool('docker', buildxArgs(plan), { timeoutMs: 60 * 60_000, streamStderr: true, env });
  } else {
    const [remove, build, push] = buildahCommands(plan) as [string[], string[], string[]];
    // buildah takes $DOCKER_CONFIG/config.json as its auth file and refuses to run when it is not
    // there (a runner's DOCKER_CONFIG often points at a folder without one): then it has no say.
    const dockerConfig = env.DOCKER_CONFIG ?? process.env.DOCKER_CONFIG;
    if (dockerConfig && !existsSync(join(dockerConfig, 'config.json')))
      env = { ...env, DOCKER_CONFIG: undefined };
    await execTool('buildah', remove, { okExitCodes: [0, 1, 125], env }).catch(() => undefined);
    await execTool('buildah', build, { timeoutMs: 60 * 60_000, streamStderr: true, env });
    await execTool('buildah', push, { timeoutMs: 10 * 60_000, env });
  }
  return layoutDigest(plan.layoutDir);
}

export function skopeoCopyArgs(
  layoutDir: string,
  destination: string,
  options: { authFile?: string; insecure?: boolean },
): string[] {
  const args = ['copy', '--all', '--preserve-digests', '--retry-times', '3'];
  if (options.authFile) args.push('--dest-authfile', options.authFile);
  if (options.insecure) args.push('--dest-tls-verify=false');
  args.push(`oci:${layoutDir}`, `docker://${destination}`);
  return args;
}

export async function pushLayout(
  layoutDir: string,
  destination: string,
  options: { authFile?: string; insecure?: boolean; secrets?: string[] },
): Promise<void> {
  await execTool('skopeo', skopeoCopyArgs(layoutDir, destination, options), {
    timeoutMs: 30 * 60_000,
    secrets: options.secrets,
  });
}

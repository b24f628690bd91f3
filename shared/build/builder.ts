// Builds an image into an OCI layout first, so its digest is known before anything is pushed;
// then copies the layout to the registry under each tag with its digest preserved.
import { readFileSync } from 'node:fs';
import { execTool } from '../tools/exec.js';

export type Builder = 'buildah' | 'buildx';

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
  const args = ['buildx', 'build', '--file', plan.file, '--platform', plan.platforms.join(',')];
  args.push(...pairs('--build-arg', plan.buildArgs), ...pairs('--label', plan.labels));
  for (const [key, value] of Object.entries(plan.annotations))
    args.push('--annotation', `index,manifest:${key}=${value}`);
  args.push('--output', `type=oci,dest=${plan.layoutDir},tar=false`, '--provenance=false', '--sbom=false');
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

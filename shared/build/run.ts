// build-push: inputs → build into an OCI layout (digest known) → refuse to move an immutable tag →
// push every tag with the digest preserved → sign and attest by digest → outputs and summary.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cosignAttestArgs, cosignSignArgs, runCosign, type SigningRequest } from '../cosign.js';
import { dockerConfigDir, keyFile } from '../credentials.js';
import { ConfigurationError } from '../errors.js';
import { slsaProvenance } from '../release/provenance.js';
import { repositoryName } from '../release/reference.js';
import { RegistryClient } from '../release/registry.js';
import { SummaryBuilder } from '../report/summary.js';
import * as core from '../runner.js';
import { CleanupState } from '../state.js';
import { execTool } from '../tools/exec.js';
import { findOnPath, installTool } from '../tools/installer.js';
import { cosignSpec, trivySpec } from '../tools/versions.js';
import {
  type Builder,
  type BuildPlan,
  type BuildxBuilder,
  buildToLayout,
  buildxBuilderProblem,
  parseBuildxInspect,
  pushLayout,
  usesContainerdImageStore,
} from './builder.js';
import type { BuildPushInputs } from './inputs.js';

export interface BuildPushResult {
  digest: string;
  imageByDigest: string;
  tags: string[];
  builder: Builder;
  pushed: boolean;
  signed: boolean;
  attestations: string[];
  platforms: string[];
  labels: Record<string, string>;
}

/** What builds the image: buildah, or buildx with the builder judged able to (by name). */
export interface BuilderChoice {
  builder: Builder;
  buildxBuilder?: string;
}

/** The buildx builder a build would use, and why it cannot build our plan; a ToolError if docker or buildx does not answer. */
async function inspectBuildx(): Promise<{ builder: BuildxBuilder; problem?: string }> {
  const inspected = await execTool('docker', ['buildx', 'inspect'], { timeoutMs: 30_000 });
  const builder = parseBuildxInspect(inspected.stdout);
  if (!builder)
    throw new ConfigurationError(
      `docker buildx inspect named no builder and driver: ${inspected.stdout.trim().split('\n')[0] ?? ''}`,
    );
  let containerdImageStore = false;
  if (builder.driver === 'docker') {
    const info = await execTool('docker', ['info', '--format', '{{json .DriverStatus}}'], {
      timeoutMs: 30_000,
    });
    containerdImageStore = usesContainerdImageStore(info.stdout.trim());
  }
  return { builder, problem: buildxBuilderProblem(builder, containerdImageStore) };
}

/**
 * auto: buildx when Docker answers with a builder that can export an OCI image, else buildah.
 * buildx: that builder, or one line saying what to add. Nothing is built before this is settled.
 */
export async function chooseBuilder(wanted: BuildPushInputs['builder']): Promise<BuilderChoice> {
  if (wanted === 'buildah') return { builder: 'buildah' };
  let inspected: Awaited<ReturnType<typeof inspectBuildx>> | undefined;
  let unanswered: string | undefined;
  try {
    inspected = await inspectBuildx();
  } catch (error) {
    unanswered = error instanceof Error ? error.message : String(error);
  }
  if (inspected && !inspected.problem) return { builder: 'buildx', buildxBuilder: inspected.builder.name };
  if (wanted === 'buildx')
    throw new ConfigurationError(
      inspected?.problem
        ? `builder: buildx, but ${inspected.problem}`
        : `builder: buildx, but docker buildx does not answer (${unanswered}): add docker/setup-buildx-action before this step`,
    );
  if (inspected?.problem) {
    if (!findOnPath('buildah').length)
      throw new ConfigurationError(
        `builder: auto found no builder that can export an OCI image: ${inspected.problem}, or install buildah`,
      );
    core.info(`Docker answers, but ${inspected.problem}; building with buildah meanwhile`);
  }
  return { builder: 'buildah' };
}

/** The commit time of the build context: reproducible timestamps when the sources are a git checkout. */
async function sourceTimestamp(context: string): Promise<number | undefined> {
  const fromEnv = process.env.SOURCE_DATE_EPOCH;
  if (fromEnv && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  try {
    const result = await execTool('git', ['-C', context, 'log', '-1', '--format=%ct'], { timeoutMs: 10_000 });
    const value = result.stdout.trim();
    return /^\d+$/.test(value) ? Number(value) : undefined;
  } catch {
    return undefined;
  }
}

function ociLabels(inputs: BuildPushInputs, created: Date): Record<string, string> {
  const env = process.env;
  const labels: Record<string, string> = { 'org.opencontainers.image.created': created.toISOString() };
  if (env.GITHUB_REPOSITORY) {
    labels['org.opencontainers.image.source'] =
      `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`;
  }
  const revision = inputs.sha;
  if (revision) labels['org.opencontainers.image.revision'] = revision;
  const version = inputs.tags.find((tag) => tag.source === 'version');
  if (version) labels['org.opencontainers.image.version'] = version.tag;
  return { ...labels, ...inputs.labels };
}

export async function buildPush(
  inputs: BuildPushInputs,
  cleanup = new CleanupState(),
): Promise<BuildPushResult> {
  mkdirSync(inputs.workDir, { recursive: true });
  if (inputs.cosignPassword) core.setSecret(inputs.cosignPassword);
  const repository = repositoryName(inputs.image);
  const { builder, buildxBuilder } = await chooseBuilder(inputs.builder);
  const timestamp = await sourceTimestamp(inputs.context);
  const labels = ociLabels(inputs, timestamp === undefined ? new Date() : new Date(timestamp * 1000));
  const layoutDir = join(inputs.workDir, `layout-${crypto.randomUUID()}`);
  const plan: BuildPlan = {
    builder,
    context: inputs.context,
    file: inputs.file,
    platforms: inputs.platforms,
    buildArgs: inputs.buildArgs,
    labels,
    annotations: Object.fromEntries(
      Object.entries(labels).filter(([key]) => key.startsWith('org.opencontainers.')),
    ),
    timestamp,
    layoutDir,
    localName: `localhost/pipeline-build-${crypto.randomUUID().slice(0, 8)}`,
    buildxBuilder,
  };
  const startedOn = new Date();
  core.info(
    `Building ${repository} for ${inputs.platforms.join(', ')} with ${builder}${buildxBuilder ? ` (builder ${buildxBuilder})` : ''}`,
  );
  const digest = await buildToLayout(plan);
  core.info(`Built ${digest}`);

  const client = new RegistryClient(inputs.image.registry, {
    username: inputs.username,
    password: inputs.password,
    insecure: inputs.insecureRegistry,
  });
  // Checked before anything is pushed: a version or sha tag never moves to another digest.
  const conflicts: string[] = [];
  for (const tag of inputs.tags.filter((candidate) => candidate.immutable)) {
    const existing = await client.resolve({ ...inputs.image, tag: tag.tag });
    if (existing && existing !== digest) conflicts.push(`${repository}:${tag.tag} is ${existing}`);
  }
  if (conflicts.length) {
    throw new ConfigurationError(
      `immutable tag(s) already point to another digest: ${conflicts.join('; ')}; this build is ${digest}. Nothing was pushed.`,
    );
  }

  const result: BuildPushResult = {
    digest,
    imageByDigest: `${repository}@${digest}`,
    tags: inputs.tags.map((tag) => `${repository}:${tag.tag}`),
    builder,
    pushed: false,
    signed: false,
    attestations: [],
    platforms: inputs.platforms,
    labels,
  };
  if (!inputs.push) {
    rmSync(layoutDir, { recursive: true, force: true });
    return result;
  }

  const authDir = dockerConfigDir(inputs.image.registry, inputs, inputs.workDir, cleanup);
  const authFile = authDir ? join(authDir, 'config.json') : undefined;
  const secrets = inputs.password ? [inputs.password] : [];
  for (const tag of result.tags) {
    await pushLayout(layoutDir, tag, { authFile, insecure: inputs.insecureRegistry, secrets });
  }
  const pushedDigest = await client.resolve({ ...inputs.image, tag: inputs.tags[0]?.tag });
  if (pushedDigest !== digest) {
    throw new ConfigurationError(
      `registry reports ${pushedDigest ?? 'nothing'} for ${result.tags[0]} after the push, expected ${digest}`,
    );
  }
  result.pushed = true;
  rmSync(layoutDir, { recursive: true, force: true });

  if (inputs.sign) {
    const cosign = await installTool(cosignSpec(inputs.cosignVersion), { mirror: inputs.toolsMirror });
    const request: SigningRequest = {
      imageByDigest: result.imageByDigest,
      keyFile: keyFile(inputs.cosignKey, inputs.workDir, 'cosign.key', cleanup),
      password: inputs.cosignPassword,
      tlogUpload: inputs.tlogUpload,
      signingConfig: inputs.signingConfig,
      trustedRoot: inputs.trustedRoot,
    };
    if (authDir) process.env.DOCKER_CONFIG = authDir;
    // buildah pushes an index (one entry per platform): each platform's manifest is signed too.
    await runCosign(cosign, cosignSignArgs(request, { recursive: true }), request.password);
    result.signed = true;
    if (inputs.sbom) {
      const trivy = await installTool(trivySpec(inputs.trivyVersion), { mirror: inputs.toolsMirror });
      const sbomPath = join(inputs.workDir, 'sbom.cdx.json');
      const trivyArgs = [
        'image',
        '--format',
        'cyclonedx',
        '--output',
        sbomPath,
        '--skip-version-check',
        '--disable-telemetry',
      ];
      if (inputs.insecureRegistry) trivyArgs.push('--insecure');
      await execTool(trivy, [...trivyArgs, result.imageByDigest], { timeoutMs: 20 * 60_000 });
      await runCosign(cosign, cosignAttestArgs(request, sbomPath, 'cyclonedx'), request.password);
      result.attestations.push('CycloneDX SBOM (https://cyclonedx.org/bom)');
    }
    if (inputs.provenance) {
      const provenancePath = join(inputs.workDir, 'provenance.json');
      const predicate = slsaProvenance({
        context: inputs.context,
        file: inputs.file,
        platforms: inputs.platforms,
        buildArgs: inputs.buildArgs,
        startedOn,
        finishedOn: new Date(),
      });
      writeFileSync(provenancePath, JSON.stringify(predicate, null, 2));
      await runCosign(cosign, cosignAttestArgs(request, provenancePath, 'slsaprovenance1'), request.password);
      result.attestations.push('SLSA provenance v1 (https://slsa.dev/provenance/v1)');
    }
  }
  return result;
}

export function buildPushSummary(result: BuildPushResult): SummaryBuilder {
  return new SummaryBuilder()
    .heading(`📦 ${result.pushed ? 'Pushed' : 'Built'} ${result.imageByDigest}`)
    .table(
      ['', ''],
      [
        ['Digest', `\`${result.digest}\``],
        ['Tags', result.tags.map((tag) => `\`${tag}\``).join('<br>')],
        ['Platforms', result.platforms.join(', ')],
        ['Builder', result.builder],
        ['Signature', result.signed ? '✅ signed by digest (cosign)' : '— not signed'],
        ['Attestations', result.attestations.length ? result.attestations.join('<br>') : '—'],
      ],
    );
}

/** The step once its inputs are read (main.ts): build, push, sign, then outputs and summary. */
export async function buildPushStep(inputs: BuildPushInputs): Promise<void> {
  const result = await buildPush(inputs);
  core.setOutput('digest', result.digest);
  core.setOutput('image', result.imageByDigest);
  core.setOutput('tags', result.tags.join('\n'));
  core.setOutput('metadata', JSON.stringify(result));
  await buildPushSummary(result).write();
}

// build-push inputs, read and validated once; nothing is built until every input is good.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readSigningConfig, readTrustedRoot } from '../cosign.js';
import { credentialsInput, privateKeyInput } from '../credentials.js';
import { ConfigurationError } from '../errors.js';
import { Inputs, quote } from '../inputs.js';
import { type ImageReference, parseImageReference } from '../release/reference.js';
import { type BuildTag, computeTags } from '../release/tags.js';
import { COSIGN_VERSION, TRIVY_VERSION } from '../tools/versions.js';
import type { Builder } from './builder.js';

export interface BuildPushInputs {
  context: string;
  file: string;
  image: ImageReference;
  tags: BuildTag[];
  /** The commit being built: the sha tag and the OCI revision label. */
  sha?: string;
  platforms: string[];
  builder: 'auto' | Builder;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  push: boolean;
  username?: string;
  password?: string;
  insecureRegistry: boolean;
  sign: boolean;
  /** Private key: PEM content or a path; keyless when sign is on and no key is given. */
  cosignKey?: string;
  cosignPassword: string;
  tlogUpload: boolean;
  /** A private Sigstore: the services to sign with (signing config) and their trusted root. */
  signingConfig?: string;
  trustedRoot?: string;
  sbom: boolean;
  provenance: boolean;
  cosignVersion: string;
  trivyVersion: string;
  toolsMirror?: string;
  workDir: string;
}

const OS = ['linux', 'windows'];
const ARCH = ['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64'];

export function parsePlatform(value: string): string {
  const [os, arch, variant, extra] = value.split('/');
  const ok =
    os !== undefined &&
    OS.includes(os) &&
    arch !== undefined &&
    ARCH.includes(arch) &&
    extra === undefined &&
    (variant === undefined || /^v[5-8]$/.test(variant));
  if (!ok) {
    throw new ConfigurationError(
      `input 'platforms': got ${quote(value)}, expected os/arch[/variant] like linux/amd64 or linux/arm/v7 (os: ${OS.join(', ')}; arch: ${ARCH.join(', ')})`,
    );
  }
  return value;
}

/** `KEY=value` lines (or comma-separated) into a map; a line without `=` is an error. */
function keyValues(inputs: Inputs, name: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const line of inputs
    .raw(name)
    .split('\n')
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const at = line.indexOf('=');
    if (at <= 0)
      throw new ConfigurationError(`input '${name}': got ${quote(line)}, expected KEY=value lines`);
    map[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return map;
}

export function getBuildPushInputs(
  inputs = new Inputs(),
  env: NodeJS.ProcessEnv = process.env,
): BuildPushInputs {
  const context = resolve(inputs.string('context', '.'));
  if (!existsSync(context) || !statSync(context).isDirectory()) {
    throw new ConfigurationError(
      `input 'context': got ${quote(inputs.string('context', '.'))}, expected an existing directory`,
    );
  }
  const fileInput = inputs.string('file');
  const file = fileInput
    ? resolve(fileInput)
    : ['Containerfile', 'Dockerfile'].map((name) => join(context, name)).find(existsSync);
  if (!file || !existsSync(file)) {
    throw new ConfigurationError(
      `input 'file': got ${quote(fileInput || '(unset)')}, expected a Containerfile or Dockerfile (none found in ${context})`,
    );
  }
  const image = parseImageReference(inputs.required('image'));
  if (image.tag || image.digest) {
    throw new ConfigurationError(
      `input 'image': got ${quote(inputs.raw('image'))}, expected a repository without tag or digest (tags come from 'tags' and the git ref)`,
    );
  }
  const sha = inputs.string('sha', env.GITHUB_SHA ?? '') || undefined;
  const tags = computeTags({
    ref: inputs.string('ref', env.GITHUB_REF ?? ''),
    sha,
    explicit: inputs.list('tags'),
    mutable: inputs.list('mutable-tags', ['latest']),
  });
  if (!tags.length) throw new ConfigurationError(`no tags: give 'tags', or run on a git ref / with 'sha'`);

  const { username, password } = credentialsInput(inputs);
  const sign = inputs.boolean('sign', false);
  const cosignKey = privateKeyInput(inputs, 'cosign-key');
  const sbom = inputs.boolean('sbom', false);
  const provenance = inputs.boolean('provenance', false);
  if ((sbom || provenance) && !sign) {
    throw new ConfigurationError(
      `inputs 'sbom' and 'provenance' are signed attestations: they need 'sign: true'`,
    );
  }
  const tlogUpload = inputs.boolean('tlog-upload', true);
  const signingConfig = inputs.string('signing-config') || undefined;
  if (signingConfig) {
    readSigningConfig(signingConfig);
    if (!tlogUpload)
      throw new ConfigurationError(
        `input 'tlog-upload': false with 'signing-config', whose services (a transparency log or none) cosign uses: leave tlog-upload out`,
      );
  }
  const trustedRootPath = inputs.string('trusted-root') || undefined;
  const trustedRoot = trustedRootPath ? readTrustedRoot(trustedRootPath).path : undefined;
  const push = inputs.boolean('push', true);
  if (sign && !push)
    throw new ConfigurationError(`input 'sign' needs 'push: true': signatures are stored in the registry`);

  return {
    context,
    file,
    image,
    tags,
    sha,
    platforms: inputs.list('platforms', ['linux/amd64']).map(parsePlatform),
    builder: inputs.oneOf('builder', ['auto', 'buildx', 'buildah'] as const, 'auto'),
    buildArgs: keyValues(inputs, 'build-args'),
    labels: keyValues(inputs, 'labels'),
    push,
    username,
    password,
    insecureRegistry: inputs.boolean('insecure-registry', false),
    sign,
    cosignKey,
    cosignPassword: inputs.string('cosign-password'),
    tlogUpload,
    signingConfig: signingConfig && resolve(signingConfig),
    trustedRoot,
    sbom,
    provenance,
    cosignVersion: inputs.toolVersion('cosign-version', COSIGN_VERSION),
    trivyVersion: inputs.toolVersion('trivy-version', TRIVY_VERSION),
    toolsMirror: inputs.toolsMirror(),
    workDir: join(env.RUNNER_TEMP || resolve('.tmp'), 'build-push'),
  };
}

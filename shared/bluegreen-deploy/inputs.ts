// bluegreen-deploy inputs, read and validated once; nothing in the cluster changes before.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getKubeAccess, type KubeAccess, kubeName } from '../cluster/access.js';
import { COLOR_LABEL, VERSION_LABEL } from '../cluster/release-labels.js';
import { ConfigurationError } from '../errors.js';
import { Inputs, quote } from '../inputs.js';
import type { KubeObject } from '../kube/kubectl.js';
import { type ImageReference, parseImageReference } from '../release/reference.js';
import { parseManifests } from './manifests.js';
import { parseSmokeUrls, type SmokeCheck } from './smoke.js';
import { type CanaryMatch, parseCanaryMatch, parseSteps, STRATEGIES, type Strategy } from './traffic.js';

/** The release as it is deployed, whichever version: where, how traffic moves, how it is checked. */
export interface ReleaseInputs extends KubeAccess {
  release: string;
  environment: string;
  source:
    | { kind: 'manifests'; objects: KubeObject[]; path: string }
    | { kind: 'chart'; chart: string; values: string[]; set: string[] }
    | { kind: 'none' };
  service: string;
  /** Label selector the live Service uses besides `color`. */
  selector: Record<string, string>;
  servicePort: number;
  targetPort: string;
  strategy: Strategy;
  router?: string;
  /** gateway: the requests that go to the new color first, and stay on it until 100%. */
  canary?: CanaryMatch;
  steps: number[];
  stepIntervalMs: number;
  smoke?: SmokeCheck;
  timeoutMs: number;
  lockTimeoutMs: number;
  scaleDownDelayMs: number;
  historyLimit: number;
  token?: string;
  workDir: string;
}

/** One version of the release, pinned by digest. */
export interface ReleaseVersion {
  image: ImageReference & { digest: string };
  imageByDigest: string;
  version: string;
}

export type DeployInputs = ReleaseInputs & ReleaseVersion;

export function parseSelector(text: string, name = 'selector'): Record<string, string> {
  const selector: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9./_-]+)=([A-Za-z0-9._-]*)$/.exec(part);
    if (!match)
      throw new ConfigurationError(
        `input '${name}': got ${quote(part)}, expected key=value labels separated by commas`,
      );
    // The action sets these per color and version: a selector of `color=blue` alone would become
    // `color=green` when a color is selected, every release's green pods in the namespace.
    if (match[1] === COLOR_LABEL || match[1] === VERSION_LABEL)
      throw new ConfigurationError(
        `input '${name}': got ${quote(part)}, expected labels other than '${COLOR_LABEL}' and '${VERSION_LABEL}' (the action sets those per color)`,
      );
    selector[match[1]!] = match[2]!;
  }
  // An empty selector would take in every pod of the namespace: scale-down could touch another release.
  if (!Object.values(selector).some(Boolean))
    throw new ConfigurationError(
      `input '${name}': got ${quote(text)}, expected at least one key=value label with a value (the release's pods)`,
    );
  return selector;
}

const ROUTER_INPUTS = ['ingress', 'http-route', 'virtual-service'] as const;
const ROUTER_OF: Record<Exclude<Strategy, 'service'>, (typeof ROUTER_INPUTS)[number]> = {
  ingress: 'ingress',
  gateway: 'http-route',
  istio: 'virtual-service',
};

/** What a version may be: a tag's characters (semver with build metadata, sha-<short>, v1.2.3). */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;

export function checkVersion(version: string, input = 'version'): string {
  if (!VERSION.test(version))
    throw new ConfigurationError(
      `input '${input}': got ${quote(version)}, expected a version (letters, digits, '.', '_', '+', '-'; at most 128)`,
    );
  return version;
}

/** An image pinned by digest as a version of the release (`version` defaults to its tag). */
export function releaseVersion(reference: string, version?: string, input = 'image'): ReleaseVersion {
  const image = parseImageReference(reference);
  if (!image.digest) {
    throw new ConfigurationError(
      `input '${input}': got ${quote(reference)}, expected an image pinned by digest (name@sha256:…), as build-push outputs it`,
    );
  }
  const imageByDigest = `${image.registry === 'docker.io' ? 'docker.io/' : `${image.registry}/`}${image.repository}@${image.digest}`;
  return {
    image: image as ImageReference & { digest: string },
    imageByDigest,
    version: version ? checkVersion(version) : (image.tag ?? image.digest.slice(7, 19)),
  };
}

export async function getDeployInputs(
  inputs = new Inputs(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<DeployInputs> {
  const release = await getReleaseInputs(inputs, env, { sourceRequired: true });
  return { ...release, ...releaseVersion(inputs.required('image'), inputs.string('version')) };
}

/**
 * The release's inputs without a version. A rollback takes its version from the release record
 * and needs the chart or manifests only when it must redeploy, so `sourceRequired` is false there.
 */
export async function getReleaseInputs(
  inputs: Inputs,
  env: NodeJS.ProcessEnv,
  options: { sourceRequired: boolean },
): Promise<ReleaseInputs> {
  const access = getKubeAccess(inputs);
  const release = kubeName(inputs, 'release');
  const manifestsPath = inputs.string('manifests');
  const chart = inputs.string('chart');
  if (manifestsPath && chart)
    throw new ConfigurationError(`give exactly one of 'chart' and 'manifests' (got both)`);
  if (!manifestsPath && !chart && options.sourceRequired) {
    throw new ConfigurationError(`give exactly one of 'chart' and 'manifests' (got neither)`);
  }
  let source: DeployInputs['source'];
  if (!manifestsPath && !chart) {
    source = { kind: 'none' };
  } else if (manifestsPath) {
    if (!existsSync(manifestsPath))
      throw new ConfigurationError(
        `input 'manifests': got ${quote(manifestsPath)}, expected a YAML file of Kubernetes objects`,
      );
    source = {
      kind: 'manifests',
      objects: await parseManifests(readFileSync(manifestsPath, 'utf8'), manifestsPath),
      path: manifestsPath,
    };
  } else {
    const values = inputs.list('values');
    for (const file of values)
      if (!existsSync(file))
        throw new ConfigurationError(`input 'values': got ${quote(file)}, expected an existing values file`);
    source = { kind: 'chart', chart, values, set: inputs.list('set') };
  }
  const strategy = inputs.oneOf('traffic', STRATEGIES, 'service');
  // Each router name is checked when given, whichever the strategy uses.
  const routers = Object.fromEntries(
    ROUTER_INPUTS.filter((name) => inputs.raw(name)).map((name) => [name, kubeName(inputs, name)]),
  );
  const router =
    strategy === 'service'
      ? undefined
      : (routers[ROUTER_OF[strategy]] ?? kubeName(inputs, ROUTER_OF[strategy]));
  const smokeUrls = parseSmokeUrls(inputs.list('smoke-url').flatMap((line) => line.split(/\s+/)));
  // Read whether or not there are smoke URLs: a bad value is refused either way.
  const smokeSettings = {
    expectStatus: inputs.integer('smoke-expect-status', 200, 100),
    retries: inputs.integer('smoke-retries', 3, 0),
    intervalMs: inputs.duration('smoke-interval', '2s'),
    timeoutMs: inputs.duration('smoke-timeout', '5s', { positive: true }),
  };
  const service = kubeName(inputs, 'service', release);
  const portText = inputs.string('service-port', '80');
  if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw new ConfigurationError(
      `input 'service-port': got ${quote(portText)}, expected a port from 1 to 65535`,
    );
  }
  return {
    ...access,
    release,
    // GitHub's limit for an environment's name; it heads the summary and names the deployment.
    environment: inputs.text('environment', access.namespace, 255),
    source,
    service,
    selector: parseSelector(inputs.string('selector', `app.kubernetes.io/part-of=${release}`)),
    servicePort: Number(portText),
    targetPort: inputs.string('target-port', 'http'),
    strategy,
    router,
    canary: parseCanaryMatch(inputs.string('canary-match'), strategy),
    steps: parseSteps(inputs.string('traffic-steps', '100'), strategy),
    stepIntervalMs: inputs.duration('step-interval', '30s'),
    smoke: smokeUrls ? { urls: smokeUrls, ...smokeSettings } : undefined,
    timeoutMs: inputs.duration('timeout', '5m', { positive: true }),
    lockTimeoutMs: inputs.duration('lock-timeout', '10m'),
    scaleDownDelayMs: inputs.duration('scale-down-delay', '30m'),
    historyLimit: inputs.integer('history-limit', 20, 1),
    token: inputs.string('token') || undefined,
    workDir: join(env.RUNNER_TEMP || resolve('.tmp'), 'bluegreen-deploy'),
  };
}

// verify-slo inputs, read and validated once: nothing is observed until every input is good.
import { join, resolve } from 'node:path';
import { privateKeyInput } from '../credentials.js';
import { ConfigurationError } from '../errors.js';
import { checkUrl, Inputs, MAX_DURATION_MS, maskUrlPassword, parseDuration, quote } from '../inputs.js';
import { DIGEST, type ImageReference, parseImageReference } from '../release/reference.js';
import * as core from '../runner.js';
import { COSIGN_VERSION } from '../tools/versions.js';
import { PrometheusClient } from './prometheus.js';
import {
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_WINDOW_SECONDS,
  MARGINAL_CHOICES,
  NO_DATA_CHOICES,
  SELECTOR,
} from './settings.js';
import type { VerifyPlan } from './verify.js';

export interface AttestationInputs {
  /** The verified image, by digest. */
  image: ImageReference & { digest: string };
  environment: string;
  /** Private key: PEM content or a path; keyless (the workflow's OIDC identity) when absent. */
  cosignKey?: string;
  cosignPassword: string;
  tlogUpload: boolean;
  insecureRegistry: boolean;
  username?: string;
  password?: string;
  cosignVersion: string;
  toolsMirror?: string;
}

export interface VerifySloInputs {
  prometheusUrl: string;
  prometheusToken?: string;
  plan: VerifyPlan;
  /** Set when the image should get the signed verification attestation on a pass. */
  attestation?: AttestationInputs;
  workDir: string;
}

const ENVIRONMENT = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

function seconds(
  inputs: Inputs,
  name: string,
  fromFile: number | undefined,
  fallback: number,
  min: number,
): number {
  const value = inputs.raw(name);
  if (!value) return fromFile ?? fallback;
  const ms = parseDuration(value);
  if (ms === undefined || ms / 1000 < min || ms > MAX_DURATION_MS)
    throw new ConfigurationError(
      `input '${name}': got ${quote(value)}, expected a duration like 90s, 2m or 1h30m${min > 0 ? ` (at least ${min}s, ` : ' ('}at most 30d)`,
    );
  return ms / 1000;
}

function selector(inputs: Inputs, name: string): string | undefined {
  const value = inputs.raw(name);
  if (!value) return undefined;
  return checkSelector(name, value);
}

/**
 * The client for the inputs' Prometheus. Its token and any password in the URL are masked first:
 * an error that echoes them must not put them in the log.
 */
export function prometheusClientFor(inputs: Pick<VerifySloInputs, 'prometheusUrl' | 'prometheusToken'>) {
  if (inputs.prometheusToken) core.setSecret(inputs.prometheusToken);
  maskUrlPassword(new URL(inputs.prometheusUrl));
  return new PrometheusClient(inputs.prometheusUrl, { token: inputs.prometheusToken });
}

/**
 * Prometheus label matchers given as input `name` (`given` when they were filled in from a
 * template), refused in one line when they are not.
 */
export function checkSelector(name: string, value: string, given = value): string {
  if (!SELECTOR.test(value))
    throw new ConfigurationError(
      `input '${name}': got ${quote(given)}, expected Prometheus label matchers like color="green" (name, then =, !=, =~ or !~, then a quoted value; comma separated)`,
    );
  return value.trim().replace(/,\s*$/, '');
}

function attestationInputs(inputs: Inputs): AttestationInputs | undefined {
  const imageText = inputs.raw('image');
  const environment = inputs.raw('environment');
  // Checked whether or not there is anything to attest: a bad value is refused either way.
  const settings = {
    tlogUpload: inputs.boolean('tlog-upload', true),
    insecureRegistry: inputs.boolean('insecure-registry', false),
    cosignVersion: inputs.toolVersion('cosign-version', COSIGN_VERSION),
    toolsMirror: inputs.toolsMirror(),
  };
  if (!imageText) {
    if (environment || inputs.raw('cosign-key'))
      throw new ConfigurationError(
        `inputs 'environment' and 'cosign-key' are for the verification attestation: give 'image' (name@sha256:…) too`,
      );
    return undefined;
  }
  const image = parseImageReference(imageText);
  const digestInput = inputs.raw('digest');
  if (digestInput && !DIGEST.test(digestInput))
    throw new ConfigurationError(
      `input 'digest': got ${quote(digestInput)}, expected sha256: and 64 hex characters`,
    );
  if (digestInput && image.digest && digestInput !== image.digest)
    throw new ConfigurationError(`inputs 'image' and 'digest' disagree: ${image.digest} vs ${digestInput}`);
  const digest = image.digest ?? digestInput;
  if (!digest)
    throw new ConfigurationError(
      `input 'image': got ${quote(imageText)}, expected an image by digest (name@sha256:…), or give 'digest': the attestation is made by digest, never by tag`,
    );
  if (!environment)
    throw new ConfigurationError(
      `input 'environment' is required with 'image': the attestation says which environment the digest passed in`,
    );
  if (!ENVIRONMENT.test(environment))
    throw new ConfigurationError(
      `input 'environment': got ${quote(environment)}, expected an environment name like staging or production`,
    );
  const cosignKey = privateKeyInput(inputs, 'cosign-key');
  const username = inputs.raw('username') || undefined;
  const password = inputs.raw('password') || undefined;
  if (Boolean(username) !== Boolean(password))
    throw new ConfigurationError(`inputs 'username' and 'password' go together: give both or neither`);
  return {
    image: { ...image, tag: undefined, digest },
    environment,
    cosignKey: cosignKey && !cosignKey.includes('-----BEGIN') ? resolve(cosignKey) : cosignKey,
    cosignPassword: inputs.string('cosign-password'),
    username,
    password,
    ...settings,
  };
}

export async function getVerifySloInputs(
  inputs = new Inputs(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<VerifySloInputs> {
  const prometheusUrl = inputs.required('prometheus-url');
  checkUrl('prometheus-url', prometheusUrl, { plainBase: true });

  // The SLO's parser is loaded once the Prometheus to judge against is given.
  const { loadSlo, placeholdersOf } = await import('./spec.js');
  const spec = await loadSlo(inputs.raw('slo') || 'default');
  const windowSeconds = seconds(inputs, 'window', spec.windowSeconds, DEFAULT_WINDOW_SECONDS, 1);
  const intervalSeconds = seconds(inputs, 'interval', spec.intervalSeconds, DEFAULT_INTERVAL_SECONDS, 1);
  const warmUpSeconds = seconds(inputs, 'warm-up', spec.warmUpSeconds, 0, 0);
  if (intervalSeconds > windowSeconds)
    throw new ConfigurationError(
      `input 'interval': ${intervalSeconds}s is longer than the ${windowSeconds}s window: nothing could be judged`,
    );

  const target = selector(inputs, 'target');
  // `none` says there is nothing to compare with (after a rollback, say): the objectives that need
  // a baseline are reported not evaluated and the absolute ones decide.
  const noBaseline = inputs.raw('baseline').trim() === 'none';
  const baseline = noBaseline ? undefined : selector(inputs, 'baseline');
  const usesSelector = spec.objectives.filter((objective) =>
    placeholdersOf(objective.query).includes('selector'),
  );
  if (usesSelector.length && !target)
    throw new ConfigurationError(
      `input 'target' is required: objective '${usesSelector[0]?.name}' fills {{selector}} with it, e.g. color="green"`,
    );

  return {
    prometheusUrl,
    prometheusToken: inputs.raw('prometheus-token') || undefined,
    plan: {
      spec,
      windowSeconds,
      intervalSeconds,
      warmUpSeconds,
      target: target ?? '',
      baseline,
      ...(noBaseline ? { noBaselineReason: "baseline 'none': nothing to compare with" } : {}),
      onNoData: inputs.oneOf('on-no-data', NO_DATA_CHOICES, 'fail'),
      onMarginal: inputs.oneOf('on-marginal', MARGINAL_CHOICES, 'fail'),
    },
    attestation: attestationInputs(inputs),
    workDir: join(env.RUNNER_TEMP || resolve('.tmp'), 'verify-slo'),
  };
}

// rollback inputs, read and validated once: the release (as bluegreen-deploy reads it, minus the
// version, which comes from the record), what to put back, who must have signed it, and how to
// verify it afterwards. Nothing in the cluster changes before.

import { getReleaseInputs, type ReleaseInputs } from '../bluegreen-deploy/inputs.js';
import { DEFAULT_TARGET, fillSelector } from '../cluster/release-labels.js';
import { type SignatureIdentity, signatureIdentityInput } from '../cosign.js';
import { credentialsInput } from '../credentials.js';
import { ConfigurationError } from '../errors.js';
import { Inputs } from '../inputs.js';
import * as core from '../runner.js';
import { checkSelector, getVerifySloInputs, type VerifySloInputs } from '../slo/inputs.js';
import { COSIGN_VERSION } from '../tools/versions.js';

export interface RollbackSigner {
  identity: SignatureIdentity;
  ignoreTlog: boolean;
  insecureRegistry: boolean;
  credentials: { username?: string; password?: string };
  cosignVersion: string;
  toolsMirror?: string;
}

/** The signer rollback verifies against, or undefined when none is configured. */
export function getRollbackSigner(inputs: Inputs): RollbackSigner | undefined {
  const identity = signatureIdentityInput(inputs);
  const credentials = credentialsInput(inputs);
  // Read (and checked) whether or not a signer is given: a bad value is refused either way.
  const signer = {
    ignoreTlog: inputs.boolean('ignore-tlog', false),
    insecureRegistry: inputs.boolean('insecure-registry', false),
    credentials,
    cosignVersion: inputs.toolVersion('cosign-version', COSIGN_VERSION),
    toolsMirror: inputs.toolsMirror(),
  };
  return identity ? { identity, ...signer } : undefined;
}

/** What a rollback needs: the release, what to put back, and why; the umbrella makes one too. */
export interface RollbackRequest extends ReleaseInputs {
  /** previous | version | sha | digest | #N (history index). */
  to: string;
  reason: string;
  /** `#N` may name an entry whose deploy failed. */
  force: boolean;
  signer?: RollbackSigner;
  /** Without a signer: why the signature goes unchecked (said in the record); required then. */
  unsignedBecause?: string;
}

/** The rollback action's inputs: a request, and what the action does after it. */
export interface RollbackInputs extends RollbackRequest {
  /** PromQL selector template of the version put back (`{namespace}`, `{release}`, `{color}`, `{version}`). */
  targetTemplate: string;
  /** Post-rollback SLO verification, when a Prometheus URL is given. */
  verify?: VerifySloInputs;
  incidentIssue: boolean;
}

export async function getRollbackInputs(
  raw = new Inputs(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<RollbackInputs> {
  // Required, and one line of text: it goes into the log, the summary, the record and an issue.
  const reason = raw.required('reason') && raw.text('reason');
  const to = raw.string('to', 'previous');
  const release = await getReleaseInputs(raw, env, { sourceRequired: false });
  const signer = getRollbackSigner(raw);
  const allowUnsigned = raw.boolean('allow-unsigned', false);
  if (!signer && !allowUnsigned)
    throw new ConfigurationError(
      `the version put back must carry the release's signature: give 'cosign-key' or 'certificate-identity' (the signer), or set 'allow-unsigned: true' to roll back without checking it`,
    );
  const targetTemplate = raw.raw('target') || DEFAULT_TARGET;
  checkSelector(
    'target',
    fillSelector(targetTemplate, {
      namespace: release.namespace,
      release: release.release,
      color: 'blue',
      version: '1',
    }),
    targetTemplate,
  );
  const incidentIssue = raw.boolean('incident-issue', false);
  if (incidentIssue && !release.token)
    throw new ConfigurationError(
      `input 'incident-issue': true needs 'token' (a GitHub token with issues: write)`,
    );
  if (!signer)
    core.warning('rolling back without checking the signature of the version put back (allow-unsigned)');
  return {
    ...release,
    to,
    reason,
    force: raw.boolean('force', false),
    signer,
    unsignedBecause: signer ? undefined : 'allow-unsigned: true (no cosign-key or certificate-identity)',
    targetTemplate,
    verify: raw.raw('prometheus-url') ? await postRollbackVerification(raw) : checkVerificationDurations(raw),
    incidentIssue,
  };
}

/** Without prometheus-url nothing is verified, but the durations given are still checked. */
function checkVerificationDurations(raw: Inputs): undefined {
  for (const name of ['window', 'interval', 'warm-up']) if (raw.raw(name)) raw.duration(name, '0s');
  return undefined;
}

/**
 * verify-slo's inputs for after the rollback: the form's prometheus-url, slo and durations; no
 * baseline (the other color ran what was rolled back); nothing attested. The target is filled in
 * once the version is back.
 */
function postRollbackVerification(raw: Inputs): Promise<VerifySloInputs> {
  return getVerifySloInputs(
    new Inputs((name) => {
      if (name === 'baseline') return 'none';
      if (name === 'target') return 'color="placeholder"';
      if (['image', 'digest', 'environment', 'cosign-key'].includes(name)) return '';
      return raw.raw(name);
    }),
  );
}

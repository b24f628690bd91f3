// The proof that a digest passed verification in an environment: a signed in-toto attestation with
// this predicate type, written by verify-slo on a pass and required by promote.
import { writeFileSync } from 'node:fs';

export const VERIFICATION_PREDICATE_TYPE = 'https://github.com/org/pipeline/attestations/verification/v1';

export interface VerificationPredicate {
  /** The environment the digest was verified in (staging, …). */
  environment: string;
  /** sha256:… — must equal the attested image's digest. */
  digest: string;
  verdict: 'pass' | 'fail' | 'inconclusive';
  verifiedAt: string;
  /** What was checked, e.g. SLO objective names with their results. */
  checks: { name: string; result: string }[];
  /** The run that verified it. */
  runUrl?: string;
}

export function verificationPredicate(
  input: Omit<VerificationPredicate, 'verifiedAt'> & { verifiedAt?: Date },
): VerificationPredicate {
  const env = process.env;
  const runUrl =
    input.runUrl ??
    (env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined);
  return {
    environment: input.environment,
    digest: input.digest,
    verdict: input.verdict,
    verifiedAt: (input.verifiedAt ?? new Date()).toISOString(),
    checks: input.checks,
    ...(runUrl ? { runUrl } : {}),
  };
}

export function writeVerificationPredicate(path: string, predicate: VerificationPredicate): void {
  writeFileSync(path, JSON.stringify(predicate, null, 2));
}

export interface AttestedStatement {
  predicateType: string;
  subjectDigests: string[];
  predicate: unknown;
}

/** Decodes `cosign verify-attestation` output: one DSSE envelope per line with an in-toto payload. */
export function parseAttestations(stdout: string): AttestedStatement[] {
  const statements: AttestedStatement[] = [];
  for (const line of stdout
    .split('\n')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('{'))) {
    try {
      const envelope = JSON.parse(line) as { payload?: string };
      if (!envelope.payload) continue;
      const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
        predicateType?: string;
        subject?: { digest?: Record<string, string> }[];
        predicate?: unknown;
      };
      statements.push({
        predicateType: statement.predicateType ?? '',
        subjectDigests: (statement.subject ?? []).flatMap((s) =>
          Object.entries(s.digest ?? {}).map(([alg, hex]) => `${alg}:${hex}`),
        ),
        predicate: statement.predicate,
      });
    } catch {
      // not an envelope
    }
  }
  return statements;
}

/** Why a set of attestations does not prove `digest` passed in `environment`, or undefined when it does. */
export function missingVerificationProof(
  statements: readonly AttestedStatement[],
  digest: string,
  environment: string,
  age: { maxMs: number; now?: Date } = { maxMs: Number.POSITIVE_INFINITY },
): string | undefined {
  const ours = statements.filter((s) => s.predicateType === VERIFICATION_PREDICATE_TYPE);
  if (!ours.length)
    return `no verification attestation (${VERIFICATION_PREDICATE_TYPE}) is attached to ${digest}`;
  const forDigest = ours.filter(
    (s) => s.subjectDigests.includes(digest) && (s.predicate as VerificationPredicate)?.digest === digest,
  );
  if (!forDigest.length) {
    const claimed = ours.map((s) => (s.predicate as VerificationPredicate)?.digest).join(', ');
    return `the verification attestation is for another digest (${claimed}), not ${digest}`;
  }
  const inEnvironment = forDigest.filter(
    (s) => (s.predicate as VerificationPredicate).environment === environment,
  );
  if (!inEnvironment.length) {
    const environments = forDigest.map((s) => (s.predicate as VerificationPredicate).environment).join(', ');
    return `${digest} was verified in ${environments}, not in ${environment}`;
  }
  const passed = inEnvironment.filter((s) => (s.predicate as VerificationPredicate).verdict === 'pass');
  if (!passed.length) {
    return `${digest} did not pass verification in ${environment}`;
  }
  // The newest pass decides; a time in the future (beyond clock skew) is no time at all.
  const now = (age.now ?? new Date()).getTime();
  const times = passed
    .map((s) => Date.parse((s.predicate as VerificationPredicate).verifiedAt))
    .filter((at) => Number.isFinite(at) && at <= now + 5 * 60_000);
  if (!times.length)
    return `the verification of ${digest} in ${environment} carries no valid verifiedAt time`;
  const newest = Math.max(...times);
  if (now - newest > age.maxMs)
    return `${digest} last passed verification in ${environment} at ${new Date(newest).toISOString()}, longer ago than max-attestation-age (${Math.round(age.maxMs / 3_600_000)}h)`;
  return undefined;
}

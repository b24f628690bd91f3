import { describe, expect, it } from 'vitest';
import { cosignVerifyArgs } from '../../shared/cosign.js';
import {
  type AttestedStatement,
  missingVerificationProof,
  VERIFICATION_PREDICATE_TYPE,
} from '../../shared/release/verification.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;
const NOW = new Date('2026-12-02T12:00:00Z');
const statement = (verifiedAt: string, verdict = 'pass'): AttestedStatement => ({
  predicateType: VERIFICATION_PREDICATE_TYPE,
  subjectDigests: [DIGEST],
  predicate: { environment: 'staging', digest: DIGEST, verdict, verifiedAt, checks: [] },
});
const DAY = 86_400_000;

describe('the verification proof promote requires', () => {
  it('takes the newest pass within max-attestation-age', () => {
    const proof = [statement('2026-10-01T00:00:00Z'), statement('2026-11-30T00:00:00Z')];
    expect(missingVerificationProof(proof, DIGEST, 'staging', { maxMs: 30 * DAY, now: NOW })).toBeUndefined();
  });

  it('refuses a pass older than max-attestation-age, and one dated in the future', () => {
    expect(
      missingVerificationProof([statement('2026-10-01T00:00:00Z')], DIGEST, 'staging', {
        maxMs: 30 * DAY,
        now: NOW,
      }),
    ).toBe(
      `${DIGEST} last passed verification in staging at 2026-10-01T00:00:00.000Z, longer ago than max-attestation-age (720h)`,
    );
    expect(
      missingVerificationProof([statement('2027-01-01T00:00:00Z')], DIGEST, 'staging', {
        maxMs: 30 * DAY,
        now: NOW,
      }),
    ).toBe(`the verification of ${DIGEST} in staging carries no valid verifiedAt time`);
    expect(
      missingVerificationProof([statement('not a time')], DIGEST, 'staging', { maxMs: 30 * DAY, now: NOW }),
    ).toMatch(/no valid verifiedAt/);
  });

  it('keyless: the signing workflow run must belong to the repository named', () => {
    expect(
      cosignVerifyArgs({
        image: `r/app@${DIGEST}`,
        certificateIdentity: 'https://github.com/org/pipeline/.github/workflows/deliver.yml@refs/tags/v1',
        certificateOidcIssuer: 'https://token.actions.githubusercontent.com',
        workflowRepository: 'acme/shop',
      }),
    ).toEqual(expect.arrayContaining(['--certificate-github-workflow-repository', 'acme/shop']));
  });
});

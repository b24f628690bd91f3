// verify-slo: inputs → observe the target (and baseline) in Prometheus over the window → judge
// each objective, failing fast → outputs, summary → on a pass, the signed verification
// attestation for the image digest.

import { runAction } from '../action.js';
import { errorMessage } from '../errors.js';
import * as core from '../runner.js';
import { CleanupState } from '../state.js';
import type { AttestationRecord } from './attest.js';
import { getVerifySloInputs, prometheusClientFor } from './inputs.js';
import type { VerificationReport } from './verify.js';

export async function run(): Promise<void> {
  await runAction(async () => {
    let report: VerificationReport;
    let judged = false;
    try {
      const inputs = await getVerifySloInputs();
      // The judging and its summary are loaded once the inputs are good: a bad input fails in a blink.
      const [{ verifySlo }, { sloSummary }] = await Promise.all([
        import('./verify.js'),
        import('./summary.js'),
      ]);
      const client = prometheusClientFor(inputs);
      const { plan } = inputs;
      core.info(
        `Verifying ${plan.target || '(no selector)'}${plan.baseline ? ` against ${plan.baseline}` : ''}: ${plan.spec.objectives.length} objective(s) over ${plan.windowSeconds}s, every ${plan.intervalSeconds}s`,
      );
      report = await verifySlo(plan, client, { log: (line) => core.info(line) });
      core.setOutput('verdict', report.verdict);
      core.setOutput('breached', report.breached.join(','));
      core.setOutput('score', report.score === undefined ? '' : String(report.score));
      judged = true;

      let attestation: AttestationRecord | { error: string } | undefined;
      let attestationError: unknown;
      // A pass for want of data (on-no-data: pass) lets the step go on but vouches for nothing.
      if (report.verdict === 'pass' && !report.noData && inputs.attestation) {
        try {
          const { attestVerification } = await import('./attest.js');
          attestation = await attestVerification(
            report,
            inputs.attestation,
            inputs.workDir,
            new CleanupState(),
          );
        } catch (error) {
          attestationError = error;
          attestation = { error: errorMessage(error) };
        }
      }
      core.setOutput('report', JSON.stringify(attestation ? { ...report, attestation } : report));
      await sloSummary(report, attestation).write();
      if (attestationError) throw attestationError;
    } catch (error) {
      // No verdict could be reached (a bad input, a rejected query, a crash): fail closed. A pass
      // whose attestation could not be made keeps its verdict, but the step fails.
      if (!judged) {
        core.setOutput('verdict', 'fail');
        core.setOutput('breached', '');
        core.setOutput(
          'report',
          JSON.stringify({ verdict: 'fail', reason: errorMessage(error), breached: [] }),
        );
      }
      throw error;
    }

    if (report.verdict === 'fail') core.setFailed(`SLO verification failed: ${report.reason}`);
    else if (report.verdict === 'inconclusive')
      core.warning(`SLO verification inconclusive: ${report.reason}`);
    else if (report.verdict === 'marginal')
      core.warning(`SLO verification marginal, a person decides (on-marginal: wait): ${report.reason}`);
    else core.info(`SLO verification passed: ${report.reason}`);
  });
}

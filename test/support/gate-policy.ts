// The gate's default policy for tests that judge reports directly: what getGateInputs gives
// without any input, overridden per test.
import { DEFAULT_BUDGETS } from '../../shared/policy/budgets.js';
import type { GatePolicy } from '../../shared/policy/evaluate.js';

export function defaultPolicy(overrides: Partial<GatePolicy> = {}): GatePolicy {
  return {
    severityThreshold: 'MEDIUM',
    budgets: { ...DEFAULT_BUDGETS },
    ignoreUnfixed: false,
    failOnSecrets: true,
    ignore: { active: [], expired: [] },
    vex: [],
    compliance: [],
    minComplianceScore: 0.8,
    scanners: new Set(['vuln', 'secret']),
    ...overrides,
  };
}

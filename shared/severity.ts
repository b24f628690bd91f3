// Severity as trivy prints it, ranked: the one definition the report, the policy and SARIF share.
export const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The rank of a severity as trivy prints it, -1 for any other string: a switch on the constants,
 * once per finding, where a Map would hash each one.
 */
function rankOf(value: string): number {
  switch (value) {
    case 'UNKNOWN':
      return 0;
    case 'LOW':
      return 1;
    case 'MEDIUM':
      return 2;
    case 'HIGH':
      return 3;
    case 'CRITICAL':
      return 4;
    default:
      return -1;
  }
}

export function severityRank(severity: Severity): number {
  return rankOf(severity);
}

/** trivy prints severities upper-case; anything else it may print is UNKNOWN. */
export function toSeverity(value: unknown): Severity {
  if (typeof value !== 'string') return 'UNKNOWN';
  // Once per finding: the common case (already upper-case) allocates nothing, and every finding
  // shares the one constant string rather than keeping the copy its report was parsed into.
  const rank = rankOf(value);
  if (rank >= 0) return SEVERITIES[rank] as Severity;
  return SEVERITIES[rankOf(value.toUpperCase())] ?? 'UNKNOWN';
}

// Severity as trivy prints it, ranked: the one definition the report, the policy and SARIF share.
export const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

const CANONICAL = new Map<string, Severity>(SEVERITIES.map((severity) => [severity, severity]));

/** Once per finding: a switch on the constant strings, where a Map would hash each one. */
export function severityRank(severity: Severity): number {
  switch (severity) {
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
  }
}

/** trivy prints severities upper-case; anything else it may print is UNKNOWN. */
export function toSeverity(value: unknown): Severity {
  if (typeof value !== 'string') return 'UNKNOWN';
  // Once per finding: the common case (already upper-case) allocates nothing, and every finding
  // shares the one constant string rather than keeping the copy its report was parsed into.
  return CANONICAL.get(value) ?? CANONICAL.get(value.toUpperCase()) ?? 'UNKNOWN';
}

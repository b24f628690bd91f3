// Severity as trivy prints it, ranked: the one definition the report, the policy and SARIF share.
export const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** trivy prints severities upper-case; anything else it may print is UNKNOWN. */
export function toSeverity(value: unknown): Severity {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  return (SEVERITIES as readonly string[]).includes(upper) ? (upper as Severity) : 'UNKNOWN';
}

// A document's value read from JSON or YAML written elsewhere (a report, a record, an SLO file):
// one check that it is an object with members before any member is read.

/** An object with members: not null, not a list. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// What verify-slo's inputs may say beside the SLO itself, apart from the judging that uses it: the
// inputs are read before the judging is loaded.

export const MARGINAL_CHOICES = ['fail', 'pass', 'wait'] as const;
/** What a marginal score becomes: a failure, a pass, or a hold for a person to decide (`marginal`). */
export type OnMarginal = (typeof MARGINAL_CHOICES)[number];
export const NO_DATA_CHOICES = ['fail', 'inconclusive', 'pass'] as const;
export type OnNoData = (typeof NO_DATA_CHOICES)[number];

export const DEFAULT_WINDOW_SECONDS = 300;
export const DEFAULT_INTERVAL_SECONDS = 10;

/** Label matchers, as `{{selector}}` expects them: name op "value", comma separated. */
export const SELECTOR =
  /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*(?:,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*)*,?\s*$/;

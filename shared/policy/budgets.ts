// The severity budgets' defaults, apart from the judging that uses them: the gate's inputs read
// them before the judgment is loaded.

export type BudgetSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';

/** Largest allowed count per severity when the step does not say; -1 is unlimited. */
export const DEFAULT_BUDGETS: Record<BudgetSeverity, number> = { CRITICAL: 0, HIGH: 5, MEDIUM: -1, LOW: -1 };

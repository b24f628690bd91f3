export function actionTables(name: string): string;
export function actionsIndex(): string;
export function docPages(): string[];
export function renderReadme(readme: string): string;
export function workflowTables(name: string): string;

export function actionTables(name: string): string;
export function renderReadme(readme: string): string;

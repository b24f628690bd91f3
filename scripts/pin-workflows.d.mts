export function pinUses(text: string, sha: string, repository?: string): string;
export function pinWorkflows(dir: string, sha: string, repository?: string): string[];

export const appSourceDir: string;
export const APP_ARCHITECTURES: string[];
export function buildAppBinary(outDir?: string, options?: { architectures?: string[] }): string;

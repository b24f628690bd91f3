export const repoRoot: string;
export const toolsBin: string;
export function withToolsOnPath(): void;
export function prepareScanEnvironment(workDir: string): Promise<{
  registry: string;
  stopRegistry(): Promise<void>;
  dbRepository: string;
  images: { vulnerable: string; clean: string; vulnerableDigest: string; cleanDigest: string };
  archive: string;
}>;

export const repoRoot: string;
export const toolsBin: string;
export function withToolsOnPath(): void;
export function startRegistry(
  dir: string,
): Promise<{ address: string; pid: number | undefined; logFile: string; stop(): Promise<void> }>;
export function prepareScanEnvironment(workDir: string): Promise<{
  registry: string;
  stopRegistry(): Promise<void>;
  dbRepository: string;
  images: { vulnerable: string; clean: string; vulnerableDigest: string; cleanDigest: string };
  archive: string;
}>;

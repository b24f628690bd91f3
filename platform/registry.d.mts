/** Starts Debian's docker-registry on a free loopback port, storing under `dir`. */
export function startRegistry(
  dir: string,
): Promise<{ address: string; pid: number | undefined; logFile: string; stop(): Promise<void> }>;

/** A TCP port nothing listens on at 127.0.0.1 now (the kernel's pick). */
export function freePort(): Promise<number>;

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Never signals a stranger. */
export function stopProcess(pid: number | undefined, command: string, graceMs?: number): Promise<boolean>;

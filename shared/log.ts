// What an action writes to the log must never become a runner command.

/**
 * Text from outside (a tool's output, a version, a reason) made safe to log: a line that starts
 * with `::` would be a runner command (`::set-output`, `::add-mask`, `::stop-commands`…); its
 * first colon pair is broken visibly (`: :`).
 */
export function logSafe(text: string): string {
  return text.replace(/^(\s*):(?=:)/gm, '$1: ');
}

/**
 * Every write to stdout and stderr after its first line is made log-safe. runner.ts writes
 * each command as one line with its data escaped, so a command is only ever a write's first line:
 * a value with a newline inside a message can never start one. Installed once per process.
 */
export function guardRunnerCommands(): void {
  for (const stream of [process.stdout, process.stderr] as (NodeJS.WriteStream & { guarded?: true })[]) {
    if (stream.guarded) continue;
    stream.guarded = true;
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) return write(chunk, ...rest);
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const newline = text.indexOf('\n');
      if (newline < 0 || newline === text.length - 1) return write(chunk, ...rest);
      return write(text.slice(0, newline + 1) + logSafe(text.slice(newline + 1)), ...rest);
    }) as typeof stream.write;
  }
}

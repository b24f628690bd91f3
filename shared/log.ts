// What an action writes to the log must never become a runner command.

import { issuingCommand } from './runner.js';

/**
 * Text from outside (a tool's output, a version, a reason) made safe to log: a line that starts
 * with `::` would be a runner command (`::set-output`, `::add-mask`, `::stop-commands`…); its
 * first colon pair is broken visibly (`: :`). A line is what the runner reads as one: it ends at a
 * lone CR too, and .NET's TrimStart drops NEL (U+0085), which JavaScript's \s leaves out. The
 * runner also reads its legacy form, `##[name key=value;]data`, anywhere in a line: every `##[` is
 * broken visibly (`## [`).
 */
export function logSafe(text: string): string {
  return text.replace(/^([\s\u0085]*):(?=:)/gm, '$1: ').replace(/##\[/g, '## [');
}

/**
 * Every write to stdout and stderr is made log-safe, except a command runner.ts issues: one line
 * `::name::data`, its data escaped, which the runner reads as that command alone whatever the data
 * holds (an add-mask must keep its value as it is). A line that only looks like one (`core.info`
 * of outside text starting with `::`) is broken like any other. Installed once per process.
 */
export function guardRunnerCommands(): void {
  for (const stream of [process.stdout, process.stderr] as (NodeJS.WriteStream & { guarded?: true })[]) {
    if (stream.guarded) continue;
    stream.guarded = true;
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (issuingCommand() || (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)))
        return write(chunk, ...rest);
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const safe = logSafe(text);
      return safe === text ? write(chunk, ...rest) : write(safe, ...rest);
    }) as typeof stream.write;
  }
}

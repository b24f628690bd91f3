// Runs an action's bundle exactly as the runner does: `node dist/<name>/index.js` with INPUT_*
// variables and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and reads back what it wrote.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { runNode } from '../../scripts/lib/run-bundle.mjs';

export const repoRoot = new URL('../..', import.meta.url).pathname;

/** The defaults an action.yml declares, which the runner passes as INPUT_* variables. */
export function actionDefaults(action: string): Record<string, string> {
  const manifest = yaml.load(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    if (spec.default !== undefined) defaults[name] = String(spec.default);
  }
  return defaults;
}

export interface BundleRun {
  /** What main saved for post (GITHUB_STATE), to pass on to runPost. */
  state: Record<string, string>;
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter` blocks and `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
      outputs[name] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

export async function runBundle(
  action: string,
  inputs: Record<string, string>,
  options: {
    env?: Record<string, string>;
    runnerTemp?: string;
    cwd?: string;
    entry?: 'main' | 'post';
    state?: Record<string, string>;
    /** The run's output as it comes, before it ends. */
    onStdout?: (chunk: string) => void;
  } = {},
): Promise<BundleRun> {
  const runnerTemp = options.runnerTemp ?? mkdtempSync(join(tmpdir(), `${action}-`));
  const outputFile = join(runnerTemp, 'github-output');
  const summaryFile = join(runnerTemp, 'step-summary.md');
  const stateFile = join(runnerTemp, 'github-state');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(stateFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(runnerTemp, 'tool-cache'),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: stateFile,
    ...options.env,
  };
  // The runner hands main's saved state to post as STATE_<name>.
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  // Like the runner: every input the action declares with a default is set unless given.
  for (const [name, value] of Object.entries({ ...actionDefaults(action), ...inputs })) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  const bundle = join(repoRoot, 'dist', action, ...(options.entry === 'post' ? ['post'] : []), 'index.js');
  const { code, stdout, stderr } = await runNode([bundle], {
    env,
    cwd: options.cwd ?? repoRoot,
    onStdout: options.onStdout,
  });
  return {
    exitCode: code ?? -1,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    state: parseOutputFile(readFileSync(stateFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    runnerTemp,
  };
}

/** The `::error::` lines a run printed (what the runner shows as the failure). */
export function errorLines(run: BundleRun): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error'))
    .map((line) =>
      line
        .replace(/^::error[^:]*::/, '')
        // the runner's escaping of workflow command data
        .replaceAll('%0D', '\r')
        .replaceAll('%0A', '\n')
        .replaceAll('%25', '%'),
    );
}

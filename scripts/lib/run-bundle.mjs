// Runs an action bundle as a runner does — INPUT_* variables, GITHUB_OUTPUT, GITHUB_STATE and
// GITHUB_STEP_SUMMARY files in a runner temp folder of its own — for the demo, the gate example
// and the benches (the tests have their typed twin in test/support/bundle.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './scan-env.mjs';

/** `dir` (made if missing) or a new folder under `parent` is the step's RUNNER_TEMP. */
export function runActionBundle(action, inputs, { dir, parent, env = {} } = {}) {
  const runnerTemp = dir ?? mkdtempSync(join(parent, `${action}-`));
  mkdirSync(runnerTemp, { recursive: true });
  const files = { GITHUB_OUTPUT: 'outputs', GITHUB_STATE: 'state', GITHUB_STEP_SUMMARY: 'summary.md' };
  const vars = { ...process.env, RUNNER_TEMP: runnerTemp, ...env };
  for (const [name, file] of Object.entries(files)) {
    vars[name] = join(runnerTemp, file);
    writeFileSync(vars[name], '');
  }
  for (const [name, value] of Object.entries(inputs)) vars[`INPUT_${name.toUpperCase()}`] = value;
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(repoRoot, 'dist', action, 'index.js')], {
    env: vars,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  const outputs = {};
  const text = readFileSync(vars.GITHUB_OUTPUT, 'utf8');
  for (const [, name, , value] of text.matchAll(/^([^<\n]+)<<(ghadelimiter_[^\n]+)\n([\s\S]*?)\n\2$/gm))
    outputs[name] = value;
  const errors = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .map((line) => line.slice(9).replaceAll('%0A', '\n').replaceAll('%0D', '\r').replaceAll('%25', '%'));
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs,
    errors,
    summary: vars.GITHUB_STEP_SUMMARY,
    ms,
  };
}

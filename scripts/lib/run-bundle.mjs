// Runs an action bundle as a runner does — INPUT_* variables, GITHUB_OUTPUT, GITHUB_STATE and
// GITHUB_STEP_SUMMARY files in a runner temp folder of its own — for the demo, the gate example
// and the benches (the tests have their typed twin in test/support/bundle.ts).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './scan-env.mjs';

/** `dir` (made if missing) or a new folder under `parent` is the step's RUNNER_TEMP. */
function prepareStep(action, inputs, { dir, parent, env = {} }) {
  const runnerTemp = dir ?? mkdtempSync(join(parent, `${action}-`));
  mkdirSync(runnerTemp, { recursive: true });
  const files = { GITHUB_OUTPUT: 'outputs', GITHUB_STATE: 'state', GITHUB_STEP_SUMMARY: 'summary.md' };
  const vars = { ...process.env, RUNNER_TEMP: runnerTemp, ...env };
  for (const [name, file] of Object.entries(files)) {
    vars[name] = join(runnerTemp, file);
    writeFileSync(vars[name], '');
  }
  for (const [name, value] of Object.entries(inputs)) vars[`INPUT_${name.toUpperCase()}`] = value;
  return { vars, argv: [join(repoRoot, 'dist', action, 'index.js')], started: performance.now() };
}

function stepResult({ vars, started }, status, stdout, stderr) {
  const ms = performance.now() - started;
  const outputs = {};
  const text = readFileSync(vars.GITHUB_OUTPUT, 'utf8');
  for (const [, name, , value] of text.matchAll(/^([^<\n]+)<<(ghadelimiter_[^\n]+)\n([\s\S]*?)\n\2$/gm))
    outputs[name] = value;
  const errors = stdout
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .map((line) => line.slice(9).replaceAll('%0A', '\n').replaceAll('%0D', '\r').replaceAll('%25', '%'));
  return { status, stdout, stderr, outputs, errors, summary: vars.GITHUB_STEP_SUMMARY, ms };
}

export function runActionBundle(action, inputs, options = {}) {
  const step = prepareStep(action, inputs, options);
  const result = spawnSync(process.execPath, step.argv, { env: step.vars, encoding: 'utf8' });
  return stepResult(step, result.status, result.stdout, result.stderr);
}

/**
 * Runs `node argv…` without blocking the event loop; resolves to its exit code and output.
 * `onStdout` sees the output as it comes (a test waits for a line while the run goes on).
 */
export function runNode(argv, { env, cwd, onStdout } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      onStdout?.(String(chunk));
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The same, without blocking this process's event loop (a traffic client runs beside it). */
export async function runActionBundleAsync(action, inputs, options = {}) {
  const step = prepareStep(action, inputs, options);
  const { code, stdout, stderr } = await runNode(step.argv, { env: step.vars });
  return stepResult(step, code, stdout, stderr);
}

// shared/runner.ts speaks the runner's workflow-command protocol in place of @actions/core (whose
// OIDC client doubles every bundle's start-up). Same calls, same hostile values: the bytes the
// runner reads — stdout and the GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files — must
// be the same, except for each entry's random delimiter.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as runner from '../../shared/runner.js';

const HOSTILE = [
  'plain',
  '',
  'two\nlines\r\nand CR',
  '50% off: a,b',
  '::set-output name=verdict::pass',
  '%0A already escaped',
  'ümlaut ✓',
];

type Protocol = Pick<
  typeof runner,
  'setOutput' | 'saveState' | 'setSecret' | 'info' | 'debug' | 'warning' | 'error' | 'setFailed'
>;

const saved = { ...process.env };
let work: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'runner-protocol-'));
});
afterEach(() => {
  process.env = { ...saved };
  process.exitCode = undefined;
});

/** Everything one implementation makes the runner read, delimiters made comparable. */
function transcript(impl: Protocol, files: boolean, drive: (impl: Protocol) => void): string {
  const tag = impl === runner ? 'ours' : 'core';
  for (const command of ['OUTPUT', 'STATE']) {
    const path = join(work, `${tag}-${command}`);
    writeFileSync(path, '');
    if (files) process.env[`GITHUB_${command}`] = path;
    else delete process.env[`GITHUB_${command}`];
  }
  const stream = process.stdout;
  const write = stream.write;
  let out = '';
  stream.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof stream.write;
  try {
    drive(impl);
  } finally {
    stream.write = write;
  }
  const file = (command: string) => readFileSync(join(work, `${tag}-${command}`), 'utf8');
  return [out, file('OUTPUT'), file('STATE'), String(process.exitCode)]
    .join('\n---\n')
    .replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_UUID');
}

function everyCall(impl: Protocol): void {
  HOSTILE.forEach((value, i) => {
    impl.setOutput(`out-${i}`, value);
    impl.saveState(`state-${i}`, value);
    impl.setSecret(value);
    impl.info(value);
    impl.debug(value);
    impl.warning(value);
    impl.error(new Error(value));
  });
  impl.setOutput('json', { counted: 3, ids: ['a', 'b'] });
  impl.setOutput('number', 42);
  impl.setOutput('odd:name,with%', 'v');
  impl.setFailed('the reason\n::warning::injected');
}

describe('runner protocol, byte for byte as @actions/core', () => {
  it('with the runner`s file commands (GITHUB_OUTPUT, GITHUB_STATE)', () => {
    const ours = transcript(runner, true, everyCall);
    process.exitCode = undefined;
    expect(ours).toBe(transcript(core, true, everyCall));
    expect(ours).toContain('out-2<<ghadelimiter_UUID\ntwo\nlines\r\nand CR\nghadelimiter_UUID\n');
    expect(ours).toContain('::error::the reason%0A::warning::injected\n');
    expect(ours.endsWith('\n---\n1')).toBe(true);
  });

  it('without them (the old stdout commands)', () => {
    const ours = transcript(runner, false, everyCall);
    process.exitCode = undefined;
    expect(ours).toBe(transcript(core, false, everyCall));
    expect(ours).toContain('::set-output name=out-3::50% off: a,b'.replace('%', '%25'));
  });

  it('reads inputs and state as core does', () => {
    process.env['INPUT_MAX-HIGH'] = '  3\n';
    process.env.INPUT_WITH_SPACE = 'x';
    process.env['STATE_cleanup-paths'] = '["/tmp/a"]';
    expect(runner.getInput('max-high')).toBe(core.getInput('max-high'));
    expect(runner.getInput('with space')).toBe(core.getInput('with space'));
    expect(runner.getInput('unset')).toBe(core.getInput('unset'));
    expect(runner.getState('cleanup-paths')).toBe(core.getState('cleanup-paths'));
  });

  it('appends the job summary as core`s summary does', async () => {
    const path = join(work, 'summary.md');
    writeFileSync(path, '# before\n');
    process.env.GITHUB_STEP_SUMMARY = path;
    runner.appendSummary('## ours\n\n');
    await core.summary.addRaw('## core\n\n').write();
    expect(readFileSync(path, 'utf8')).toBe('# before\n## ours\n\n## core\n\n');
  });
});

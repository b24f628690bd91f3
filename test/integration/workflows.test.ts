// The project's workflows (.github/workflows) and the caller examples (examples/workflows): actionlint
// (with shellcheck on the run: scripts) finds nothing, inputs reach scripts only through env:, and
// every third-party action is pinned by commit SHA.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/bundle.js';
import { requireTool } from '../support/tools.js';

const dirs = ['.github/workflows', 'examples/workflows'];
const files = dirs.flatMap((dir) =>
  readdirSync(join(repoRoot, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(repoRoot, dir, name)),
);

interface Step {
  run?: string;
  uses?: string;
}
interface Job {
  uses?: string;
  steps?: Step[];
}
interface Workflow {
  permissions?: unknown;
  jobs?: Record<string, Job>;
}

function parse(file: string): Workflow {
  return load(readFileSync(file, 'utf8')) as Workflow;
}

/** Every `uses:` (steps and reusable-workflow jobs) with where it is. */
function usesOf(workflow: Workflow): { where: string; uses: string }[] {
  return Object.entries(workflow.jobs ?? {}).flatMap(([id, job]) => [
    ...(job.uses ? [{ where: `jobs.${id}`, uses: job.uses }] : []),
    ...(job.steps ?? []).flatMap((step, i) =>
      step.uses ? [{ where: `jobs.${id}.steps[${i}]`, uses: step.uses }] : [],
    ),
  ]);
}

const isOurs = (uses: string) => uses.startsWith('./') || uses.startsWith('org/pipeline/');

describe('workflows', () => {
  it('are there: the project workflows and the caller examples', () => {
    const names = files.map((file) => relative(repoRoot, file));
    for (const name of [
      '.github/workflows/ci.yml',
      '.github/workflows/deliver.yml',
      '.github/workflows/deliver-fleet.yml',
      '.github/workflows/promote.yml',
      '.github/workflows/rollback.yml',
      '.github/workflows/rollback-fleet.yml',
      '.github/workflows/release.yml',
      'examples/workflows/deploy.yml',
      'examples/workflows/deliver.yml',
      'examples/workflows/deliver-fleet.yml',
      'examples/workflows/promotion.yml',
      'examples/workflows/rollback.yml',
      'examples/workflows/rollback-fleet.yml',
    ])
      expect(names).toContain(name);
  });

  it('pass actionlint (with shellcheck on run: scripts)', () => {
    const actionlint = requireTool('actionlint');
    requireTool('shellcheck');
    const result = spawnSync(
      actionlint,
      ['-format', '{{json .}}', ...files.map((file) => relative(repoRoot, file))],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    if (result.error) throw result.error;
    const findings = result.stdout.trim()
      ? (JSON.parse(result.stdout) as { filepath: string; line: number; column: number; message: string }[])
      : [];
    const lines = findings.map((f) => `${f.filepath}:${f.line}:${f.column}: ${f.message}`);
    expect(lines, lines.join('\n')).toEqual([]);
    expect(result.status, result.stderr).toBe(0);
  });

  it.each(files.map((file) => [relative(repoRoot, file), file]))(
    '%s: least permissions at the top, inputs reach run: only through env:',
    (_name, file) => {
      const workflow = parse(file);
      expect(workflow.permissions, 'workflow-level permissions').toBeDefined();
      const offending = Object.entries(workflow.jobs ?? {}).flatMap(([id, job]) =>
        (job.steps ?? []).flatMap((step, i) =>
          typeof step.run === 'string' && step.run.includes('${{')
            ? [`jobs.${id}.steps[${i}].run: ${step.run}`]
            : [],
        ),
      );
      expect(offending, offending.join('\n')).toEqual([]);
    },
  );

  it.each(files.map((file) => [relative(repoRoot, file), file]))(
    '%s: third-party actions pinned by a full commit SHA with a version comment',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      const unpinned = usesOf(parse(file))
        .filter(({ uses }) => !isOurs(uses))
        .filter(({ uses }) => {
          if (!/^[^@\s]+@[0-9a-f]{40}$/.test(uses)) return true;
          const line = text.split('\n').find((l) => l.includes(`uses: ${uses}`));
          return !line || !/#\s*v\d/.test(line);
        })
        .map(({ where, uses }) => `${where}: ${uses}`);
      expect(unpinned, unpinned.join('\n')).toEqual([]);
    },
  );
});

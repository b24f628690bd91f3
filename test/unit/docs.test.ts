import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docPages, renderReadme } from '../../scripts/docs.mjs';
import { repoRoot } from '../support/bundle.js';

const page = (...path: string[]) => readFileSync(join(repoRoot, ...path), 'utf8');

describe('the docs', () => {
  it('have every table as the action.yml and workflow files define them (npm run docs)', () => {
    const pages = docPages();
    expect(pages.length).toBeGreaterThanOrEqual(9);
    for (const path of pages)
      expect(renderReadme(readFileSync(path, 'utf8')), path).toBe(readFileSync(path, 'utf8'));
    expect(page('actions', 'security-gate', 'README.md')).toContain('| `severity-threshold` |');
    expect(page('README.md')).toContain('| `transparency-log` | boolean |');
    // README.md lists every action with a link to its page.
    expect(page('README.md')).toContain('| [`security-gate`](actions/security-gate/README.md) |');
  });

  it('each action has its page: what it does, an example, its inputs and outputs, and its failures', () => {
    for (const path of docPages().slice(1)) {
      const text = readFileSync(path, 'utf8');
      expect(text, path).toMatch(/^# [a-z-]+\n/);
      expect(text, path).toContain('```yaml');
      expect(text, path).toContain('| Input | Required | Default | Description |');
    }
  });

  it('shows the SLO file format with examples/slo/canary.yaml as it is', () => {
    const canary = page('examples', 'slo', 'canary.yaml');
    expect(page('actions', 'verify-slo', 'README.md')).toContain(`\`\`\`yaml\n${canary}\`\`\``);
  });
});

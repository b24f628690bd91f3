import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReadme } from '../../scripts/docs.mjs';
import { repoRoot } from '../support/bundle.js';

describe('README', () => {
  it('has the action and workflow tables as each action.yml and workflow defines them (npm run docs)', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain('| `severity-threshold` |');
    expect(readme).toContain('| `transparency-log` | boolean |');
    expect(renderReadme(readme)).toBe(readme);
  });

  it('shows the SLO file format with examples/slo/canary.yaml as it is', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const canary = readFileSync(join(repoRoot, 'examples', 'slo', 'canary.yaml'), 'utf8');
    expect(readme).toContain(`\`\`\`yaml\n${canary}\`\`\``);
  });
});

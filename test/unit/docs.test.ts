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
});

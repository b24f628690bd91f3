import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinUses, pinWorkflows } from '../../scripts/pin-workflows.mjs';

const SHA = 'a'.repeat(40);
const root = new URL('../..', import.meta.url).pathname;

describe('the release pins what its reusable workflows run', () => {
  it("rewrites every use of the project's own actions to the release commit, and nothing else", () => {
    const dir = mkdtempSync(join(tmpdir(), 'pin-'));
    cpSync(join(root, '.github/workflows'), dir, { recursive: true });
    const changed = pinWorkflows(dir, SHA);
    expect(changed).toEqual(
      expect.arrayContaining(['deliver.yml', 'rollback.yml', 'promote.yml', 'housekeeping.yml']),
    );
    for (const name of readdirSync(dir)) {
      const pinned = readFileSync(join(dir, name), 'utf8');
      const before = readFileSync(join(root, '.github/workflows', name), 'utf8');
      // No `uses:` of our own is left on a moving ref.
      expect(pinned).not.toMatch(/^\s*(-\s+)?uses:\s*org\/pipeline\/\S+@v\d/m);
      // Third-party actions, comments and everything else are untouched.
      expect(pinned.replaceAll(`@${SHA} # pinned by the release`, '@v1')).toBe(before);
    }
  });

  it('pins a step, a job calling a workflow, and refuses anything but a full sha', () => {
    const text = [
      '      - uses: org/pipeline/actions/deploy@v1',
      '    uses: org/pipeline/.github/workflows/deliver.yml@v1.2.3',
      '      - uses: actions/checkout@v4',
      '# uses: org/pipeline/actions/deploy@v1 in a comment stays',
    ].join('\n');
    expect(pinUses(text, SHA).split('\n')).toEqual([
      `      - uses: org/pipeline/actions/deploy@${SHA} # pinned by the release`,
      `    uses: org/pipeline/.github/workflows/deliver.yml@${SHA} # pinned by the release`,
      '      - uses: actions/checkout@v4',
      '# uses: org/pipeline/actions/deploy@v1 in a comment stays',
    ]);
    expect(() => pinUses(text, 'v1')).toThrow("pin-workflows: got 'v1', expected a full commit sha");
  });
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSlo } from '../../shared/slo/spec.js';
import { repoRoot } from '../support/bundle.js';

describe('examples/slo', () => {
  const dir = join(repoRoot, 'examples', 'slo');
  it.each(readdirSync(dir).filter((name) => name.endsWith('.yaml')))(
    '%s is a valid SLO file',
    async (name) => {
      const spec = await loadSlo(join(dir, name));
      expect(spec.objectives.length).toBeGreaterThan(0);
    },
  );
});

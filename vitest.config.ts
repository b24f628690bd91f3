import { defineConfig } from 'vitest/config';
import { PlatformInterleavingSequencer } from './test/support/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/support/platform-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Integration tests share one registry and trivy cache; 2 cores gain nothing from more.
    maxWorkers: 2,
    // The platform files run one at a time: the other files are dealt out between them.
    sequence: { sequencer: PlatformInterleavingSequencer },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/support/platform-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Integration tests share one registry and trivy cache; 2 cores gain nothing from more.
    maxWorkers: 2,
  },
});

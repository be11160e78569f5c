import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The register page imports the validators shared with the server under this name (see web/vite.config.ts).
  resolve: { alias: { '@validation': new URL('./src/core/validation/index.ts', import.meta.url).pathname } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    env: { NODE_ENV: 'test' },
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});

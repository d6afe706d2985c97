import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One embedded PostgreSQL for the run when no TEST_DATABASE_URL / DATABASE_URL is set.
    globalSetup: [fileURLToPath(import.meta.resolve('@foresight/db/testing-global-setup'))],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

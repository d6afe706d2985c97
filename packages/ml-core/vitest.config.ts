import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    // Suites train models in beforeAll; on a shared 2-core CI machine that can take well over
    // Vitest's 10 s default (a limit, not a speed assertion).
    hookTimeout: 120_000,
  },
});

import base, { restrictImports } from '@foresight/eslint-config';

/**
 * ml-core is computation only: no file system, network, database or other workspace package in
 * its sources (benchmarks and tests may read files). `common/backend.ts` still probes for the
 * native tfjs bindings on disk; moving backend choice to the trainer is tracked in issue 16.
 */
const NO_IO = restrictImports({
  paths: [
    'fs',
    'node:fs',
    'node:fs/promises',
    'node:child_process',
    'node:net',
    'node:http',
    'node:https',
    'pg',
    '@prisma/client',
  ].map((name) => ({ name, message: 'ml-core does no I/O: take data and settings as arguments.' })),
  patterns: [
    { group: ['@foresight/*'], message: 'ml-core depends on no other workspace package.' },
  ],
});

export default [
  ...base,
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/common/backend.ts'],
    rules: { 'no-restricted-imports': NO_IO },
  },
];

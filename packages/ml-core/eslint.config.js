import base, { restrictImports } from '@foresight/eslint-config';

/**
 * ml-core is computation only: no file system, network, database or other workspace package in
 * its sources (benchmarks and tests may read files). The tf backend is chosen by the trainer
 * (apps/trainer/src/backend.ts); ml-core takes @tensorflow/tfjs as a peer dependency.
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
    ignores: ['src/**/*.test.ts'],
    rules: { 'no-restricted-imports': NO_IO },
  },
];

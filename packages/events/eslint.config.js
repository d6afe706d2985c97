import base from '@foresight/eslint-config';

export default [
  ...base,
  {
    // This package is the data-access layer of event rows, beside packages/db: its PostgreSQL
    // side streams and aggregates through the same pool.
    files: ['src/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
];

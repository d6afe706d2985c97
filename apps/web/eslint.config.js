import base from '@foresight/eslint-config';

/**
 * Code that can reach the browser takes only types from @foresight/ingest's main entry (it pulls
 * csv-parse and Node streams); values come from its browser-safe subpaths, e.g.
 * `@foresight/ingest/numbers`. Route handlers and src/server run on the server only.
 */
const INGEST_TYPES_ONLY = {
  files: ['src/**/*.{ts,tsx}'],
  ignores: ['src/server/**', 'src/app/api/**'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: [
          {
            name: '@foresight/ingest',
            allowTypeImports: true,
            message: 'Import values from a browser-safe subpath, e.g. @foresight/ingest/numbers.',
          },
        ],
      },
    ],
  },
};

export default [...base, { ignores: ['.next/**', 'next-env.d.ts'] }, INGEST_TYPES_ONLY];

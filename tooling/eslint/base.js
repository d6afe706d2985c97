import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Architecture boundaries every package and app keeps (ARCHITECTURE.md "Boundaries"): packages
 * never import apps, and the web and the trainer never import each other.
 */
export const APP_IMPORTS = {
  group: [
    '@foresight/web',
    '@foresight/web/*',
    '@foresight/trainer',
    '@foresight/trainer/*',
    '**/apps/**',
    '**/trainer/src/**',
    '**/web/src/**',
  ],
  message: 'Packages never import apps, and the web and the trainer never import each other.',
};

/** `no-restricted-imports` options with the shared boundaries plus a package's own. */
export function restrictImports({ paths = [], patterns = [] } = {}) {
  return ['error', { paths, patterns: [APP_IMPORTS, ...patterns] }];
}

/** Data access goes through packages/db's functions: no `db.pool` / `db.prisma` elsewhere. */
export const DIRECT_DATA_ACCESS = [
  'error',
  {
    selector: 'MemberExpression[property.name=/^(pool|prisma)$/][object.name=/^db$/]',
    message: 'Read and write through a packages/db function, not db.pool / db.prisma.',
  },
  {
    selector: 'MemberExpression[property.name=/^(pool|prisma)$/][object.property.name=/^db$/]',
    message: 'Read and write through a packages/db function, not ctx.db.pool / ctx.db.prisma.',
  },
];

/** Shared flat config: typescript-eslint recommended + no raw process.env outside env modules. */
export default tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/generated/**', '**/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through the validated env module.',
        },
      ],
      'no-restricted-imports': restrictImports(),
      'no-restricted-syntax': DIRECT_DATA_ACCESS,
    },
  },
  {
    files: [
      '**/env.ts',
      '**/*.test.ts',
      '**/*.config.ts',
      '**/test/**',
      '**/scripts/**',
      '**/bench/**',
      '**/examples/**',
      '**/proxy.ts',
      '**/testing*.ts',
    ],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-syntax': 'off' },
  },
);

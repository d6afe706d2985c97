import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    rules: { 'no-restricted-properties': 'off' },
  },
);

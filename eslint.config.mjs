import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'var/', 'coverage/', 'test-output/', 'public/', '**/*.js', '**/*.mjs', '**/*.d.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
      // Tests read HTTP bodies (supertest types them `any`) and raw rows to check them; the
      // application code itself stays free of unchecked `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['src/auth/first-admin.service.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Pure statistics (STYLE.md rule 9): plain functions over arrays, so no framework, database
    // or file access, and no runtime import from outside the folder. Types from elsewhere (the
    // question kinds) are erased at compile time and may be imported with `import type`.
    // src/analytics/stats/stats-purity.spec.ts checks the same without lint.
    files: ['src/analytics/stats/**/*.ts'],
    ignores: ['src/analytics/stats/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['typeorm', 'pg', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map(
            (name) => ({ name, message: 'src/analytics/stats is pure: no database or file I/O.' }),
          ),
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm/*', 'pg-*', '@fastify/*', 'fastify'],
              message: 'src/analytics/stats is pure: no Nest, web framework or database.',
            },
            {
              regex: '^\\.\\./',
              allowTypeImports: true,
              message:
                'src/analytics/stats imports only its own modules; use `import type` for types from elsewhere.',
            },
          ],
        },
      ],
    },
  },
);

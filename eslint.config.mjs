// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      '.tools/',
      'coverage/',
      'test/fixtures/',
      'src/sandbox/public/',
      'web/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['*.js', '*.cjs', 'packages/*/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', '*.js', '*.cjs', 'packages/*/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // React event handlers may start async work (the handler's promise is not awaited by React).
  {
    files: ['web/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
    },
  },
  // Hand-written SQL goes through src/db/sql.ts, which always joins the current transaction. A query
  // sent on `getConnection()` (or knex) from inside a transaction waits for a second connection:
  // forever on embedded PGlite and with DATABASE_POOL_SIZE=1, and escapes the transaction anyway.
  {
    files: ['src/**/*.ts', 'activities/**/*.ts'],
    ignores: ['src/db/sql.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='getConnection']",
          message:
            'Use sql/sqlOne/sqlRun from src/db/sql.ts: they run inside the current transaction (a query on getConnection() outside it deadlocks on one connection).',
        },
        {
          selector: "CallExpression[callee.property.name='getKnex']",
          message:
            'Use src/db/sql.ts (and em.transactional): a query on the bare knex runs outside the current transaction.',
        },
      ],
    },
  },
  // Import directions (layers, cycles, workflow-safe folders) are checked by dependency-cruiser:
  // .dependency-cruiser.cjs, `npm run lint:deps`.
);

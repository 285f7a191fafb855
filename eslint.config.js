// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { recommended as blindSpotRules } from './lint/plugin.js'

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'bench/results/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  // The blind spots as rules (lint/README.md): a naive variant carries its disable comment, saying why.
  blindSpotRules,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'stryker.config.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A forgotten `await` is one of the blind spots this project teaches: make it an error.
      // checkThenables: drizzle's and postgres.js's queries are thenables, not Promise subclasses,
      // and the rule's default skips them; those are exactly the ones that silently never run.
      '@typescript-eslint/no-floating-promises': ['error', { checkThenables: true }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Prettier wraps code at 120 columns but not comments; strings (test titles, messages) stay whole.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    // Plain JavaScript (the worker files) gets no-undef, which knows the language's globals but
    // not Node's; TypeScript files are checked by the compiler instead.
    files: ['**/*.mjs'],
    languageOptions: { globals: { AbortSignal: 'readonly' } },
  },
  {
    // CommonJS on purpose (see src/exhibits/hashing/hash-worker.cjs): require is its import.
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', Buffer: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // expect.stringContaining() and friends are typed `any`; that is vitest's API, not a leak.
    files: ['test/**/*.ts', 'src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
)

// Flat config: typescript-eslint's recommended rules, type-aware where it pays (floating promises).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './tools/lint/layers.cjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // The add-on runs in Apps Script: no Node built-ins may leak into src/.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'path', 'http', 'https', 'worker_threads', 'crypto', 'zlib', 'vm'].map((name) => ({ name, message: 'src/ is bundled for Apps Script: no Node modules.' })),
          patterns: [{ group: ['node:*'], message: 'src/ is bundled for Apps Script: no Node modules.' }],
        },
      ],
    },
  },
  {
    // The "may import" arrows of docs/architecture.md; Apps Script globals only in platform and entry.
    files: ['src/**/*.ts'],
    plugins: { layers: layers.plugin },
    rules: { 'layers/may-import': ['error', { srcRoot: `${import.meta.dirname}/src` }] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
  },
  // CommonJS files load with require (tools/lint/layers.cjs is required by a Jest test too).
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);

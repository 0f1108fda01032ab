import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Dependencies point one way: domain imports nothing of ours; shared imports only domain;
// server and web never import each other (../shared/guides/style.md).
const importRules = (forbidden, message) => ({
  'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/domain/**'],
    rules: importRules(['**/server/**', '**/web/**', '**/shared/**', 'kysely', 'fastify', 'react', 'node:*', 'pg'], 'src/domain holds pure scheme rules: it imports nothing of ours and does no I/O.'),
  },
  {
    files: ['src/shared/**'],
    rules: importRules(['**/server/**', '**/web/**', 'kysely', 'fastify', 'node:*'], 'src/shared is used by server and web: it may import only the domain and zod.'),
  },
  {
    files: ['src/server/**'],
    rules: importRules(['**/web/**'], 'The server never imports the web app.'),
  },
  {
    // Small scripts that enhance the server-rendered pages: plain browser JavaScript, no modules.
    files: ['public/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
  },
  {
    files: ['src/web/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: importRules(['**/server/**', 'kysely', 'fastify', 'node:*'], 'The web app never imports the server.'),
  },
);

// Lint rules: type-aware typescript-eslint, no import cycles, and the layer rules of the brief §2
// (nothing below imports anything above it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

const layer = (target, forbidden) => ({
  target: `./src/${target}`,
  from: forbidden.map((name) => `./src/${name}`),
  message: `src/${target} sits below these layers and must not import them (ARCHITECTURE.md §2).`,
});

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'coverage/', 'examples/', 'web/dist/', '**/.ouro/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { typescript: { project: './tsconfig.json' }, node: true },
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-default-export': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            layer('errors', [
              'cli',
              'server',
              'app',
              'engine',
              'loop',
              'policy',
              'adapters',
              'forges',
              'models',
              'workspaces',
              'store',
              'queue',
              'config',
              'observability',
            ]),
            layer('config', [
              'cli',
              'server',
              'app',
              'engine',
              'loop',
              'policy',
              'adapters',
              'forges',
              'models',
              'workspaces',
              'store',
              'queue',
            ]),
            layer('observability', [
              'cli',
              'server',
              'app',
              'engine',
              'loop',
              'policy',
              'adapters',
              'forges',
              'models',
              'workspaces',
              'store',
              'queue',
            ]),
            layer('store', [
              'cli',
              'server',
              'app',
              'engine',
              'loop',
              'policy',
              'adapters',
              'forges',
              'models',
              'workspaces',
              'queue',
            ]),
            layer('adapters', ['cli', 'server', 'app', 'engine', 'loop', 'policy']),
            layer('forges', ['cli', 'server', 'app', 'engine', 'loop', 'policy', 'adapters']),
            layer('workspaces', ['cli', 'server', 'app', 'engine', 'loop', 'policy', 'adapters']),
            layer('models', ['cli', 'server', 'app', 'engine', 'loop', 'policy', 'adapters', 'forges']),
            layer('policy', ['cli', 'server', 'app', 'engine', 'loop']),
            layer('engine', ['cli', 'server', 'app', 'loop']),
            layer('loop', ['cli', 'server', 'app']),
            layer('app', ['cli', 'server']),
            layer('cli', ['server']),
            layer('server', ['cli']),
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'import-x/no-restricted-paths': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['eslint.config.js', 'vitest.config.ts'],
    rules: { 'import-x/no-default-export': 'off' },
  },
);

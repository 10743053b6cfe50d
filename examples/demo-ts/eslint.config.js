// The demo's lint rules: the recommended sets plus `eqeqeq`, so that the deliberate `==` is found.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.ouro/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { rules: { eqeqeq: 'error' } },
);

/**
 * The tool adapters, in the order `ouro adapters list` shows them. The adapter registry imports
 * `toolAdapters` from here.
 */
import type { AnyAdapter } from '../../types.js';
import { codeFixersAdapter } from './code-fixers.js';
import { eslintAdapter } from './eslint.js';
import { mypyAdapter } from './mypy.js';
import { prettierAdapter } from './prettier.js';
import { pytestAdapter, pytestRunnerAdapter } from './pytest.js';
import { ruffAdapter } from './ruff.js';
import { testAdapter } from './test.js';
import { tscAdapter } from './tsc.js';
import { vscodeDiagnosticsAdapter } from './vscode-diagnostics.js';

export const toolAdapters: AnyAdapter[] = [
  eslintAdapter,
  tscAdapter,
  prettierAdapter,
  ruffAdapter,
  mypyAdapter,
  testAdapter,
  pytestAdapter,
  vscodeDiagnosticsAdapter,
  codeFixersAdapter,
  pytestRunnerAdapter,
];

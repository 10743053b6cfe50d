/**
 * How each tool's rule or error codes map to Ouro's diagnostic kinds. The mapping is deliberately
 * coarse and documented (docs/adapters.md, "Kinds"): it decides which problems a workflow may hand
 * to a formatter, to a linter's --fix, or to an AI step, so a rule lands in `logic` only when it
 * points at code that probably does the wrong thing, not at style.
 *
 * - eslint: `import/*`, `import-x/*`, `n/no-missing-import`, `unused-imports/*` → import;
 *   rules that catch wrong behaviour (`no-undef`, `no-unreachable`, `no-dupe-*`, `eqeqeq`,
 *   `no-fallthrough`, `no-self-compare`, `use-isnan`, `valid-typeof`, `no-floating-promises`, …)
 *   → logic; `security/*` → security; `prettier/prettier` → format; fatal parse errors → lint with
 *   code null; everything else (including `no-unused-vars`) → lint.
 * - prettier → format. tsc → type (TS2307 "cannot find module" → import). mypy → type
 *   (`import`, `import-untyped`, `import-not-found` codes → import).
 * - ruff: F401/F403/F405/I* → import; F821/F811/F632/F7xx/B* /PLE* → logic; S* → security;
 *   E/W/C/N/D/UP/SIM/other → lint; E999 / syntax errors → lint.
 */
import type { DiagnosticKind } from './diagnostics.js';

const eslintLogicRules = new Set([
  'no-undef',
  'no-unreachable',
  'no-unreachable-loop',
  'no-fallthrough',
  'no-self-compare',
  'no-self-assign',
  'no-cond-assign',
  'no-constant-condition',
  'no-constant-binary-expression',
  'no-compare-neg-zero',
  'no-unsafe-finally',
  'no-unsafe-negation',
  'no-unsafe-optional-chaining',
  'no-func-assign',
  'no-import-assign',
  'no-const-assign',
  'no-class-assign',
  'no-ex-assign',
  'no-setter-return',
  'no-async-promise-executor',
  'no-promise-executor-return',
  'no-loss-of-precision',
  'no-sparse-arrays',
  'no-use-before-define',
  'no-unused-expressions',
  'no-empty-pattern',
  'no-invalid-regexp',
  'no-obj-calls',
  'no-new-native-nonconstructor',
  'getter-return',
  'for-direction',
  'use-isnan',
  'valid-typeof',
  'eqeqeq',
  'array-callback-return',
  'require-atomic-updates',
  'no-floating-promises',
  'no-misused-promises',
  'await-thenable',
  'no-unnecessary-condition',
  'switch-exhaustiveness-check',
  'no-unsafe-argument',
  'no-unsafe-assignment',
  'no-unsafe-call',
  'no-unsafe-member-access',
  'no-unsafe-return',
  'restrict-plus-operands',
  'no-base-to-string',
  'no-duplicate-enum-values',
  'no-misused-new',
  'no-this-alias',
]);

const eslintImportPlugins = ['import/', 'import-x/', 'unused-imports/', 'simple-import-sort/'];
const eslintImportRules = new Set(['n/no-missing-import', 'node/no-missing-import', 'no-duplicate-imports']);
const eslintSecurityPlugins = ['security/', 'security-node/', 'no-unsanitized/', 'no-secrets/'];
const eslintSecurityRules = new Set(['no-eval', 'no-implied-eval', 'no-new-func', 'no-script-url']);

/** The rule name without its plugin prefix: `@typescript-eslint/no-floating-promises` → `no-floating-promises`. */
function baseRuleName(ruleId: string): string {
  const slash = ruleId.lastIndexOf('/');
  return slash === -1 ? ruleId : ruleId.slice(slash + 1);
}

export function eslintRuleKind(ruleId: string | null): DiagnosticKind {
  if (ruleId === null) return 'lint';
  if (ruleId === 'prettier/prettier') return 'format';
  if (eslintImportRules.has(ruleId) || eslintImportPlugins.some((prefix) => ruleId.startsWith(prefix))) {
    return 'import';
  }
  if (eslintSecurityRules.has(ruleId) || eslintSecurityPlugins.some((prefix) => ruleId.startsWith(prefix))) {
    return 'security';
  }
  const base = baseRuleName(ruleId);
  if (eslintLogicRules.has(base) || base.startsWith('no-dupe-') || base.startsWith('no-duplicate-case')) {
    return 'logic';
  }
  return 'lint';
}

export function tscCodeKind(code: string): DiagnosticKind {
  // "Cannot find module" and its variants: the fix is an import or a dependency, not a type.
  if (code === 'TS2307' || code === 'TS2792' || code === 'TS7016') return 'import';
  return 'type';
}

const ruffLogicCodes = new Set(['F821', 'F822', 'F823', 'F811', 'F632', 'F601', 'F602', 'F631', 'F841']);

export function ruffCodeKind(code: string | null): DiagnosticKind {
  if (code === null) return 'lint';
  if (
    code === 'F401' ||
    code === 'F403' ||
    code === 'F405' ||
    code.startsWith('I') ||
    code.startsWith('TID')
  ) {
    return 'import';
  }
  if (code.startsWith('S')) {
    // S is flake8-bandit; SIM (simplify) and SLF are style.
    return code.startsWith('SIM') || code.startsWith('SLF') ? 'lint' : 'security';
  }
  if (
    ruffLogicCodes.has(code) ||
    /^F[57]\d\d$/.test(code) ||
    code.startsWith('B') ||
    code.startsWith('PLE')
  ) {
    return 'logic';
  }
  return 'lint';
}

const mypyImportCodes = new Set(['import', 'import-untyped', 'import-not-found']);

export function mypyCodeKind(code: string | null): DiagnosticKind {
  if (code !== null && mypyImportCodes.has(code)) return 'import';
  return 'type';
}

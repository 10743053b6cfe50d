/**
 * Fuzz tests: whatever the source, parsing, checking, evaluating and rendering end in a value or an
 * OuroError of the expression area — never another exception. ~20,000 runs by default with a fixed
 * seed; OURO_FUZZ_RUNS sets the total for longer sessions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OuroError } from '../../errors/index.js';
import { checkExpression } from './check-expression.js';
import { evaluateExpression } from './evaluate-expression.js';
import { parseExpression } from './parse-expression.js';
import { parseTemplate, renderTemplate } from './template.js';
import { createTestContext } from './test-context.js';
import type { EvaluationContext, ExpressionScope } from './types.js';

const totalRuns = Number.parseInt(process.env.OURO_FUZZ_RUNS ?? '', 10) || 20_000;
const share = (fraction: number): number => Math.max(1, Math.round(totalRuns * fraction));
const seed = 20_250_601;

const scope: ExpressionScope = { inputs: ['files', 'limit', 'list'], steps: ['1.001', '1.002'], env: ['CI'] };

function fuzzContext(): EvaluationContext {
  const { context } = createTestContext();
  // One host function that throws, so wrapping is exercised too.
  context.host.changed = (glob) => {
    if (glob.length % 2 === 0) throw new Error('host failure');
    return true;
  };
  return context;
}

function expectExpressionError(error: unknown, allowed: string[]): void {
  if (!(error instanceof OuroError)) throw error;
  expect(allowed).toContain(error.code);
}

/** Outcome counts, so a generator that never reaches the evaluator is noticed. */
const outcomes = { syntaxError: 0, evaluated: 0, evaluationError: 0 };

function runExpression(source: string, context: EvaluationContext): void {
  let parsed;
  try {
    parsed = parseExpression(source);
  } catch (error) {
    expectExpressionError(error, ['OURO_EXPRESSION_SYNTAX']);
    const details = (error as OuroError).details as { offset: number };
    expect(details.offset).toBeGreaterThanOrEqual(0);
    expect(details.offset).toBeLessThanOrEqual(source.length);
    outcomes.syntaxError++;
    return;
  }
  for (const problem of checkExpression(parsed, scope)) {
    expect(problem.code).toMatch(/^OURO_EXPRESSION_/);
    expect(problem.offset).toBeGreaterThanOrEqual(0);
    expect(problem.offset + problem.length).toBeLessThanOrEqual(source.length);
  }
  try {
    evaluateExpression(parsed, context);
    outcomes.evaluated++;
  } catch (error) {
    expectExpressionError(error, ['OURO_EXPRESSION_EVALUATION']);
    outcomes.evaluationError++;
  }
}

function runTemplate(source: string, context: EvaluationContext): void {
  let template;
  try {
    template = parseTemplate(source);
  } catch (error) {
    expectExpressionError(error, ['OURO_EXPRESSION_SYNTAX']);
    return;
  }
  try {
    renderTemplate(template, context);
  } catch (error) {
    expectExpressionError(error, ['OURO_EXPRESSION_EVALUATION']);
  }
}

const atoms = [
  'inputs.files',
  'inputs.limit',
  'inputs.list',
  'inputs.nested.level.deep',
  'inputs.missing',
  'inputs.__proto__',
  'inputs.constructor',
  'inputs["files"]',
  'steps["1.001"].status',
  "steps['1.002'].outputs.count",
  'steps["1.001"].outputs',
  'steps["9"].status',
  'steps.x',
  'env.CI',
  'env.HOME',
  "'text'",
  '"double"',
  '"a}}b"',
  '0',
  '3',
  '-2.5',
  '1e999',
  'true',
  'false',
  'null',
  '[]',
  "['lint', 'logic']",
  "exists('artifacts/x.json')",
  "has_errors('artifacts/lint.json', kinds=['logic', 'type'])",
  'has_errors(1, kinds=2)',
  'changed("src/**")',
  'changed("ab")',
  'success()',
  'failure()',
  'always()',
  'unknown_function()',
  'this',
  'a.constructor',
  'artifacts/x.json exists',
  'kinds=1',
];
const operators = ['&&', '||', '==', '!=', '<', '<=', '>', '>=', '+', '=', '===', '?', ':', ',', ';', '.'];
const junk = ['(', ')', '[', ']', "'", '"', '!', '${{', '}}', ' ', '\\', '`', '?.', '\u0000', 'é', '\n'];

const expressionArbitrary = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...atoms),
    tie('expression').map((inner) => `!${inner}`),
    tie('expression').map((inner) => `(${inner})`),
    fc
      .tuple(tie('expression'), fc.constantFrom(...operators), tie('expression'))
      .map(([left, operator, right]) => `${left} ${operator} ${right}`),
    fc
      .tuple(
        fc.constantFrom('has_errors', 'exists', 'changed', 'success', 'nope'),
        fc.array(tie('expression'), { maxLength: 3 }),
      )
      .map(([name, callArguments]) => `${name}(${callArguments.join(', ')})`),
    tie('expression').map((inner) => `has_errors('a', kinds=${inner})`),
    tie('expression').map((inner) => `[${inner}, ${inner}]`),
  ),
})).expression;

// Valid-looking expressions with a token inserted, deleted or replaced: near misses.
const nearValidArbitrary = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom(...atoms), fc.constantFrom(...operators), fc.constantFrom(...junk)), {
      minLength: 1,
      maxLength: 8,
    }),
    fc.constantFrom(' ', ''),
  )
  .map(([tokens, separator]) => tokens.join(separator));

const templateArbitrary = fc
  .array(
    fc.oneof(
      fc.string(),
      expressionArbitrary.map((expression) => `\${{ ${expression} }}`),
      fc.constantFrom('${{', '}}', '${{ inputs.limit }}', "${{ 'x}}' }}", '$', '{'),
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.join(''));

describe('expression fuzzing', () => {
  const context = fuzzContext();
  const property = (arbitrary: fc.Arbitrary<string>, run: (source: string) => void) =>
    fc.property(arbitrary, (source) => {
      run(source);
    });

  it('arbitrary ASCII strings yield a value or an OuroError', () => {
    fc.assert(
      property(fc.string({ maxLength: 60 }), (source) => runExpression(source, context)),
      {
        seed,
        numRuns: share(0.2),
      },
    );
  });

  it('arbitrary Unicode strings yield a value or an OuroError', () => {
    fc.assert(
      property(fc.string({ unit: 'binary', maxLength: 60 }), (source) => runExpression(source, context)),
      {
        seed,
        numRuns: share(0.15),
      },
    );
  });

  it('grammar-shaped expressions yield a value or an OuroError', () => {
    const before = { ...outcomes };
    fc.assert(
      property(expressionArbitrary, (source) => runExpression(source, context)),
      {
        seed,
        numRuns: share(0.25),
      },
    );
    // The generator must exercise all three outcomes, or this test proves little.
    expect(outcomes.evaluated).toBeGreaterThan(before.evaluated);
    expect(outcomes.evaluationError).toBeGreaterThan(before.evaluationError);
    expect(outcomes.syntaxError).toBeGreaterThan(before.syntaxError);
  });

  it('near-valid token soups yield a value or an OuroError', () => {
    fc.assert(
      property(nearValidArbitrary, (source) => runExpression(source, context)),
      {
        seed,
        numRuns: share(0.2),
      },
    );
  });

  it('templates yield a value or an OuroError', () => {
    fc.assert(
      property(templateArbitrary, (source) => runTemplate(source, context)),
      {
        seed,
        numRuns: share(0.1),
      },
    );
    fc.assert(
      property(fc.string({ unit: 'binary', maxLength: 80 }), (source) => runTemplate(source, context)),
      {
        seed,
        numRuns: share(0.1),
      },
    );
  });
});

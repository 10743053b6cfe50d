import { describe, expect, it } from 'vitest';
import { OuroError } from '../../errors/index.js';
import { evaluateCondition, evaluateExpression } from './evaluate-expression.js';
import { parseExpression } from './parse-expression.js';
import { createTestContext } from './test-context.js';
import type { EvaluationContext } from './types.js';

function evaluate(source: string, overrides: Partial<EvaluationContext> = {}): unknown {
  return evaluateExpression(parseExpression(source), createTestContext(overrides).context);
}

function evaluationError(source: string, overrides: Partial<EvaluationContext> = {}): OuroError {
  try {
    evaluate(source, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(OuroError);
    expect((error as OuroError).code).toBe('OURO_EXPRESSION_EVALUATION');
    return error as OuroError;
  }
  throw new Error(`expected an evaluation error for ${source}`);
}

describe('evaluateExpression', () => {
  it('evaluates literals and arrays', () => {
    expect(evaluate('42')).toBe(42);
    expect(evaluate('-1.5')).toBe(-1.5);
    expect(evaluate("'it\\'s'")).toBe("it's");
    expect(evaluate('null')).toBe(null);
    expect(evaluate('[1, "a", [false]]')).toEqual([1, 'a', [false]]);
  });

  it('reads inputs, nested fields, and yields null for missing ones', () => {
    expect(evaluate('inputs.files')).toBe('src/**/*.ts');
    expect(evaluate('inputs.list')).toEqual(['a', 'b']);
    expect(evaluate('inputs.nested.level.deep')).toBe('yes');
    expect(evaluate('inputs.missing')).toBe(null);
    expect(evaluate('inputs.missing.deeper')).toBe(null);
    expect(evaluate('inputs.files.length')).toBe(null);
  });

  it('never reads inherited properties', () => {
    expect(evaluate('inputs.toString')).toBe(null);
    expect(evaluate('inputs.hasOwnProperty')).toBe(null);
    expect(evaluate('inputs.nested.valueOf')).toBe(null);
    const hostile = JSON.parse('{"__proto__": {"polluted": "yes"}, "plain": 1}') as Record<string, unknown>;
    expect(evaluate('inputs.polluted', { inputs: hostile })).toBe(null);
    expect(evaluate('inputs.plain', { inputs: hostile })).toBe(1);
    expect(evaluate('steps["constructor"].status')).toBe(null);
    expect(evaluate('env.toString')).toBe(null);
  });

  it('reads step status and outputs', () => {
    expect(evaluate('steps["1.001"].status')).toBe('succeeded');
    expect(evaluate("steps['1.002'].status == 'failed'")).toBe(true);
    expect(evaluate('steps["1.001"].outputs.count')).toBe(2);
    expect(evaluate('steps["1.001"].outputs.report.errors')).toBe(0);
    expect(evaluate('steps["1.001"].outputs')).toEqual({ count: 2, report: { errors: 0 }, name: 'lint' });
    expect(evaluate('steps["1.002"].outputs.count')).toBe(null);
    expect(evaluate('steps["9.999"].status')).toBe(null);
    expect(evaluate('steps["9.999"].outputs.x')).toBe(null);
  });

  it('reads allowlisted env values', () => {
    expect(evaluate('env.CI')).toBe('true');
    expect(evaluate('env.EMPTY')).toBe('');
    expect(evaluate('env.HOME')).toBe(null);
  });

  it('applies ! && || with short-circuit, returning booleans', () => {
    const { context, calls } = createTestContext();
    expect(evaluateExpression(parseExpression('inputs.files && inputs.limit'), context)).toBe(true);
    expect(evaluateExpression(parseExpression('inputs.missing || 0'), context)).toBe(false);
    expect(evaluateExpression(parseExpression('!inputs.missing'), context)).toBe(true);
    expect(evaluateExpression(parseExpression('!!inputs.files'), context)).toBe(true);
    expect(evaluateExpression(parseExpression('false && exists("a")'), context)).toBe(false);
    expect(evaluateExpression(parseExpression('true || exists("b")'), context)).toBe(true);
    expect(calls).toEqual([]);
    expect(evaluateExpression(parseExpression('true && exists("c")'), context)).toBe(false);
    expect(calls).toEqual([{ name: 'exists', argument: 'c' }]);
  });

  it('compares strictly', () => {
    expect(evaluate('1 == 1')).toBe(true);
    expect(evaluate('1 == "1"')).toBe(false);
    expect(evaluate('1 != "1"')).toBe(true);
    expect(evaluate('null == inputs.missing')).toBe(true);
    expect(evaluate('0 == false')).toBe(false);
    expect(evaluate('"" == null')).toBe(false);
    expect(evaluate('inputs.list == ["a", "b"]')).toBe(true);
    expect(evaluate('inputs.list == ["a"]')).toBe(false);
    expect(evaluate('inputs.nested == inputs.nested')).toBe(true);
    expect(evaluate('inputs.limit > 2 && inputs.limit >= 3 && inputs.limit < 4 && inputs.limit <= 3')).toBe(
      true,
    );
    expect(evaluate('"abc" < "abd"')).toBe(true);
    expect(evaluate('"b" <= "a"')).toBe(false);
  });

  it('refuses to order mismatched types', () => {
    expect(evaluationError('inputs.missing > 3').message).toContain('cannot compare null > number');
    expect(evaluationError('"3" < 4').message).toContain('cannot compare string < number');
    expect(evaluationError('true >= false').message).toContain('ordering needs two numbers or two strings');
  });

  it('calls host functions with validated arguments', () => {
    const { context, calls } = createTestContext();
    const run = (source: string): unknown => evaluateExpression(parseExpression(source), context);
    expect(run("has_errors('artifacts/lint.json', kinds=['logic', 'type'])")).toBe(true);
    expect(run('has_errors("artifacts/types.json")')).toBe(false);
    expect(run('exists("artifacts/present.json")')).toBe(true);
    expect(run('artifacts/present.json exists')).toBe(true);
    expect(run('artifacts/absent.json exists')).toBe(false);
    expect(run('changed("src/**")')).toBe(true);
    expect(run('exists(inputs.files)')).toBe(false);
    expect(calls).toEqual([
      { name: 'hasErrors', argument: 'artifacts/lint.json', kinds: ['logic', 'type'] },
      { name: 'hasErrors', argument: 'artifacts/types.json', kinds: undefined },
      { name: 'exists', argument: 'artifacts/present.json' },
      { name: 'exists', argument: 'artifacts/present.json' },
      { name: 'exists', argument: 'artifacts/absent.json' },
      { name: 'changed', argument: 'src/**' },
      { name: 'exists', argument: 'src/**/*.ts' },
    ]);
  });

  it('implements success(), failure() and always() from the run state', () => {
    expect(evaluate('success()', { runFailed: false })).toBe(true);
    expect(evaluate('failure()', { runFailed: false })).toBe(false);
    expect(evaluate('success()', { runFailed: true })).toBe(false);
    expect(evaluate('failure()', { runFailed: true })).toBe(true);
    expect(evaluate('always()', { runFailed: true })).toBe(true);
  });

  it('raises OURO_EXPRESSION_EVALUATION for bad arguments and unknown functions', () => {
    expect(evaluationError('exists(inputs.limit)').message).toContain(
      'exists(): path must be a string, got number',
    );
    expect(evaluationError('has_errors("a", kinds="lint")').message).toContain('kinds must be an array');
    expect(evaluationError('has_errors("a", kinds=["lint", "bogus"])').message).toContain(
      'unknown diagnostic kind "bogus"',
    );
    expect(evaluationError('exists("a", kinds=["lint"])').message).toContain('no keyword argument kinds=');
    expect(evaluationError('launch()').message).toContain('unknown function launch()');
    expect(evaluationError('success(1)').message).toContain('takes 0 argument(s), got 1');
  });

  it('wraps a failing host function in OURO_EXPRESSION_EVALUATION', () => {
    const { context } = createTestContext();
    context.host.exists = () => {
      throw new TypeError('disk on fire');
    };
    let caught: unknown;
    try {
      evaluateExpression(parseExpression('exists("x")'), context);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OuroError);
    expect((caught as OuroError).code).toBe('OURO_EXPRESSION_EVALUATION');
    expect((caught as OuroError).message).toContain('exists() failed: disk on fire');
    expect((caught as OuroError).cause).toBeInstanceOf(TypeError);
    expect((caught as OuroError).details).toMatchObject({ source: 'exists("x")' });
  });
});

describe('evaluateCondition', () => {
  it('applies truthiness', () => {
    const { context } = createTestContext();
    const condition = (source: string): boolean => evaluateCondition(parseExpression(source), context);
    expect(condition('inputs.files')).toBe(true);
    expect(condition('inputs.missing')).toBe(false);
    expect(condition('0')).toBe(false);
    expect(condition('""')).toBe(false);
    expect(condition('[]')).toBe(true);
    expect(condition('env.EMPTY')).toBe(false);
    expect(condition('steps["1.002"].status == "failed" && failure() == false')).toBe(true);
  });
});

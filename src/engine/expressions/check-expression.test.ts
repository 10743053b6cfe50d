import { describe, expect, it } from 'vitest';
import { checkExpression } from './check-expression.js';
import { parseExpression } from './parse-expression.js';
import type { ExpressionProblem, ExpressionScope } from './types.js';

const scope: ExpressionScope = { inputs: ['files', 'limit'], steps: ['1.001', '1.002'], env: ['CI'] };

function check(source: string): ExpressionProblem[] {
  return checkExpression(parseExpression(source), scope);
}

describe('checkExpression', () => {
  it('accepts a well-formed condition', () => {
    expect(
      check(
        "has_errors('artifacts/lint.json', kinds=['logic', 'type']) || steps['1.002'].status == 'failed' " +
          '&& inputs.limit >= 2 && env.CI == "true" && exists(inputs.files) && changed("src/**") ' +
          '&& success() && !failure() && always()',
      ),
    ).toEqual([]);
  });

  it('reports unknown inputs with a suggestion and location', () => {
    expect(check('inputs.limit > 1 && inputs.fils')).toEqual([
      {
        code: 'OURO_EXPRESSION_UNKNOWN_INPUT',
        message: 'unknown input "fils" (did you mean "files"?)',
        offset: 20,
        length: 11,
      },
    ]);
  });

  it('reports unknown step ids at the quoted id', () => {
    expect(check('steps["1.003"].outputs.count == 1')).toEqual([
      {
        code: 'OURO_EXPRESSION_UNKNOWN_STEP',
        message: 'unknown step id "1.003" (did you mean "1.001"?)',
        offset: 6,
        length: 7,
      },
    ]);
  });

  it('reports unknown functions with a suggestion', () => {
    const [problem] = check('has_eror("x")');
    expect(problem).toMatchObject({ code: 'OURO_EXPRESSION_UNKNOWN_FUNCTION', offset: 0, length: 8 });
    expect(problem?.message).toContain('did you mean "has_errors"?');
    expect(check('launch_missiles()')[0]?.message).toBe('unknown function "launch_missiles"');
  });

  it('reports wrong arity', () => {
    expect(check('exists()')[0]).toMatchObject({
      code: 'OURO_EXPRESSION_ARGUMENTS',
      message: 'exists(path) takes 1 positional argument, got 0',
    });
    expect(check('success(1)')[0]?.message).toBe('success() takes 0 positional arguments, got 1');
    expect(check('has_errors("a", "b")')[0]?.code).toBe('OURO_EXPRESSION_ARGUMENTS');
  });

  it('reports argument types knowable from literals', () => {
    expect(check('has_errors(1)')[0]).toMatchObject({
      code: 'OURO_EXPRESSION_ARGUMENTS',
      message: 'has_errors(): path must be a string, not a number',
      offset: 11,
      length: 1,
    });
    expect(check('changed(["a"])')[0]?.message).toBe('changed(): glob must be a string, not an array');
    expect(check('exists(inputs.files)')).toEqual([]);
  });

  it('checks kinds=', () => {
    expect(check('has_errors("a", kinds="logic")')[0]?.message).toBe(
      'has_errors(): kinds must be an array of kinds, not a string',
    );
    const [problem] = check('has_errors("a", kinds=["lint", "logc"])');
    expect(problem).toMatchObject({ code: 'OURO_EXPRESSION_ARGUMENTS', offset: 31, length: 6 });
    expect(problem?.message).toContain('unknown diagnostic kind "logc" (did you mean "logic"?)');
    expect(check('has_errors("a", kinds=[1])')[0]?.message).toContain('unknown diagnostic kind 1');
    expect(check('has_errors("a", kinds=[!inputs.files])')[0]?.message).toBe(
      'has_errors(): each kind must be a string',
    );
    expect(check('has_errors("a", kinds=inputs.files)')).toEqual([]);
    expect(check('exists("a", kinds=["lint"])')[0]?.message).toBe('exists() has no keyword argument kinds=');
    expect(check('has_errors("a", kind=["lint"])')[0]?.message).toBe(
      'has_errors() has no keyword argument kind=; it accepts kinds=',
    );
  });

  it('reports env names outside the allowlist', () => {
    expect(check('env.HOME')).toEqual([
      {
        code: 'OURO_EXPRESSION_ENV_NOT_ALLOWED',
        message: 'environment variable HOME is not in the allowlist',
        offset: 0,
        length: 8,
      },
    ]);
  });

  it('reports a status compared with a non-status', () => {
    const [problem] = check("steps['1.001'].status == 'succeded'");
    expect(problem).toMatchObject({ code: 'OURO_EXPRESSION_UNKNOWN_STATUS', offset: 25, length: 10 });
    expect(problem?.message).toContain('(did you mean "succeeded"?)');
    expect(check("'done' != steps['1.001'].status")[0]?.code).toBe('OURO_EXPRESSION_UNKNOWN_STATUS');
    expect(check("steps['1.001'].status == 1")[0]?.code).toBe('OURO_EXPRESSION_UNKNOWN_STATUS');
    expect(check("steps['1.001'].status < 'failed'")[0]).toMatchObject({
      code: 'OURO_EXPRESSION_TYPE',
      message: 'a step status can only be compared with == or !=',
    });
    for (const status of ['pending', 'running', 'succeeded', 'failed', 'skipped', 'cached', 'cancelled']) {
      expect(check(`steps['1.001'].status == '${status}'`)).toEqual([]);
    }
  });

  it('reports comparisons whose literal types never match', () => {
    expect(check('1 == "1"')[0]).toMatchObject({
      code: 'OURO_EXPRESSION_TYPE',
      message: 'a number is never equal to a string, so == is always false',
    });
    expect(check('true != null')[0]?.message).toBe('a boolean is never equal to null, so != is always true');
    expect(check('inputs.limit < true')[0]?.message).toBe(
      '< needs two numbers or two strings, not a value and a boolean',
    );
    expect(check('"a" < 1')[0]?.code).toBe('OURO_EXPRESSION_TYPE');
    expect(check('inputs.limit < 1 && "a" <= "b" && inputs.files == null')).toEqual([]);
  });

  it('reports every problem, not only the first', () => {
    expect(
      check('inputs.x && steps["9.9"].status == "failed" && nope()').map((problem) => problem.code),
    ).toEqual([
      'OURO_EXPRESSION_UNKNOWN_INPUT',
      'OURO_EXPRESSION_UNKNOWN_STEP',
      'OURO_EXPRESSION_UNKNOWN_FUNCTION',
    ]);
  });
});

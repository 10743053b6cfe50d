import jsep from 'jsep';
import { describe, expect, it } from 'vitest';
import { OuroError } from '../../errors/index.js';
import { parseExpression } from './parse-expression.js';

function syntaxError(source: string): OuroError {
  try {
    parseExpression(source);
  } catch (error) {
    expect(error).toBeInstanceOf(OuroError);
    const ouroError = error as OuroError;
    expect(ouroError.code).toBe('OURO_EXPRESSION_SYNTAX');
    return ouroError;
  }
  throw new Error(`expected a syntax error for ${source}`);
}

function details(error: OuroError): { offset: number; column: number; reason: string } {
  return error.details as { offset: number; column: number; reason: string };
}

describe('parseExpression: accepted constructs', () => {
  it('parses literals with their offsets', () => {
    expect(parseExpression('42').ast).toEqual({ kind: 'literal', value: 42, start: 0, end: 2 });
    expect(parseExpression('  1.5 ').ast).toEqual({ kind: 'literal', value: 1.5, start: 2, end: 5 });
    expect(parseExpression('-3').ast).toMatchObject({ kind: 'literal', value: -3 });
    expect(parseExpression("'single'").ast).toMatchObject({
      kind: 'literal',
      value: 'single',
      start: 0,
      end: 8,
    });
    expect(parseExpression('"double"').ast).toMatchObject({ kind: 'literal', value: 'double' });
    expect(parseExpression('true').ast).toMatchObject({ kind: 'literal', value: true });
    expect(parseExpression('false').ast).toMatchObject({ kind: 'literal', value: false });
    expect(parseExpression('null').ast).toMatchObject({ kind: 'literal', value: null });
  });

  it('parses arrays', () => {
    expect(parseExpression("[1, 'a', [true]]").ast).toMatchObject({
      kind: 'array',
      start: 0,
      end: 16,
      elements: [
        { kind: 'literal', value: 1 },
        { kind: 'literal', value: 'a' },
        { kind: 'array', elements: [{ kind: 'literal', value: true }] },
      ],
    });
  });

  it('parses inputs, with nested fields', () => {
    expect(parseExpression('inputs.files').ast).toEqual({
      kind: 'input',
      name: 'files',
      path: [],
      start: 0,
      end: 12,
    });
    expect(parseExpression('inputs.config.level').ast).toMatchObject({
      kind: 'input',
      name: 'config',
      path: ['level'],
    });
  });

  it('parses step status and outputs with either quote', () => {
    expect(parseExpression('steps["1.001"].status').ast).toEqual({
      kind: 'step-status',
      stepId: '1.001',
      idStart: 6,
      idEnd: 13,
      start: 0,
      end: 21,
    });
    expect(parseExpression("steps['1.001'].outputs.count").ast).toMatchObject({
      kind: 'step-output',
      stepId: '1.001',
      path: ['count'],
    });
    expect(parseExpression("steps['1.001'].outputs").ast).toMatchObject({ kind: 'step-output', path: [] });
  });

  it('parses env references', () => {
    expect(parseExpression('env.CI').ast).toEqual({ kind: 'env', name: 'CI', start: 0, end: 6 });
  });

  it('parses ! && || with precedence and parentheses', () => {
    expect(parseExpression('!inputs.a || inputs.c && inputs.e').ast).toMatchObject({
      kind: 'logical',
      operator: '||',
      left: { kind: 'not', operand: { kind: 'input', name: 'a' } },
      right: { kind: 'logical', operator: '&&' },
    });
    expect(parseExpression('(inputs.a || inputs.b) && inputs.c').ast).toMatchObject({
      kind: 'logical',
      operator: '&&',
      left: { kind: 'logical', operator: '||' },
    });
  });

  it('parses every comparison operator with offsets spanning both sides', () => {
    for (const operator of ['==', '!=', '<', '<=', '>', '>=']) {
      const source = `inputs.limit ${operator} 3`;
      expect(parseExpression(source).ast).toMatchObject({
        kind: 'compare',
        operator,
        start: 0,
        end: source.length,
      });
    }
  });

  it('parses function calls and keyword arguments', () => {
    const parsed = parseExpression("has_errors('artifacts/lint.json', kinds=['logic', 'type'])");
    expect(parsed.ast).toMatchObject({
      kind: 'call',
      name: 'has_errors',
      nameStart: 0,
      nameEnd: 10,
      arguments: [{ kind: 'literal', value: 'artifacts/lint.json', start: 11, end: 32 }],
      keywords: [
        {
          name: 'kinds',
          start: 34,
          end: 57,
          value: { kind: 'array', elements: [{ value: 'logic' }, { value: 'type' }] },
        },
      ],
    });
    expect(parseExpression('success()').ast).toMatchObject({ kind: 'call', name: 'success', arguments: [] });
    expect(parseExpression('has_errors("x", kinds = ["lint"])').ast).toMatchObject({
      keywords: [{ name: 'kinds' }],
    });
  });

  it('accepts the runbook form "<path> exists"', () => {
    expect(parseExpression('artifacts/x.json exists').ast).toEqual({
      kind: 'call',
      name: 'exists',
      nameStart: 17,
      nameEnd: 23,
      start: 0,
      end: 23,
      arguments: [{ kind: 'literal', value: 'artifacts/x.json', start: 0, end: 16 }],
      keywords: [],
    });
    expect(parseExpression('  reports/out-1.xml   exists ').ast).toMatchObject({
      name: 'exists',
      arguments: [{ value: 'reports/out-1.xml', start: 2 }],
    });
  });

  it('leaves jsep’s global configuration untouched', () => {
    parseExpression("has_errors('a', kinds=['lint'])");
    expect(() => jsep('a = 1')).toThrow();
    expect(jsep('a ? b : c').type).toBe('ConditionalExpression');
  });
});

describe('parseExpression: rejections carry a column', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['', 1, /empty expression/],
    ['a = 1', 3, /keyword arguments inside a call/],
    ['kinds=["lint"]', 6, /Unexpected "="/],
    ['this', 1, /`this` is not allowed/],
    ['this.x', 1, /property access is only allowed/],
    ['inputs.files.constructor', 14, /"constructor" cannot be accessed/],
    ['inputs.__proto__', 8, /"__proto__" cannot be accessed/],
    ['steps["1.001"].outputs.prototype', 24, /"prototype" cannot be accessed/],
    ['inputs["files"]', 8, /computed access/],
    ['steps["1.001"]["status"]', 16, /computed access/],
    ['steps[1].status', 7, /quoted string/],
    ['steps.x.status', 7, /quoted string/],
    ['steps["1.001"]', 1, /status or steps/],
    ['steps["1.001"].name', 16, /has .status and .outputs/],
    ['steps["1.001"].status.length', 23, /no fields/],
    ['env.HOME.x', 10, /no fields/],
    ['inputs', 1, /inputs\.<name>/],
    ['foo.bar', 1, /unknown name "foo"/],
    ['bar', 1, /unknown name "bar"/],
    ['inputs.files.startsWith("x")', 1, /only plain function calls/],
    ['a.constructor("x")', 1, /only plain function calls/],
    ['exists("x")("y")', 1, /only plain function calls/],
    ['1 + 2', 3, /operator "\+" is not supported/],
    ['inputs.a === 1', 10, /use == instead of ===/],
    ['~1', 1, /operator "~"/],
    ['-inputs.a', 1, /operator "-"/],
    ['inputs.a ? 1 : 2', 1, /\?: operator/],
    ['inputs?.a', 7, /Optional chaining/],
    ['(inputs.a, inputs.b)', 1, /comma-separated/],
    ['inputs.a inputs.b', 10, /combine conditions/],
    ['inputs.a; inputs.b', 11, /combine conditions/],
    ['[1, , 2]', 1, /empty array element/],
    ['f(kinds=1, 2)', 12, /positional arguments must come before/],
    ['f(kinds=1, kinds=2)', 12, /given twice/],
    ['f(1,)', 5, /Unexpected token \)/],
    ['f(,1)', 3, /Unexpected token ,/],
    ['f(1 2)', 5, /Expected comma/],
    ['f(1', 4, /Expected \)/],
    ['"unclosed', 10, /Unclosed quote/],
    ['(inputs.a', 10, /Unclosed \(/],
    ['1e999', 1, /out of range/],
  ];
  for (const [source, column, reason] of cases) {
    it(`rejects ${source || '(empty)'}`, () => {
      const error = syntaxError(source);
      expect(details(error).reason).toMatch(reason);
      expect(details(error).column).toBe(column);
      expect(details(error).offset).toBe(column - 1);
      expect(error.message).toContain(`column ${column}`);
      expect(error.remedy).toContain('docs/expressions.md');
    });
  }

  it('rejects over-long and deeply nested input as syntax errors', () => {
    expect(details(syntaxError('1'.repeat(10_001))).reason).toMatch(/longer than/);
    expect(details(syntaxError('!'.repeat(200) + 'true')).reason).toMatch(/nested deeper/);
    expect(details(syntaxError('('.repeat(4000) + '1' + ')'.repeat(4000))).reason).toMatch(/nested/);
  });
});

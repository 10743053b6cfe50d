import { describe, expect, it } from 'vitest';
import { OuroError } from '../../errors/index.js';
import { collectTemplates, renderTemplatesDeep } from './template-deep.js';
import { parseTemplate, renderTemplate } from './template.js';
import { createTestContext } from './test-context.js';

function render(source: string): unknown {
  return renderTemplate(parseTemplate(source), createTestContext().context);
}

function thrown(action: () => unknown): OuroError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(OuroError);
    return error as OuroError;
  }
  throw new Error('expected an OuroError');
}

describe('parseTemplate', () => {
  it('splits text and expression segments with their offsets', () => {
    const template = parseTemplate('files: ${{ inputs.files }}, limit ${{inputs.limit}}!');
    expect(template.parts).toMatchObject([
      { text: 'files: ' },
      {
        expression: { source: ' inputs.files ', ast: { kind: 'input', name: 'files', start: 1 } },
        offset: 10,
      },
      { text: ', limit ' },
      { expression: { source: 'inputs.limit' }, offset: 37 },
      { text: '!' },
    ]);
  });

  it('keeps text without segments as one part, and an empty string as none', () => {
    expect(parseTemplate('plain $ { text }').parts).toEqual([{ text: 'plain $ { text }' }]);
    expect(parseTemplate('').parts).toEqual([]);
  });

  it('does not end a segment at }} inside a quoted string', () => {
    expect(render("${{ 'a}}b' }}")).toBe('a}}b');
    expect(render('x${{ "q\\"}}" }}y')).toBe('xq"}}y');
  });

  it('rejects an unterminated segment with the column of its opening', () => {
    const error = thrown(() => parseTemplate('abc ${{ inputs.files'));
    expect(error.code).toBe('OURO_EXPRESSION_SYNTAX');
    expect(error.details).toMatchObject({ offset: 4, column: 5 });
    expect(thrown(() => parseTemplate("${{ 'open }}")).code).toBe('OURO_EXPRESSION_SYNTAX');
  });

  it('reports syntax errors inside a segment at the template column', () => {
    const error = thrown(() => parseTemplate('run ${{ inputs.a + 1 }}'));
    expect(error.code).toBe('OURO_EXPRESSION_SYNTAX');
    expect(error.details).toMatchObject({ offset: 17, column: 18, source: 'run ${{ inputs.a + 1 }}' });
    expect(error.message).toContain('column 18');
    expect(thrown(() => parseTemplate('${{ }}')).details).toMatchObject({ reason: 'empty expression' });
  });
});

describe('renderTemplate', () => {
  it('returns the raw value for a template that is exactly one segment', () => {
    expect(render('${{ inputs.limit }}')).toBe(3);
    expect(render('${{ inputs.strict }}')).toBe(true);
    expect(render('${{ inputs.list }}')).toEqual(['a', 'b']);
    expect(render('${{ inputs.missing }}')).toBe(null);
    expect(render('${{ steps["1.001"].outputs.report }}')).toEqual({ errors: 0 });
  });

  it('concatenates strings otherwise', () => {
    expect(render(' ${{ inputs.limit }}')).toBe(' 3');
    expect(render('${{ inputs.limit }}${{ inputs.strict }}')).toBe('3true');
    expect(render('[${{ inputs.missing }}]')).toBe('[]');
    expect(render('list=${{ inputs.list }} nested=${{ inputs.nested }}')).toBe(
      'list=["a","b"] nested={"level":{"deep":"yes"}}',
    );
    expect(render('no templates')).toBe('no templates');
  });

  it('raises OURO_EXPRESSION_EVALUATION for a value that cannot be written', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const { context } = createTestContext({ inputs: { circular } });
    const error = thrown(() => renderTemplate(parseTemplate('x ${{ inputs.circular }}'), context));
    expect(error.code).toBe('OURO_EXPRESSION_EVALUATION');
  });
});

describe('renderTemplatesDeep', () => {
  it('renders every templated string in objects and arrays, leaving the rest', () => {
    const { context } = createTestContext();
    const input = {
      files: '${{ inputs.files }}',
      limit: '${{ inputs.limit }}',
      command: ['echo', 'count=${{ steps["1.001"].outputs.count }}', 7, null, true],
      nested: { plain: 'text', deep: ['${{ inputs.strict }}'] },
    };
    expect(renderTemplatesDeep(input, context)).toEqual({
      files: 'src/**/*.ts',
      limit: 3,
      command: ['echo', 'count=2', 7, null, true],
      nested: { plain: 'text', deep: [true] },
    });
    expect(input.files).toBe('${{ inputs.files }}');
  });

  it('keeps a __proto__ key as an ordinary own key', () => {
    const { context } = createTestContext();
    const input = JSON.parse('{"__proto__": {"x": "${{ inputs.limit }}"}}') as unknown;
    const rendered = renderTemplatesDeep(input, context) as Record<string, unknown>;
    expect(Object.getPrototypeOf(rendered)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(rendered, '__proto__')?.value).toEqual({ x: 3 });
  });

  it('adds the path of a failing template to the error details', () => {
    const { context } = createTestContext();
    const error = thrown(() => renderTemplatesDeep({ a: [1, { b: '${{ inputs.limit > "x" }}' }] }, context));
    expect(error.code).toBe('OURO_EXPRESSION_EVALUATION');
    expect(error.details).toMatchObject({ path: ['a', 1, 'b'] });
  });
});

describe('collectTemplates', () => {
  it('lists every templated string with its path', () => {
    const found = collectTemplates({ a: 'x', b: ['${{ inputs.files }}', { c: 'y ${{ env.CI }}' }] });
    expect(found.map((entry) => entry.path)).toEqual([
      ['b', 0],
      ['b', 1, 'c'],
    ]);
    expect(found[1]?.template.parts[1]).toMatchObject({ expression: { ast: { kind: 'env', name: 'CI' } } });
    expect(collectTemplates('${{ inputs.files }}').map((entry) => entry.path)).toEqual([[]]);
    expect(collectTemplates(42)).toEqual([]);
  });

  it('throws syntax errors with the path in the details', () => {
    const error = thrown(() => collectTemplates({ with: { command: ['ok', '${{ inputs.a = 1 }}'] } }));
    expect(error.code).toBe('OURO_EXPRESSION_SYNTAX');
    expect(error.details).toMatchObject({ path: ['with', 'command', 1], column: 14 });
  });
});

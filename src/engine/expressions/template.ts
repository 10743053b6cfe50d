/**
 * `${{ expression }}` templates. A template is text with expression segments; the segment ends at
 * the first `}}` outside a quoted string, so `${{ 'a}}b' }}` works. There is no escape for a literal
 * `${{`. A template that is exactly one segment renders to the raw value (a number stays a number);
 * anything else renders to a string.
 */
import { OuroError } from '../../errors/index.js';
import { expressionSyntaxError, type SyntaxErrorDetails } from './errors.js';
import { evaluateExpression } from './evaluate-expression.js';
import { parseExpression } from './parse-expression.js';
import type { EvaluationContext, ParsedExpression } from './types.js';
import { stringifyForTemplate } from './values.js';

export type TemplatePart = { text: string } | { expression: ParsedExpression; offset: number };

export interface ParsedTemplate {
  source: string;
  parts: TemplatePart[];
}

const opening = '${{';

/** Index of the `}}` closing the segment that starts at `from`, or -1. */
function findClosing(source: string, from: number): number {
  let quote: string | undefined;
  for (let index = from; index < source.length; index++) {
    const character = source[index];
    if (quote !== undefined) {
      if (character === '\\') index++;
      else if (character === quote) quote = undefined;
      continue;
    }
    if (character === '"' || character === "'") quote = character;
    else if (character === '}' && source[index + 1] === '}') return index;
  }
  return -1;
}

/** Re-raises a segment's syntax error with offsets in the whole template. */
function shifted(error: unknown, source: string, segmentOffset: number): unknown {
  if (!(error instanceof OuroError) || error.code !== 'OURO_EXPRESSION_SYNTAX') return error;
  const details = error.details as Partial<SyntaxErrorDetails> | undefined;
  const offset = segmentOffset + (details?.offset ?? 0);
  return expressionSyntaxError(source, offset, details?.reason ?? error.message, details?.length ?? 1, error);
}

export function parseTemplate(source: string): ParsedTemplate {
  if (typeof source !== 'string') throw expressionSyntaxError('', 0, 'a template must be a string');
  const parts: TemplatePart[] = [];
  let position = 0;
  while (position <= source.length) {
    const open = source.indexOf(opening, position);
    if (open === -1) break;
    if (open > position) parts.push({ text: source.slice(position, open) });
    const expressionStart = open + opening.length;
    const close = findClosing(source, expressionStart);
    if (close === -1) {
      throw expressionSyntaxError(
        source,
        open,
        'unterminated ${{ … }}: no closing }} (check for an unclosed quote)',
        source.length - open,
      );
    }
    const expressionSource = source.slice(expressionStart, close);
    let expression: ParsedExpression;
    try {
      expression = parseExpression(expressionSource);
    } catch (error) {
      throw shifted(error, source, expressionStart);
    }
    parts.push({ expression, offset: expressionStart });
    position = close + 2;
  }
  if (position < source.length) parts.push({ text: source.slice(position) });
  return { source, parts };
}

export function renderTemplate(template: ParsedTemplate, context: EvaluationContext): unknown {
  const [only, ...others] = template.parts;
  if (only !== undefined && others.length === 0 && 'expression' in only) {
    return evaluateExpression(only.expression, context);
  }
  let rendered = '';
  for (const part of template.parts) {
    rendered +=
      'text' in part ? part.text : stringifyForTemplate(evaluateExpression(part.expression, context));
  }
  return rendered;
}

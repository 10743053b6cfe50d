/**
 * Templates inside structured values (a step's `with:`): render every string that contains `${{`,
 * or collect them for verify. Only arrays and plain objects are walked; keys are copied as own data
 * properties, so a `__proto__` key from YAML stays an ordinary key.
 */
import { OuroError } from '../../errors/index.js';
import { expressionEvaluationError } from './errors.js';
import { parseTemplate, renderTemplate, type ParsedTemplate } from './template.js';
import type { EvaluationContext } from './types.js';

export type TemplatePath = Array<string | number>;

const maximumDepth = 64;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Adds where in the structure a template failed, keeping the error's code and message. */
function withPath(error: unknown, path: TemplatePath): unknown {
  if (error instanceof OuroError && error.details !== null && typeof error.details === 'object') {
    (error.details as Record<string, unknown>).path = path;
  }
  return error;
}

function walk(
  value: unknown,
  path: TemplatePath,
  depth: number,
  onString: (text: string, path: TemplatePath) => unknown,
): unknown {
  if (depth > maximumDepth) {
    throw withPath(expressionEvaluationError(`values are nested deeper than ${maximumDepth} levels`), path);
  }
  if (typeof value === 'string') return value.includes('${{') ? onString(value, path) : value;
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) => walk(item, [...path, index], depth + 1, onString));
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key], depth + 1, onString)]),
    );
  }
  return value;
}

/** A copy of `value` with every templated string rendered. */
export function renderTemplatesDeep(value: unknown, context: EvaluationContext): unknown {
  return walk(value, [], 0, (text, path) => {
    try {
      return renderTemplate(parseTemplate(text), context);
    } catch (error) {
      throw withPath(error, path);
    }
  });
}

/** Every templated string in `value`, parsed; a syntax error is thrown with `details.path`. */
export function collectTemplates(value: unknown): Array<{ path: TemplatePath; template: ParsedTemplate }> {
  const found: Array<{ path: TemplatePath; template: ParsedTemplate }> = [];
  walk(value, [], 0, (text, path) => {
    try {
      found.push({ path, template: parseTemplate(text) });
    } catch (error) {
      throw withPath(error, path);
    }
    return text;
  });
  return found;
}

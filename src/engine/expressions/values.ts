/**
 * Value semantics shared by the evaluator and templates: truthiness, strict equality, ordering,
 * property reads that never reach a prototype, and template stringification. Values come from
 * untrusted inputs and step outputs, so nothing here calls methods on them.
 */
import { expressionEvaluationError } from './errors.js';

/** JavaScript truthiness: false, null, undefined, 0, NaN and '' are false; arrays and objects are true. */
export function isTruthy(value: unknown): boolean {
  return Boolean(value);
}

/** Reads an own property only; anything missing (or inherited) is null. */
export function readOwn(container: unknown, name: string): unknown {
  if (container === null || typeof container !== 'object') return null;
  if (!Object.prototype.hasOwnProperty.call(container, name)) return null;
  const value = (container as Record<string, unknown>)[name];
  return value === undefined ? null : value;
}

export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const maximumEqualityDepth = 64;

/** Strict structural equality: no coercion; arrays and plain objects compare by content. */
export function strictEquals(left: unknown, right: unknown, depth = 0): boolean {
  if (left === undefined) left = null;
  if (right === undefined) right = null;
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (depth > maximumEqualityDepth) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return (
      left.length === right.length && left.every((item, index) => strictEquals(item, right[index], depth + 1))
    );
  }
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(right, key) &&
      strictEquals(
        (left as Record<string, unknown>)[key],
        (right as Record<string, unknown>)[key],
        depth + 1,
      ),
  );
}

/** `<` `<=` `>` `>=` on two numbers or two strings; any other pair is an evaluation error. */
export function compareOrder(operator: '<' | '<=' | '>' | '>=', left: unknown, right: unknown): boolean {
  const bothNumbers = typeof left === 'number' && typeof right === 'number';
  const bothStrings = typeof left === 'string' && typeof right === 'string';
  if (!bothNumbers && !bothStrings) {
    throw expressionEvaluationError(
      `cannot compare ${describeType(left)} ${operator} ${describeType(right)}: ordering needs two numbers or two strings`,
    );
  }
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

/** How a value appears inside a larger string: null → '', objects → JSON. */
export function stringifyForTemplate(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? '';
    } catch (error) {
      throw expressionEvaluationError('the value cannot be written as JSON (it may be circular)', error);
    }
  }
  throw expressionEvaluationError(`a ${typeof value} cannot be inserted into a string`);
}

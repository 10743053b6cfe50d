/**
 * Constructors for the two errors the expression language throws. Syntax errors carry a 1-based
 * column in the message and the 0-based offset, column and length in `details`, so verify can print
 * `file:line:column` and templates can shift them to the template's own offsets.
 */
import { OuroError } from '../../errors/index.js';

export interface SyntaxErrorDetails {
  source: string;
  offset: number;
  column: number;
  length: number;
  reason: string;
}

export function expressionSyntaxError(
  source: string,
  offset: number,
  reason: string,
  length = 1,
  cause?: unknown,
): OuroError {
  const clamped = Math.max(0, Math.min(offset, source.length));
  const details: SyntaxErrorDetails = { source, offset: clamped, column: clamped + 1, length, reason };
  return new OuroError('OURO_EXPRESSION_SYNTAX', { column: clamped + 1, reason }, { details, cause });
}

export function expressionEvaluationError(reason: string, cause?: unknown, source?: string): OuroError {
  return new OuroError('OURO_EXPRESSION_EVALUATION', { reason }, { details: { reason, source }, cause });
}

/**
 * Turns an OuroError into the `error` of a failed StepResult, so adapters report failures the same
 * way: stable code, message, remedy, retry flag and details.
 */
import type { StepError } from '../types.js';
import { toOuroError } from '../../errors/index.js';

export function stepErrorFrom(raw: unknown): StepError {
  const error = toOuroError(raw);
  const stepError: StepError = {
    code: error.code,
    message: error.message,
    retryable: error.retryable,
    remedy: error.remedy,
  };
  if (error.details !== undefined) stepError.details = error.details;
  return stepError;
}

/** The first `limit` bytes of a text, without a character cut in half at the end. */
export function utf8Head(text: string, limit: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limit) return text;
  return bytes
    .subarray(0, limit)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}

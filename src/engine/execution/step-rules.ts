/**
 * The small rules the scheduler applies to step states: what counts as ended, what blocks dependents,
 * which failures a retry cannot fix, and the idempotency key of an attempt.
 */
import { createHash } from 'node:crypto';
import type { FoldedStep } from './fold-journal.js';

export type AbortKind = 'cancel' | 'run-timeout' | 'lease-lost';

/** Failures a retry cannot fix: the step would fail the same way again. */
export const notRetried = new Set([
  'OURO_STEP_PARAMS_INVALID',
  'OURO_ADAPTER_UNAVAILABLE',
  'OURO_CANCELLED',
  'OURO_EXPRESSION_EVALUATION',
  'OURO_ARTIFACT_PATH_INVALID',
]);

const endedStatuses = new Set<string>([
  'succeeded',
  'failed',
  'skipped',
  'cached',
  'cancelled',
  'needs_approval',
]);

export function isEnded(step: FoldedStep): boolean {
  return endedStatuses.has(step.status);
}

export function breaksDependents(step: FoldedStep): boolean {
  return (
    step.status === 'failed' ||
    step.status === 'cancelled' ||
    step.status === 'needs_approval' ||
    (step.status === 'skipped' && step.blocked)
  );
}

export function usesStatusFunction(condition: string): boolean {
  return /\b(always|failure|success)\s*\(/.test(condition);
}

export function idempotencyKeyFor(runId: string, stepId: string, attempt: number): string {
  return createHash('sha256').update(`${runId}\0${stepId}\0${attempt}`).digest('hex').slice(0, 32);
}

export function describeAbort(kind: AbortKind): string {
  if (kind === 'run-timeout') return 'the run timed out';
  if (kind === 'lease-lost') return 'another process took over the run';
  return 'the run was cancelled';
}

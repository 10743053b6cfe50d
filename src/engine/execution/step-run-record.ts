/** The `step_runs` projection row written with a step's journal events. */
import type { StepRunRecord } from '../../store/types.js';
import type { WorkflowStep } from '../workflow/workflow-schema.js';

export function stepRunRecord(
  runId: string,
  step: WorkflowStep,
  attempt: number,
  status: StepRunRecord['status'],
  startedAt: number,
  endedAt: number | null,
  outputs: Record<string, unknown> | null,
  error: Record<string, unknown> | null,
  cacheKey: string | null | undefined,
): StepRunRecord {
  return {
    runId,
    stepId: step.id,
    attempt,
    actor: step.actor,
    status,
    startedAt,
    endedAt,
    durationMs: endedAt === null ? null : endedAt - startedAt,
    outputs,
    error,
    cacheKey: cacheKey ?? null,
  };
}

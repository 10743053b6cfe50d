/**
 * Turns one appendEvents call into the rows both dialects write: events numbered from the run's
 * previous last sequence, and the step runs and artifacts deduplicated by primary key.
 */
import type { RunEventsTable } from './database-schema.js';
import { lastPerKey, toJson } from './row-mappers.js';
import type {
  ArtifactRow,
  JournalProjection,
  RunEventInput,
  RunEventRecord,
  StepRunRecord,
} from './types.js';

export interface JournalRows {
  events: RunEventRecord[];
  eventRows: RunEventsTable[];
  stepRuns: StepRunRecord[];
  artifacts: ArtifactRow[];
}

export function buildJournalRows(
  runId: string,
  lastSequence: number,
  events: readonly RunEventInput[],
  projection: JournalProjection,
  now: number,
): JournalRows {
  const firstSequence = lastSequence - events.length + 1;
  const records: RunEventRecord[] = [];
  const eventRows: RunEventsTable[] = [];
  events.forEach((event, index) => {
    const record: RunEventRecord = {
      runId,
      sequence: firstSequence + index,
      type: event.type,
      stepId: event.stepId ?? null,
      attempt: event.attempt ?? null,
      payload: event.payload,
      createdAt: now,
    };
    records.push(record);
    eventRows.push({
      run_id: runId,
      sequence: record.sequence,
      type: record.type,
      step_id: record.stepId,
      attempt: record.attempt,
      payload: toJson(record.payload),
      created_at: now,
    });
  });
  return {
    events: records,
    eventRows,
    // The run id of the call wins: a projection can only touch the run it journals.
    stepRuns: lastPerKey(projection.stepRuns, (stepRun) => `${stepRun.stepId}\u0000${stepRun.attempt}`).map(
      (stepRun) => ({ ...stepRun, runId }),
    ),
    artifacts: lastPerKey(projection.artifacts, (artifact) => artifact.path).map((artifact) => ({
      ...artifact,
      runId,
    })),
  };
}

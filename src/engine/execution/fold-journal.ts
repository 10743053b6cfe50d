/**
 * Folds a run's journal into its current state. This is the only way the executor learns what has
 * already happened, so a resumed run never repeats a step that ended, and a step that started but
 * never ended (the process died) is run again as its next attempt.
 */
import type { ArtifactRecord, StepError, StepUsage } from '../../adapters/types.js';
import type { RunEventRecord } from '../../store/types.js';
import {
  JournalEventType,
  type EndedStepStatus,
  type RunPausedPayload,
  type StepEndedPayload,
} from './journal-events.js';

export type FoldedStepStatus = 'pending' | 'running' | EndedStepStatus;

export interface FoldedStep {
  status: FoldedStepStatus;
  /** Attempts started so far (the next attempt is attempts + 1). */
  attempts: number;
  outputs: Record<string, unknown>;
  artifacts: ArtifactRecord[];
  error?: StepError;
  reason?: string;
  blocked: boolean;
  durationMs: number;
  usage?: StepUsage;
  /** A step-started without its step-ended: the process executing it died. */
  interrupted: boolean;
}

export interface FoldedRun {
  started: boolean;
  ended: boolean;
  endedStatus?: string;
  paused?: RunPausedPayload;
  steps: Map<string, FoldedStep>;
  lastSequence: number;
}

function emptyStep(): FoldedStep {
  return {
    status: 'pending',
    attempts: 0,
    outputs: {},
    artifacts: [],
    blocked: false,
    durationMs: 0,
    interrupted: false,
  };
}

export function foldJournal(stepIds: string[], events: RunEventRecord[]): FoldedRun {
  const steps = new Map<string, FoldedStep>(stepIds.map((id) => [id, emptyStep()]));
  const run: FoldedRun = { started: false, ended: false, steps, lastSequence: 0 };
  const stepFor = (id: string | null): FoldedStep | undefined => {
    if (id === null) return undefined;
    let step = steps.get(id);
    if (!step) {
      // A step that is no longer in the workflow still folds, so that history stays readable.
      step = emptyStep();
      steps.set(id, step);
    }
    return step;
  };
  for (const event of events) {
    run.lastSequence = event.sequence;
    switch (event.type) {
      case JournalEventType.runStarted:
        run.started = true;
        break;
      case JournalEventType.stepStarted: {
        const step = stepFor(event.stepId);
        if (step) {
          step.status = 'running';
          step.attempts = Math.max(step.attempts, event.attempt ?? 1);
        }
        break;
      }
      case JournalEventType.stepEnded: {
        const step = stepFor(event.stepId);
        if (!step) break;
        const payload = event.payload as StepEndedPayload;
        step.status = payload.willRetry ? 'pending' : payload.status;
        step.outputs = payload.outputs ?? {};
        step.artifacts = payload.artifacts ?? [];
        step.durationMs = payload.durationMs ?? 0;
        step.blocked = payload.blocked === true;
        step.error = payload.error;
        step.reason = payload.reason;
        step.usage = payload.usage;
        if (event.attempt !== null && payload.status !== 'skipped' && payload.status !== 'cached') {
          step.attempts = Math.max(step.attempts, event.attempt);
        }
        break;
      }
      case JournalEventType.runPaused:
        run.paused = event.payload as RunPausedPayload;
        break;
      case JournalEventType.runResumed: {
        // A cancelled run may be resumed: the steps the cancel interrupted run again.
        if (run.ended && run.endedStatus === 'cancelled') {
          run.ended = false;
          run.endedStatus = undefined;
          for (const step of steps.values()) if (step.status === 'cancelled') step.status = 'pending';
        }
        if (run.paused) {
          const step = steps.get(run.paused.stepId);
          if (step && (step.status === 'failed' || step.status === 'needs_approval')) step.status = 'pending';
        }
        run.paused = undefined;
        break;
      }
      case JournalEventType.runEnded: {
        run.ended = true;
        const status = (event.payload as { status?: unknown }).status;
        run.endedStatus = typeof status === 'string' ? status : 'unknown';
        break;
      }
      default:
        break;
    }
  }
  for (const step of steps.values()) {
    if (step.status === 'running') {
      step.status = 'pending';
      step.interrupted = true;
    }
  }
  return run;
}

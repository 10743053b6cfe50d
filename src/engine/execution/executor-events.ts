/**
 * What the executor tells its caller while a run goes: the CLI draws the progress tree from these,
 * `--json` streams them as NDJSON, and the server will forward them over SSE.
 */
import type { StepError } from '../../adapters/types.js';
import type { RunStatus } from '../../store/types.js';
import type { EndedStepStatus, RunSummary } from './journal-events.js';

export interface PlannedStepView {
  id: string;
  name: string;
  actor: string;
  dependsOn: string[];
  status: string;
}

export type ExecutorEvent =
  | { type: 'run-started'; runId: string; workflow: string; steps: PlannedStepView[]; resumed: boolean }
  | { type: 'step-started'; runId: string; stepId: string; name: string; actor: string; attempt: number }
  | {
      type: 'step-progress';
      runId: string;
      stepId: string;
      progress: { type: string; message?: string; data?: Record<string, unknown> };
    }
  | {
      type: 'step-ended';
      runId: string;
      stepId: string;
      name: string;
      actor: string;
      attempt: number;
      status: EndedStepStatus;
      durationMs: number;
      error?: StepError;
      reason?: string;
      summary?: string;
      willRetry?: boolean;
    }
  | { type: 'run-paused'; runId: string; stepId: string; reason: string }
  | { type: 'run-ended'; runId: string; status: RunStatus; summary: RunSummary };

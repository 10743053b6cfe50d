/**
 * The journal's event vocabulary (brief §5). Payloads are plain JSON so that any process, on any
 * dialect, can fold them back into the state of a run.
 */
import type { ArtifactRecord, StepError, StepUsage } from '../../adapters/types.js';
import type { RunStatus } from '../../store/types.js';

export type EndedStepStatus = 'succeeded' | 'failed' | 'skipped' | 'cached' | 'cancelled' | 'needs_approval';

export interface StepEndedPayload {
  [key: string]: unknown;
  actor: string;
  status: EndedStepStatus;
  outputs: Record<string, unknown>;
  artifacts: ArtifactRecord[];
  durationMs: number;
  error?: StepError;
  /** Why a step was skipped ("condition false: …", "dependency 1.002 failed"). */
  reason?: string;
  /** Skipped because a dependency failed: its dependents are skipped too. */
  blocked?: boolean;
  /** The step failed and another attempt follows. */
  willRetry?: boolean;
  cacheKey?: string;
  summary?: string;
  usage?: StepUsage;
}

export interface StepStartedPayload {
  [key: string]: unknown;
  actor: string;
  idempotencyKey: string;
}

export interface RunStartedPayload {
  [key: string]: unknown;
  workflow: string;
  workflowPath: string;
  workflowHash: string;
  inputs: Record<string, unknown>;
}

export interface RunPausedPayload {
  [key: string]: unknown;
  stepId: string;
  reason: string;
}

export interface RunSummary {
  [key: string]: unknown;
  status: RunStatus;
  succeeded: number;
  failed: number;
  skipped: number;
  cached: number;
  cancelled: number;
  pending: number;
  /** Steps waiting for a person's approval (absent in summaries written before approvals existed). */
  needsApproval?: number;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  error?: StepError;
}

export const JournalEventType = {
  runStarted: 'run-started',
  stepStarted: 'step-started',
  stepEnded: 'step-ended',
  runPaused: 'run-paused',
  runResumed: 'run-resumed',
  runEnded: 'run-ended',
} as const;

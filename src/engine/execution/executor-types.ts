/** What the executor needs (its ports) and what it is asked to do and returns. */
import type { PolicyPort } from '../../adapters/policy-port.js';
import type { ModelGateway } from '../../models/types.js';
import type { Logger } from '../../observability/logger-types.js';
import type { CacheRepository, RunRecord, RunRepository, RunStatus } from '../../store/types.js';
import type { AdapterLookup } from '../workflow/verify-workflow.js';
import type { Workflow } from '../workflow/workflow-schema.js';
import type { BlobStore } from './blob-store.js';
import type { ExecutorEvent } from './executor-events.js';
import type { RunSummary } from './journal-events.js';

export interface ExecutorDependencies {
  runs: RunRepository;
  cache: CacheRepository;
  adapters: AdapterLookup;
  blobs: BlobStore;
  logger: Logger;
  /** `host:pid` of this process. */
  owner: string;
  /** Whether the owner recorded on a run is still alive (a dead owner's lease may be taken over). */
  isOwnerAlive(owner: string): boolean;
  now?: () => number;
  random?: () => number;
  leaseMs?: number;
}

export interface ExecuteRunRequest {
  run: RunRecord;
  workflow: Workflow;
  projectDir: string;
  runDir: string;
  inputs: Record<string, unknown>;
  /** Environment visible to steps, already reduced to the allowlist. */
  env: NodeJS.ProcessEnv;
  caching: boolean;
  maxParallel: number;
  /** The model gateway for AI steps; absent when no model is configured. */
  models?: ModelGateway;
  /**
   * The policy for one step: asked before every side effect of the step (its command, its model calls,
   * what its adapter reports), and the audit log of its decisions.
   */
  policy: (scope: { runId: string; stepId: string }) => PolicyPort;
  signal?: AbortSignal;
  onEvent?: (event: ExecutorEvent) => void;
}

export interface RunOutcome {
  runId: string;
  status: RunStatus;
  summary: RunSummary;
}

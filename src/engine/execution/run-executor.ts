/**
 * Executes a run as a DAG, journaling every decision so that a crash loses nothing: each step's
 * start and end are appended (with the projection tables) in one transaction before and after the
 * step runs, and the state of the run is always derived by folding the journal. A resumed run never
 * repeats a step that ended; a step that was interrupted runs again as its next attempt.
 *
 * Limits: one process executes a run at a time (a lease in the store); steps within the run run
 * concurrently up to `maxParallel`.
 */
import { OuroError } from '../../errors/index.js';
import type { RunRecord } from '../../store/types.js';
import type { ExecuteRunRequest, ExecutorDependencies, RunOutcome } from './executor-types.js';
import { RunExecution } from './run-execution.js';

export type { ExecuteRunRequest, ExecutorDependencies, RunOutcome } from './executor-types.js';
export { idempotencyKeyFor } from './step-rules.js';

export class RunExecutor {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly leaseMs: number;

  constructor(private readonly dependencies: ExecutorDependencies) {
    this.now = dependencies.now ?? Date.now;
    this.random = dependencies.random ?? Math.random;
    this.leaseMs = dependencies.leaseMs ?? 15_000;
  }

  async execute(request: ExecuteRunRequest): Promise<RunOutcome> {
    const { runs } = this.dependencies;
    const runId = request.run.id;
    await this.takeLease(request.run);
    const execution = new RunExecution(this.dependencies, request, this.now, this.random);
    const heartbeat = setInterval(
      () => {
        void execution.heartbeat(this.leaseMs);
      },
      Math.min(1000, this.leaseMs / 3),
    );
    heartbeat.unref();
    try {
      return await execution.run();
    } finally {
      clearInterval(heartbeat);
      await runs.releaseLease(runId, this.dependencies.owner);
    }
  }

  private async takeLease(run: RunRecord): Promise<void> {
    const { runs, owner } = this.dependencies;
    const now = this.now();
    if (await runs.acquireLease(run.id, owner, this.leaseMs, now)) return;
    const current = await runs.getRun(run.id);
    const holder = current?.owner ?? 'another process';
    if (current?.owner && !this.dependencies.isOwnerAlive(current.owner)) {
      if (await runs.acquireLease(run.id, owner, this.leaseMs, now, true)) return;
    }
    throw new OuroError('OURO_RUN_LOCKED', { runId: run.id, owner: holder });
  }
}

/**
 * Group commit for the journal. Appends made while a transaction is being prepared go into the same
 * transaction, in order, so that e.g. the end of one step and the start of the next cost one commit.
 * Durability is unchanged: each caller's promise resolves only once its events are committed, and a
 * step's side effects begin only after its own `step-started` is durable.
 */
import type {
  ArtifactRow,
  JournalProjection,
  RunEventInput,
  RunRepository,
  StepRunRecord,
} from '../../store/types.js';

interface PendingAppend {
  events: RunEventInput[];
  projection: JournalProjection;
  resolve(): void;
  reject(error: unknown): void;
}

/** Merges projections in order; later rows for the same key win (one row per key per statement). */
export function mergeProjections(projections: JournalProjection[]): JournalProjection {
  const merged: JournalProjection = {};
  const stepRuns = new Map<string, StepRunRecord>();
  const artifacts = new Map<string, ArtifactRow>();
  for (const projection of projections) {
    if (projection.run) merged.run = { ...merged.run, ...projection.run };
    for (const row of projection.stepRuns ?? []) stepRuns.set(`${row.stepId}\0${row.attempt}`, row);
    for (const row of projection.artifacts ?? []) artifacts.set(row.path, row);
  }
  if (stepRuns.size > 0) merged.stepRuns = [...stepRuns.values()];
  if (artifacts.size > 0) merged.artifacts = [...artifacts.values()];
  return merged;
}

export class JournalBatcher {
  private queue: PendingAppend[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly runs: RunRepository,
    private readonly runId: string,
    private readonly now: () => number,
  ) {}

  append(events: RunEventInput[], projection: JournalProjection = {}): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, projection, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate, not a microtask: the scheduler's promise hops between one step's end and the
        // next step's start all run first, so both land in one transaction.
        setImmediate(() => {
          this.scheduled = false;
          const batch = this.queue;
          this.queue = [];
          this.chain = this.chain.then(() => this.commit(batch));
        });
      }
    });
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    try {
      await this.runs.appendEvents(
        this.runId,
        batch.flatMap((entry) => entry.events),
        mergeProjections(batch.map((entry) => entry.projection)),
        this.now(),
      );
      for (const entry of batch) entry.resolve();
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}

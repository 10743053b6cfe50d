/**
 * Restores a step from the cache (outputs and artifacts, copied from content-addressed blobs) and
 * saves a succeeded step into it.
 */
import type { CacheRepository } from '../../store/types.js';
import type { WorkflowStep } from '../workflow/workflow-schema.js';
import { createArtifactSink } from './artifact-sink.js';
import type { BlobStore } from './blob-store.js';
import type { StepEndedPayload } from './journal-events.js';

export type RestoredStep = Pick<StepEndedPayload, 'status' | 'outputs' | 'artifacts' | 'summary'>;

export class StepCache {
  constructor(
    private readonly cache: CacheRepository,
    private readonly blobs: BlobStore,
    private readonly runDir: string,
    private readonly now: () => number,
  ) {}

  /** The cached result, with its artifacts restored into the run; undefined on a miss. */
  async restore(cacheKey: string): Promise<RestoredStep | undefined> {
    const entry = await this.cache.get(cacheKey);
    if (!entry) return undefined;
    const sink = createArtifactSink(this.runDir, []);
    for (const artifact of entry.artifacts) {
      if (!(await this.blobs.restore(artifact.sha256, sink.resolve(artifact.path)))) return undefined;
    }
    await this.cache.recordHit(cacheKey, this.now());
    const restored: RestoredStep = { status: 'cached', outputs: entry.outputs, artifacts: entry.artifacts };
    if (entry.summary) restored.summary = entry.summary;
    return restored;
  }

  async save(
    cacheKey: string,
    workflowName: string,
    step: WorkflowStep,
    payload: StepEndedPayload,
  ): Promise<void> {
    const sink = createArtifactSink(this.runDir, []);
    for (const artifact of payload.artifacts) {
      await this.blobs.save(sink.resolve(artifact.path), artifact.sha256);
    }
    await this.cache.put({
      key: cacheKey,
      actor: step.actor,
      workflowName,
      stepId: step.id,
      outputs: payload.outputs,
      artifacts: payload.artifacts,
      summary: payload.summary ?? null,
      createdAt: this.now(),
    });
  }
}

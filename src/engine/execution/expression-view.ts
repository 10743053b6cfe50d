/**
 * The view of a run that `when` conditions and `${{ … }}` templates see. Built once and updated as
 * steps change state (not rebuilt per step), so evaluation stays O(1) per step on large workflows.
 */
import type { EvaluationContext, StepState } from '../expressions/index.js';
import type { FoldedStep } from './fold-journal.js';

function viewOf(step: FoldedStep): StepState {
  // Expressions see a cached step as succeeded and a step waiting for approval as failed.
  const status =
    step.status === 'cached' ? 'succeeded' : step.status === 'needs_approval' ? 'failed' : step.status;
  return { status, outputs: step.outputs };
}

export class ExpressionView {
  private steps: Record<string, StepState> | undefined;
  private failedSteps = 0;

  constructor(
    private readonly source: () => Map<string, FoldedStep>,
    private readonly base: Pick<EvaluationContext, 'inputs' | 'env' | 'host'>,
  ) {}

  /** Call after a step's folded state changed. */
  refresh(id: string): void {
    if (!this.steps) return;
    const step = this.source().get(id);
    if (!step) return;
    if (this.steps[id]?.status === 'failed') this.failedSteps -= 1;
    const view = viewOf(step);
    if (view.status === 'failed') this.failedSteps += 1;
    this.steps[id] = view;
  }

  context(): EvaluationContext {
    if (!this.steps) {
      this.steps = Object.create(null) as Record<string, StepState>;
      this.failedSteps = 0;
      for (const id of this.source().keys()) this.refresh(id);
    }
    return { ...this.base, steps: this.steps, runFailed: this.failedSteps > 0 };
  }
}

/**
 * The dry-run plan: order, parallel groups, cache hits, `when` results where they are already
 * knowable (they read only inputs and env), and estimated tokens and cost for AI steps. Nothing is
 * executed and nothing is written.
 */
import type { CacheRepository } from '../../store/types.js';
import type { BlobStore } from '../execution/blob-store.js';
import { FileHasher, stepCacheKey } from '../execution/cache-key.js';
import {
  evaluateCondition,
  parseExpression,
  renderTemplatesDeep,
  type EvaluationContext,
} from '../expressions/index.js';
import { resolveDependencies, topologicalLayers } from '../workflow/dependency-graph.js';
import type { AdapterLookup } from '../workflow/verify-workflow.js';
import type { Workflow, WorkflowStep } from '../workflow/workflow-schema.js';
import type { AnyAdapter, AvailabilityContext } from '../../adapters/types.js';
import type { ModelGateway } from '../../models/types.js';

export type PlannedCondition =
  | { kind: 'none' }
  | { kind: 'known'; expression: string; value: boolean }
  | { kind: 'at-run-time'; expression: string };

export type PlannedCache = 'hit' | 'miss' | 'disabled' | 'not-cacheable' | 'unknown';

export interface PlannedStep {
  id: string;
  name: string;
  actor: string;
  kind: 'deterministic' | 'ai' | 'unknown';
  dependsOn: string[];
  /** Index of the parallel group (topological layer). */
  group: number;
  condition: PlannedCondition;
  cache: PlannedCache;
  estimate?: { tokens: number; costUsd: number };
  /** Whether the actor's tool is installed (a step whose tool is missing will fail). */
  availability: { available: boolean; reason?: string; remedy?: string };
}

export interface RunPlan {
  workflow: string;
  maxParallel: number;
  caching: boolean;
  groups: string[][];
  steps: PlannedStep[];
  estimatedTokens: number;
  estimatedCostUsd: number;
}

export interface PlanOptions {
  inputs: Record<string, unknown>;
  projectDir: string;
  env: NodeJS.ProcessEnv;
  adapters: AdapterLookup;
  caching: boolean;
  cache: CacheRepository;
  blobs: BlobStore;
  maxParallel: number;
  /** For AI steps' availability and estimates. */
  models?: ModelGateway;
}

class Unknowable extends Error {}

function availabilityContext(options: PlanOptions): AvailabilityContext {
  return {
    projectDir: options.projectDir,
    env: options.env,
    ...(options.models ? { models: options.models } : {}),
  };
}

/** A context in which anything that depends on the run itself cannot be known yet. */
function staticContext(options: PlanOptions): EvaluationContext {
  const unknowable = (): never => {
    throw new Unknowable('depends on the run');
  };
  return {
    inputs: options.inputs,
    steps: new Proxy({}, { get: unknowable, has: unknowable }),
    env: options.env,
    host: { hasErrors: unknowable, exists: unknowable, changed: unknowable },
    runFailed: false,
  };
}

function planCondition(when: string | boolean | undefined, context: EvaluationContext): PlannedCondition {
  if (when === undefined) return { kind: 'none' };
  if (typeof when === 'boolean') return { kind: 'known', expression: String(when), value: when };
  if (/\b(always|failure|success)\s*\(|steps\s*\[/.test(when))
    return { kind: 'at-run-time', expression: when };
  try {
    return { kind: 'known', expression: when, value: evaluateCondition(parseExpression(when), context) };
  } catch {
    return { kind: 'at-run-time', expression: when };
  }
}

async function planCache(
  adapter: AnyAdapter,
  step: WorkflowStep,
  params: unknown,
  options: PlanOptions,
  hasher: FileHasher,
): Promise<PlannedCache> {
  if (!adapter.cacheInputs) return 'not-cacheable';
  if (params === undefined) return 'unknown';
  const key = await stepCacheKey(adapter, step, params, options, hasher);
  if (!key) return 'not-cacheable';
  const entry = await options.cache.get(key);
  if (!entry) return 'miss';
  const restorable = await Promise.all(entry.artifacts.map((artifact) => options.blobs.has(artifact.sha256)));
  return restorable.every(Boolean) ? 'hit' : 'miss';
}

export async function planRun(workflow: Workflow, options: PlanOptions): Promise<RunPlan> {
  const dependencies = resolveDependencies(workflow);
  const groups = topologicalLayers(dependencies);
  const groupOf = new Map<string, number>();
  groups.forEach((group, index) => group.forEach((id) => groupOf.set(id, index)));
  const context = staticContext(options);
  const hasher = new FileHasher();
  const steps: PlannedStep[] = [];
  const availability = new Map<string, Promise<PlannedStep['availability']>>();
  const availabilityOf = (
    adapter: AnyAdapter | undefined,
    actor: string,
  ): Promise<PlannedStep['availability']> => {
    let known = availability.get(actor);
    if (!known) {
      known = adapter?.available
        ? adapter.available(availabilityContext(options))
        : Promise.resolve(
            adapter ? { available: true } : { available: false, reason: `unknown actor ${actor}` },
          );
      availability.set(actor, known);
    }
    return known;
  };
  let estimatedTokens = 0;
  let estimatedCostUsd = 0;
  for (const step of workflow.steps) {
    const adapter = options.adapters.get(step.actor);
    const planned: PlannedStep = {
      id: step.id,
      name: step.name ?? step.id,
      actor: step.actor,
      kind: adapter?.kind ?? 'unknown',
      dependsOn: dependencies.get(step.id) ?? [],
      group: groupOf.get(step.id) ?? 0,
      condition: planCondition(step.when, context),
      cache: options.caching ? 'not-cacheable' : 'disabled',
      availability: await availabilityOf(adapter, step.actor),
    };
    let params: unknown;
    try {
      const parsed = adapter?.params.safeParse(renderTemplatesDeep(step.with, context));
      params = parsed?.success ? parsed.data : undefined;
    } catch {
      params = undefined;
    }
    if (adapter && options.caching) planned.cache = await planCache(adapter, step, params, options, hasher);
    if (adapter?.estimate && params !== undefined) {
      const estimate = await adapter.estimate(params, availabilityContext(options));
      planned.estimate = estimate;
      estimatedTokens += estimate.tokens;
      estimatedCostUsd += estimate.costUsd;
    }
    steps.push(planned);
  }
  return {
    workflow: workflow.name,
    maxParallel: options.maxParallel,
    caching: options.caching,
    groups,
    steps,
    estimatedTokens,
    estimatedCostUsd,
  };
}

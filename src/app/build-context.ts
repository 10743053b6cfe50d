/**
 * The "what would the model see" use case behind `ouro context` (and, later, the AI adapters' context
 * step): the repository map and files most relevant to a task, packed into a token budget. Needs no
 * config, store or model — it reads the project and runs git read-only — so it works in any directory.
 */
import { buildContext } from '../models/context/build-context.js';
import type { BuiltContext } from '../models/context/context-types.js';

/** Enough for a useful map of a mid-sized repository while leaving most of a model's window free. */
export const defaultContextTokens = 8000;

export interface ContextRequest {
  projectDir: string;
  task: string;
  tokens?: number | undefined;
  /** Glob relative to the project that restricts the files considered. */
  files?: string | undefined;
  now?: (() => Date) | undefined;
}

export function buildTaskContext(request: ContextRequest): Promise<BuiltContext> {
  return buildContext({
    projectDir: request.projectDir,
    task: request.task,
    tokenBudget: request.tokens ?? defaultContextTokens,
    files: request.files,
    now: request.now,
  });
}

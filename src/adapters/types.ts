/**
 * The contract between the engine and the implementations behind a step's `actor:`. An adapter is
 * a plain object: its `params` schema is checked at `ouro verify` time, `execute` does the work and
 * reports what happened; the engine owns retries, timeouts, caching and the journal.
 */
import type { ZodType } from 'zod';
import type { ModelGateway } from '../models/types.js';
import type { Logger } from '../observability/logger-types.js';
import type { PolicyAction, PolicyPort } from './policy-port.js';

export type AdapterKind = 'deterministic' | 'ai';

export interface Availability {
  available: boolean;
  /** The tool's own version when it could be read (e.g. `eslint --version`). */
  version?: string;
  /** Why it is not available. */
  reason?: string;
  /** How to make it available. */
  remedy?: string;
}

export interface AvailabilityContext {
  /** The project directory: tools are looked up in its node_modules/.bin first, then PATH. */
  projectDir: string;
  env: NodeJS.ProcessEnv;
  /** The model gateway, when models are configured: AI adapters estimate and probe through it. */
  models?: ModelGateway;
}

/** What a step's cache key covers besides actor, version and params. */
export interface CacheInputs {
  /** Globs relative to the project directory whose file contents enter the key. */
  files: string[];
  /** Names of environment variables whose values enter the key. */
  env: string[];
}

export interface ArtifactRecord {
  /** Path relative to the run directory, always starting with `artifacts/`. */
  path: string;
  size: number;
  sha256: string;
}

/** Where a step writes its artifacts. Paths are workflow paths such as `artifacts/lint.json`. */
export interface ArtifactSink {
  /** Absolute directory of the run (`.ouro/runs/<run>`); `artifacts/…` lives under it. */
  readonly runDir: string;
  /** Resolves a workflow path (`artifacts/x.json`) to an absolute path; rejects anything outside. */
  resolve(workflowPath: string): string;
  /** Writes an artifact (creating directories) and returns its record. */
  write(workflowPath: string, content: string | Uint8Array): Promise<ArtifactRecord>;
  /** Records a file an external tool wrote at `resolve(workflowPath)`. */
  record(workflowPath: string): Promise<ArtifactRecord>;
  /** The step's first declared `emits` entry matching `extension`, or the fallback name. */
  primary(fallback: string, extension?: string): string;
}

export type StepStatus = 'succeeded' | 'failed' | 'skipped' | 'needs_approval';

export interface StepError {
  code: string;
  message: string;
  retryable: boolean;
  remedy?: string;
  details?: unknown;
}

export interface StepUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface StepResult<O = Record<string, unknown>> {
  status: StepStatus;
  outputs: O;
  /** Artifacts written by the step (records from the sink). */
  artifacts?: ArtifactRecord[];
  usage?: StepUsage;
  error?: StepError;
  /** A one-line human summary ("3 errors, 1 warning"). */
  summary?: string;
}

export interface StepContext {
  runId: string;
  stepId: string;
  stepName: string;
  attempt: number;
  /** Derived from (run, step, attempt): the same on a replay of the same attempt. */
  idempotencyKey: string;
  signal: AbortSignal;
  /** The project directory the step works in. */
  workDir: string;
  /** The step's declared `emits` entries. */
  emits: string[];
  artifacts: ArtifactSink;
  logger: Logger;
  /** The environment the step may see (already filtered by the engine's allowlist). */
  env: NodeJS.ProcessEnv;
  /** Structured progress events shown live (`--json` streams them). */
  emit(event: { type: string; message?: string; data?: Record<string, unknown> }): void;
  /** Reads an artifact of this run by workflow path, or undefined when it does not exist. */
  readArtifact(workflowPath: string): Promise<string | undefined>;
  now(): Date;
  /** Tokens and cost the run has used so far (the verifier's `token_budget` gate); absent → 0. */
  usageSoFar?(): StepUsage;
  /** The model gateway AI steps call through; absent → AI steps fail with OURO_MODEL_NOT_CONFIGURED. */
  models?: ModelGateway;
  /**
   * The policy, scoped to this step. The engine has already asked it for `run_command` when the
   * adapter declares it; adapters ask it themselves for the effects only they can see (writing a
   * protected path, a merge) and record what they did with `recordEffect`.
   */
  policy: PolicyPort;
}

export interface Adapter<P = unknown, O extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  kind: AdapterKind;
  /** Bumped when behaviour changes: part of the cache key. */
  version: string;
  description: string;
  /** Validates and defaults `with:`; the JSON Schema for `with` is generated from it. */
  params: ZodType<P>;
  /** Another adapter id this one is an alias of (the runbook's actor names). */
  aliasOf?: string;
  /**
   * The policy actions this adapter can take. The engine asks the policy for `run_command` before
   * `execute`; for the others the adapter asks through `context.policy`. A test walks the registry
   * and checks that each declared effect is really asked for, and that undeclared ones never happen.
   */
  effects: readonly PolicyAction[];
  /**
   * True when running with these params changes nothing (a check, `git status`): shadow mode lets such
   * a step run. Absent → the step may change things.
   */
  readOnly?(params: P): boolean;
  available?(context: AvailabilityContext): Promise<Availability>;
  /**
   * Files and env that determine the output; without it (or when it returns undefined for these
   * params) the step is never cached.
   */
  cacheInputs?(params: P, context: AvailabilityContext): CacheInputs | undefined;
  /** Tokens and cost before running (budget admission and `--dry-run`); AI adapters only. */
  estimate?(params: P, context: AvailabilityContext): Promise<CostEstimate>;
  execute(params: P, context: StepContext): Promise<StepResult<O>>;
}

export interface CostEstimate {
  tokens: number;
  costUsd: number;
}

// Adapters are registered heterogeneously; the registry erases the parameter type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAdapter = Adapter<any, Record<string, unknown>>;

/**
 * The public contract of the expression language: what the parser returns, what `ouro verify`
 * knows statically, and what the engine supplies at run time.
 */
import type { ExpressionNode } from './ast.js';

export interface ParsedExpression {
  source: string;
  ast: ExpressionNode;
}

/** What verify knows statically about the workflow an expression lives in. */
export interface ExpressionScope {
  /** Declared input names. */
  inputs: string[];
  /** Step ids that exist in the workflow. */
  steps: string[];
  /** Allowlisted environment variable names. */
  env: string[];
}

/** One static problem; `offset`/`length` locate it in the expression source. */
export interface ExpressionProblem {
  code: string;
  message: string;
  offset: number;
  length: number;
}

export const stepStatuses = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'cached',
  'cancelled',
] as const;

export type StepStatus = (typeof stepStatuses)[number];

export interface StepState {
  status: StepStatus;
  outputs: Record<string, unknown>;
}

/** Synchronous host functions supplied by the engine; they do the file I/O, not the evaluator. */
export interface ExpressionHost {
  hasErrors(path: string, kinds: string[] | undefined): boolean;
  exists(path: string): boolean;
  changed(glob: string): boolean;
}

export interface EvaluationContext {
  inputs: Record<string, unknown>;
  steps: Record<string, StepState>;
  /** Already allowlisted by the caller. */
  env: Record<string, string | undefined>;
  host: ExpressionHost;
  /** Status of the run so far: success() = no failed step among those that ended, failure() = some failed. */
  runFailed: boolean;
}

/** The diagnostic kinds of schemas/diagnostics.schema.json, accepted by `has_errors(…, kinds=[…])`. */
export const diagnosticKinds = ['lint', 'format', 'import', 'type', 'logic', 'test', 'security'] as const;

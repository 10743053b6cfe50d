/**
 * The logger shape every layer receives. It is pino's call shape (`logger.info({event, ...}, msg)`),
 * kept as an interface so that layers below observability/ depend on nothing concrete.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface LogFunction {
  (object: Record<string, unknown>, message?: string, ...interpolationValues: unknown[]): void;
  /** Logs the error under `err` (message, stack, cause — redacted); the message defaults to its own. */
  (error: Error, message?: string, ...interpolationValues: unknown[]): void;
  /** printf-style `%s %d %o %j` placeholders are filled from `interpolationValues`. */
  (message: string, ...interpolationValues: unknown[]): void;
}

export interface Logger {
  trace: LogFunction;
  debug: LogFunction;
  info: LogFunction;
  warn: LogFunction;
  error: LogFunction;
  fatal: LogFunction;
  child(bindings: Record<string, unknown>): Logger;
}

/** Fixed event names operators grep for (brief §9). */
export const LogEvent = {
  workflowStarted: 'workflow_started',
  workflowCompleted: 'workflow_completed',
  workflowExecutionFailed: 'workflow_execution_failed',
  stepStarted: 'step_started',
  stepDuration: 'step_duration',
  stepFailed: 'step_failed',
  tokensUsed: 'tokens_used',
  trackRequest: 'track_request',
  safetyViolation: 'safety_violation',
  approvalRequested: 'approval_requested',
  approvalResolved: 'approval_resolved',
  rollbackPerformed: 'rollback_performed',
  budgetThreshold: 'budget_threshold',
} as const;

/**
 * Builds a real StepContext for adapter tests: a temporary run directory with a working
 * ArtifactSink (paths confined to `artifacts/`, sha256 and size on write), a logger and an event
 * stream that record what the adapter did, and an AbortController the test can fire.
 */
import { createRecordingPolicy } from './recording-policy.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StepContext } from '../../src/adapters/types.js';
import { createArtifactSink } from '../../src/engine/execution/artifact-sink.js';
import type { LogFunction, Logger } from '../../src/observability/logger-types.js';

export interface RecordedLog {
  level: string;
  bindings: Record<string, unknown>;
  object: Record<string, unknown>;
  message: string | undefined;
}

export interface RecordedEvent {
  type: string;
  message?: string;
  data?: Record<string, unknown>;
}

export interface TestStepContext extends StepContext {
  /** The run directory (artifacts live in `<runDir>/artifacts`). */
  runDir: string;
  controller: AbortController;
  events: RecordedEvent[];
  logs: RecordedLog[];
  /** Removes the temporary directories this helper created (not ones passed in). */
  cleanup(): void;
}

export type TestStepContextOverrides = Partial<Omit<StepContext, 'artifacts'>> & {
  runDir?: string;
};

/** The engine's ArtifactSink, re-exported for adapter tests. */
export { createArtifactSink };

export function createRecordingLogger(logs: RecordedLog[], bindings: Record<string, unknown> = {}): Logger {
  const at =
    (level: string): LogFunction =>
    (first: Record<string, unknown> | Error | string, message?: unknown, ...values: unknown[]) => {
      if (typeof first === 'string') {
        logs.push({ level, bindings, object: { values: [message, ...values] }, message: first });
      } else if (first instanceof Error) {
        logs.push({
          level,
          bindings,
          object: { err: first },
          message: typeof message === 'string' ? message : first.message,
        });
      } else {
        logs.push({
          level,
          bindings,
          object: first,
          message: typeof message === 'string' ? message : undefined,
        });
      }
    };
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: (more) => createRecordingLogger(logs, { ...bindings, ...more }),
  };
}

export function createTestStepContext(overrides: TestStepContextOverrides = {}): TestStepContext {
  const created: string[] = [];
  const temporary = (prefix: string): string => {
    const directory = mkdtempSync(path.join(os.tmpdir(), prefix));
    created.push(directory);
    return directory;
  };
  const runDir = overrides.runDir ?? temporary('ouro-run-');
  mkdirSync(path.join(runDir, 'artifacts'), { recursive: true });
  const workDir = overrides.workDir ?? temporary('ouro-work-');
  const emits = overrides.emits ?? [];
  const controller = new AbortController();
  const events: RecordedEvent[] = [];
  const logs: RecordedLog[] = [];
  const artifacts = createArtifactSink(runDir, emits);
  const runId = overrides.runId ?? 'run-test';
  const stepId = overrides.stepId ?? 'step';
  const attempt = overrides.attempt ?? 1;
  const context: TestStepContext = {
    runId,
    stepId,
    stepName: overrides.stepName ?? stepId,
    attempt,
    idempotencyKey: overrides.idempotencyKey ?? `${runId}:${stepId}:${attempt}`,
    signal: overrides.signal ?? controller.signal,
    workDir,
    emits,
    artifacts,
    logger: overrides.logger ?? createRecordingLogger(logs, { runId, stepId }),
    env: overrides.env ?? { PATH: process.env.PATH, HOME: process.env.HOME },
    policy: overrides.policy ?? createRecordingPolicy(),
    emit: overrides.emit ?? ((event) => void events.push(event)),
    readArtifact:
      overrides.readArtifact ??
      (async (workflowPath) => {
        try {
          return await readFile(artifacts.resolve(workflowPath), 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw error;
        }
      }),
    now: overrides.now ?? (() => new Date()),
    runDir,
    controller,
    events,
    logs,
    cleanup() {
      for (const directory of created) rmSync(directory, { recursive: true, force: true });
    },
  };
  if (overrides.usageSoFar !== undefined) context.usageSoFar = overrides.usageSoFar;
  return context;
}

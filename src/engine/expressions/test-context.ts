/**
 * A fixed evaluation context for the expression tests: recorded host calls, no file system. Test
 * support only; not exported from index.ts.
 */
import type { EvaluationContext, StepState } from './types.js';

export interface RecordedHostCall {
  name: 'hasErrors' | 'exists' | 'changed';
  argument: string;
  kinds?: string[] | undefined;
}

export function createTestContext(overrides: Partial<EvaluationContext> = {}): {
  context: EvaluationContext;
  calls: RecordedHostCall[];
} {
  const calls: RecordedHostCall[] = [];
  const steps: Record<string, StepState> = {
    '1.001': { status: 'succeeded', outputs: { count: 2, report: { errors: 0 }, name: 'lint' } },
    '1.002': { status: 'failed', outputs: {} },
  };
  const context: EvaluationContext = {
    inputs: {
      files: 'src/**/*.ts',
      limit: 3,
      strict: true,
      list: ['a', 'b'],
      nested: { level: { deep: 'yes' } },
    },
    steps,
    env: { CI: 'true', EMPTY: '' },
    host: {
      hasErrors(path, kinds) {
        calls.push({ name: 'hasErrors', argument: path, kinds });
        return path.includes('lint');
      },
      exists(path) {
        calls.push({ name: 'exists', argument: path });
        return path === 'artifacts/present.json';
      },
      changed(glob) {
        calls.push({ name: 'changed', argument: glob });
        return glob === 'src/**';
      },
    },
    runFailed: false,
    ...overrides,
  };
  return { context, calls };
}

/**
 * `sleep`: waits `seconds` and succeeds; an abort ends the wait at once and fails the step with
 * OURO_CANCELLED. Used by tests and benchmarks (parallelism, cancellation, resume).
 */
import { z } from 'zod';
import { OuroError } from '../../errors/index.js';
import { stepErrorFrom } from '../process/step-failure.js';
import type { Adapter, StepContext, StepResult } from '../types.js';

export const sleepParamsSchema = z.object({ seconds: z.number().nonnegative().max(86_400) }).strict();
export type SleepParams = z.output<typeof sleepParamsSchema>;

export interface SleepOutputs extends Record<string, unknown> {
  seconds: number;
}

function wait(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function executeSleep(params: SleepParams, context: StepContext): Promise<StepResult<SleepOutputs>> {
  const completed = await wait(params.seconds * 1000, context.signal);
  if (!completed) {
    return {
      status: 'failed',
      outputs: { seconds: params.seconds },
      error: stepErrorFrom(new OuroError('OURO_CANCELLED', { reason: 'sleep aborted' })),
      summary: 'aborted',
    };
  }
  return { status: 'succeeded', outputs: { seconds: params.seconds }, summary: `slept ${params.seconds} s` };
}

export const sleepAdapter: Adapter<SleepParams, SleepOutputs> = {
  id: 'sleep',
  kind: 'deterministic',
  effects: [],
  version: '1.0.0',
  description: 'Waits the given number of seconds (honours cancellation)',
  params: sleepParamsSchema,
  available: () => Promise.resolve({ available: true }),
  execute: executeSleep,
};

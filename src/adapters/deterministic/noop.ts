/**
 * `noop`: does nothing and succeeds with empty outputs. Its result depends on nothing, so it is
 * cacheable with an empty key (engine tests and benchmarks rely on both).
 */
import { z } from 'zod';
import type { Adapter } from '../types.js';

export const noopParamsSchema = z.object({}).strict();
export type NoopParams = z.output<typeof noopParamsSchema>;

export const noopAdapter: Adapter<NoopParams, Record<string, never>> = {
  id: 'noop',
  kind: 'deterministic',
  effects: [],
  version: '1.0.0',
  description: 'Does nothing and succeeds (tests and benchmarks)',
  params: noopParamsSchema,
  available: () => Promise.resolve({ available: true }),
  cacheInputs: () => ({ files: [], env: [] }),
  execute: () => Promise.resolve({ status: 'succeeded', outputs: {}, summary: 'nothing to do' }),
};

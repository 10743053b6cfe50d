/** `orchestrator`: how the autonomous loop runs (mode, polling, concurrency, where Ouro keeps its state). */
import { z } from 'zod';

export const orchestratorModes = ['manual', 'supervised', 'autonomous', 'shadow'] as const;

export const orchestratorSchema = z
  .strictObject({
    mode: z
      .enum(orchestratorModes)
      .default('supervised')
      .describe(
        'manual: only explicit commands; supervised: up to an open PR, merges wait for approval; autonomous: merges LOW/MEDIUM risk; shadow: decides and records, touches nothing',
      ),
    poll_interval: z
      .int()
      .positive()
      .default(300)
      .describe('Seconds between polls of the forge for new work'),
    work_dir: z
      .string()
      .min(1)
      .default('.ouro')
      .describe('Directory for Ouro state, relative to the project root'),
    max_concurrent: z.int().positive().default(2).describe('Tasks worked at the same time'),
  })
  .prefault({});

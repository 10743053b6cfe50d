/**
 * The `with:` parameters every AI adapter shares: the task text, which model, and the bounds of the
 * step (turns, dollars, output tokens). The engine templates `instructions` before validation.
 */
import { z } from 'zod';

export const commonAiParamsShape = {
  instructions: z.string().min(1).describe('The task, in plain words (templated by the engine).'),
  model: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A model reference (`anthropic:claude-sonnet-4-5`) or alias (`fast`); default `models.default`.',
    ),
  max_turns: z.number().int().min(1).max(200).optional().describe('Upper bound of model calls of the step.'),
  max_cost_usd: z
    .number()
    .positive()
    .optional()
    .describe(
      'Step budget in USD; every model call reserves against it and is refused when it does not fit.',
    ),
  max_output_tokens: z
    .number()
    .int()
    .min(1)
    .max(200_000)
    .default(4096)
    .describe('Upper bound of output tokens per model call (also what the budget reserves).'),
  files: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe('Glob(s) relative to the project directory the step should focus on.'),
} as const;

export const commonAiParamsSchema = z.object(commonAiParamsShape).strict();

export type CommonAiParams = z.infer<typeof commonAiParamsSchema>;

/** `files` as a list of globs (empty when not set). */
export function focusGlobs(files: CommonAiParams['files']): string[] {
  if (files === undefined) return [];
  return typeof files === 'string' ? [files] : files;
}

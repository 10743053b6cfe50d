/**
 * The workflow format (brief §4), compatible with the runbooks' `.ai/workflows/*.yaml` and stricter:
 * unknown keys are errors. Per-actor `with:` validation happens in verify-workflow.ts against each
 * adapter's own params schema, since `with` may hold `${{ … }}` templates resolved only at run time.
 */
import { z } from 'zod';

export const stepIdPattern = /^\d+\.\d+$/;

const stepId = z
  .string()
  .regex(stepIdPattern, { message: 'step ids look like "1.001" (digits, a dot, digits)' })
  .describe('Step id such as "1.001": the part before the dot groups steps, the part after orders them.');

const inputValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number(), z.boolean()])),
]);

export const workflowPolicySchema = z
  .object({
    max_tokens: z.number().int().positive().optional().describe('Token budget of the whole run.'),
    max_cost_usd: z.number().positive().optional().describe('Cost budget of the whole run in USD.'),
    prefer_deterministic: z.boolean().default(true).describe('Prefer deterministic tools over AI steps.'),
    enable_caching: z
      .boolean()
      .default(false)
      .describe('Reuse results of steps whose inputs did not change.'),
    parallel_execution: z
      .boolean()
      .default(false)
      .describe('Steps without depends_on depend on nothing (otherwise on the previous step).'),
    max_parallel: z.number().int().min(1).max(64).default(4).describe('Most steps running at once.'),
    timeout_minutes: z.number().positive().optional().describe('Wall-clock limit of the whole run.'),
  })
  .strict();

export const retrySchema = z
  .object({
    max: z.number().int().min(0).max(20).describe('Retries after the first attempt.'),
    backoff: z.enum(['linear', 'exponential']).default('exponential'),
    delay_seconds: z.number().min(0).max(3600).default(1).describe('Base delay before the first retry.'),
  })
  .strict();

export const stepCacheSchema = z
  .object({
    files: z.array(z.string()).default([]).describe('Extra globs whose content enters the cache key.'),
    env: z.array(z.string()).default([]).describe('Environment variables whose values enter the cache key.'),
  })
  .strict();

export const workflowStepSchema = z
  .object({
    id: stepId,
    name: z.string().min(1).optional(),
    actor: z.string().min(1).describe('The adapter that runs the step (`ouro adapters list`).'),
    with: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('Parameters of the actor; may use ${{ … }}.'),
    depends_on: z.array(stepId).optional().describe('Steps that must end first; [] runs right away.'),
    when: z
      .union([z.string().min(1), z.boolean()])
      .optional()
      .describe('Condition (expression language); false skips the step.'),
    emits: z.array(z.string()).default([]).describe('Artifacts the step writes, as artifacts/… paths.'),
    retry: retrySchema.optional(),
    timeout_minutes: z.number().positive().optional(),
    on_fail: z.enum(['stop', 'continue', 'pause_for_review']).default('stop'),
    cache: stepCacheSchema.optional(),
    description: z.string().optional(),
  })
  .strict();

export const workflowSchema = z
  .object({
    name: z.string().min(1),
    version: z.union([z.string(), z.number()]).optional(),
    description: z.string().optional(),
    inputs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), inputValue).default({}),
    policy: workflowPolicySchema.default({
      prefer_deterministic: true,
      enable_caching: false,
      parallel_execution: false,
      max_parallel: 4,
    }),
    steps: z.array(workflowStepSchema).min(1),
  })
  .strict();

export type Workflow = z.output<typeof workflowSchema>;
export type WorkflowStep = z.output<typeof workflowStepSchema>;
export type WorkflowPolicy = z.output<typeof workflowPolicySchema>;
export type InputValue = z.output<typeof inputValue>;

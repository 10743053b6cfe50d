/**
 * `models`: the default model, short aliases, providers (base URL, the env var holding the key, rate
 * limits), price overrides and the retry policy of model calls.
 */
import { z } from 'zod';

const rateLimitsSchema = z.strictObject({
  requests_per_minute: z.number().positive().optional().describe('Requests per minute (token bucket)'),
  tokens_per_minute: z
    .number()
    .positive()
    .optional()
    .describe('Prompt plus maximum output tokens per minute (token bucket)'),
});

const providerSchema = z.strictObject({
  base_url: z.url().optional().describe('API base URL (any OpenAI-compatible server)'),
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional()
    .describe('Name of the environment variable holding the API key'),
  rate_limits: rateLimitsSchema.optional().describe('Client-side rate limits for this provider'),
});

const priceSchema = z.strictObject({
  input: z.number().nonnegative().describe('USD per million input tokens'),
  output: z.number().nonnegative().describe('USD per million output tokens'),
  cache_read: z.number().nonnegative().optional().describe('USD per million cached input tokens read'),
  cache_write: z
    .number()
    .nonnegative()
    .optional()
    .describe('USD per million input tokens written to the cache'),
});

const retrySchema = z.strictObject({
  max_attempts: z.int().min(1).max(20).default(4).describe('Attempts per model call, the first included'),
  initial_delay_ms: z.int().nonnegative().default(1000).describe('Backoff before the second attempt'),
  max_delay_ms: z.int().nonnegative().default(60000).describe('Longest wait between attempts'),
});

export const modelsSchema = z
  .strictObject({
    default: z
      .string()
      .min(1)
      .default('anthropic:claude-sonnet-4-5')
      .describe('Model used when a step names none: provider:model or an alias'),
    aliases: z
      .record(z.string().min(1), z.string().min(1))
      .default({})
      .describe('Short names for models, e.g. fast: openai:gpt-4o-mini'),
    providers: z.record(z.string().min(1), providerSchema).default({}).describe('Provider settings by name'),
    prices: z
      .record(z.string().min(1), priceSchema)
      .default({})
      .describe('Prices by model reference (provider:model), overriding the built-in table'),
    retry: retrySchema.prefault({}).describe('Retries of model calls on 429, 5xx and network errors'),
  })
  .prefault({});

/** `models`: the default model, short aliases, and providers (base URL + the env var holding the key). */
import { z } from 'zod';

const providerSchema = z.strictObject({
  base_url: z.url().optional().describe('API base URL (any OpenAI-compatible server)'),
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional()
    .describe('Name of the environment variable holding the API key'),
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
  })
  .prefault({});

/** `notifications`: webhooks called on events (approval requested, run failed, budget threshold, …). */
import { z } from 'zod';

const webhookSchema = z.strictObject({
  url: z.url().describe('Endpoint receiving a JSON POST'),
  events: z.array(z.string().min(1)).default(['*']).describe('Event names to send; * for all'),
  secret_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional()
    .describe('Environment variable holding an HMAC signing secret'),
});

export const notificationsSchema = z
  .strictObject({
    webhooks: z.array(webhookSchema).default([]),
  })
  .prefault({});

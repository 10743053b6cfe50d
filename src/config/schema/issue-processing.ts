/** `issue_processing`: which issues the loop may claim and how far it tries before asking a person. */
import { z } from 'zod';

export const issueProcessingSchema = z
  .strictObject({
    auto_claim_labels: z
      .array(z.string().min(1))
      .default(['ouro'])
      .describe('An issue carrying any of these labels may be claimed'),
    ignore_labels: z
      .array(z.string().min(1))
      .default(['wontfix', 'ouro:needs-human'])
      .describe('An issue carrying any of these labels is never claimed'),
    max_complexity: z
      .int()
      .min(1)
      .max(10)
      .default(7)
      .describe('Issues analysed above this complexity (1-10) go to needs_human'),
    max_fix_attempts: z.int().min(0).default(3).describe('Verify/fix rounds before giving up on a task'),
  })
  .prefault({});

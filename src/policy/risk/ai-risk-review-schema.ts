/**
 * The structured answer of the AI risk review: a level and every reason for it. Like the
 * `ai_analyst` schemas, every field is required and absent values are `null`, because providers'
 * strict structured-output modes (OpenAI) accept no optional properties.
 */
import { z } from 'zod';

export const aiRiskReviewAnswerSchema = z
  .object({
    level: z
      .enum(['low', 'medium', 'high', 'critical'])
      .describe('The risk of merging this change without further human review.'),
    summary: z.string().describe('One or two sentences: what the change does and why it is that risky.'),
    reasons: z
      .array(
        z
          .object({
            reason: z.string().describe('One concrete risk the change carries, or why it carries none.'),
            file: z.string().nullable().describe('The file the reason is about, or null.'),
          })
          .strict(),
      )
      .min(1)
      .describe('Every reason behind the level.'),
  })
  .strict()
  .describe('AI risk review');

export type AiRiskReviewAnswer = z.infer<typeof aiRiskReviewAnswerSchema>;

/** The JSON Schema sent to the model as its structured-output contract. */
export const aiRiskReviewJsonSchema: Record<string, unknown> = z.toJSONSchema(aiRiskReviewAnswerSchema, {
  target: 'draft-2020-12',
});

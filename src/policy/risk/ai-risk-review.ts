/**
 * The optional AI risk review (safety.ai_review): one model call that rates the change and lists
 * its reasons, answering in the JSON of ai-risk-review-schema.ts. The answer is read with the same
 * machinery as `ai_analyst` (readStructuredAnswer: fence-tolerant JSON, validated by the Zod schema)
 * because model output is untrusted. There is no repair turn: a review is advisory, so one invalid
 * answer just means no review. Nothing here throws — a failed review is a result with the error
 * code, and combineRisk (ai-risk-review-combine.ts) keeps the guard risk for it.
 */
import { readStructuredAnswer } from '../../adapters/ai/structured-answer.js';
import { OuroError, toOuroError } from '../../errors/index.js';
import type { ModelCallScope, ModelGateway } from '../../models/types.js';
import type { Finding } from '../guards/finding.js';
import { aiRiskReviewSystemPrompt, reviewMaterial } from './ai-risk-review-prompt.js';
import { aiRiskReviewAnswerSchema, aiRiskReviewJsonSchema } from './ai-risk-review-schema.js';
import type { RiskAssessment, RiskLevel } from './assess-risk.js';

export interface AiRiskReviewRequest {
  /**
   * The gateway, or a function that opens it (opening can fail — the ledger lives in the store — and
   * that failure is the review's too). Undefined: the review fails with OURO_MODEL_NOT_CONFIGURED.
   */
  gateway: ModelGateway | (() => Promise<ModelGateway>) | undefined;
  diffText: string;
  findings: readonly Finding[];
  /** The guard risk, shown to the reviewer. */
  assessment: RiskAssessment;
  /** safety.ai_review.model; undefined → the models default. */
  model: string | undefined;
  /** safety.ai_review.max_diff_lines: a longer diff is cut, and the review says so. */
  maxDiffLines: number;
  /** Ledger attribution and budgets of the call (run, step, task). */
  scope: ModelCallScope;
}

export interface AiRiskReview {
  status: 'completed' | 'failed';
  /** The reviewer's level; null when the review failed. */
  level: RiskLevel | null;
  summary: string | null;
  /** Every reason the reviewer gave, `file: reason` when it named a file. */
  reasons: string[];
  /** The model that answered (provider:model), else the one asked for, else `default model`. */
  model: string;
  costUsd: number;
  /** Whether the diff was cut at maxDiffLines before it was sent. */
  truncated: boolean;
  diffLines: number;
  sentLines: number;
  /** Why the review failed (status `failed`). */
  error: { code: string; message: string } | null;
}

/** Room for a dozen reasons; the answer is small JSON. */
const maxOutputTokens = 2000;

export async function reviewRisk(request: AiRiskReviewRequest): Promise<AiRiskReview> {
  const material = reviewMaterial(request);
  const review: AiRiskReview = {
    status: 'failed',
    level: null,
    summary: null,
    reasons: [],
    model: request.model ?? 'default model',
    costUsd: 0,
    truncated: material.sentLines < material.diffLines,
    diffLines: material.diffLines,
    sentLines: material.sentLines,
    error: null,
  };
  try {
    if (request.gateway === undefined) throw new OuroError('OURO_MODEL_NOT_CONFIGURED');
    const gateway = typeof request.gateway === 'function' ? await request.gateway() : request.gateway;
    const result = await gateway.call(
      {
        model: request.model,
        system: aiRiskReviewSystemPrompt,
        messages: [{ role: 'user', content: material.content }],
        maxOutputTokens,
        temperature: 0,
        outputSchema: aiRiskReviewJsonSchema,
        purpose: 'policy.ai_risk_review',
      },
      request.scope,
    );
    review.model = result.reference.text;
    review.costUsd = result.costUsd;
    const answer = readStructuredAnswer(result.text, aiRiskReviewAnswerSchema);
    if (!answer.ok) {
      throw new OuroError(
        'OURO_POLICY_AI_REVIEW_INVALID',
        { reason: answer.problems.slice(0, 5).join('; ') },
        { details: { problems: answer.problems } },
      );
    }
    review.status = 'completed';
    review.level = answer.value.level;
    review.summary = answer.value.summary;
    review.reasons = answer.value.reasons.map((entry) =>
      entry.file === null ? entry.reason : `${entry.file}: ${entry.reason}`,
    );
  } catch (error) {
    const failure = toOuroError(error);
    review.error = { code: failure.code, message: failure.message };
  }
  return review;
}

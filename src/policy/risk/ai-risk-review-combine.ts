/**
 * The guard risk and the AI review together: the review can raise the level, never lower it, and
 * every reason it gave is listed (prefixed `AI review (<model>):`) whether it raised the level or
 * not. A failed review adds one reason naming the error code and changes nothing else — an
 * unreachable or confused model must not block a change, nor let it through more easily.
 */
import { severityRank } from '../guards/finding.js';
import type { AiRiskReview } from './ai-risk-review.js';
import type { RiskAssessment } from './assess-risk.js';

export function combineRisk(assessment: RiskAssessment, review: AiRiskReview): RiskAssessment {
  const reasons = [...assessment.reasons];
  if (review.status === 'failed' || review.level === null) {
    reasons.push(`AI review failed: ${review.error?.code ?? 'OURO_INTERNAL'}`);
    return { level: assessment.level, reasons };
  }
  const prefix = `AI review (${review.model}):`;
  const raised = severityRank(review.level) > severityRank(assessment.level);
  const rated = review.level.toUpperCase();
  reasons.push(
    raised
      ? `${prefix} rated ${rated}, raised from ${assessment.level.toUpperCase()}`
      : `${prefix} rated ${rated}; the guard risk ${assessment.level.toUpperCase()} stands (a review never lowers it)`,
  );
  if (review.truncated) {
    reasons.push(`${prefix} saw the first ${review.sentLines} of ${review.diffLines} diff lines`);
  }
  reasons.push(...review.reasons.map((reason) => `${prefix} ${reason}`));
  return { level: raised ? review.level : assessment.level, reasons };
}

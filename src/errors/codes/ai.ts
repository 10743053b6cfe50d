import { defineErrors } from '../error-definition.js';

/** Failures of the AI adapters (ai_analyst, ai_editor, multi_agent); model and budget failures live in model.ts. */
export const aiErrors = defineErrors({
  OURO_AI_OUTPUT_INVALID: {
    message: 'The model answer for {purpose} did not match its schema after a repair attempt: {reason}',
    remedy:
      'Use a stronger model (`model:`), simplify the instructions, or raise `max_output_tokens` when the answer was cut off; the invalid answers are in the step error details.',
    retryable: true,
    exitCode: 1,
    httpStatus: 502,
  },
  OURO_AI_TURN_LIMIT: {
    message: '{adapter} used all {turns} turns without finishing',
    remedy:
      'Raise `max_turns`, narrow the task (`instructions`, `files`), or read {transcript} to see where the agent got stuck; its partial changes are in {patch}.',
    retryable: false,
    exitCode: 1,
    httpStatus: 422,
  },
  OURO_AI_TIMEOUT: {
    message: '{adapter} did not finish within {seconds} s',
    remedy:
      'Raise `timeout_seconds` or narrow the task; read {transcript} for what the agent did, its partial changes are in {patch}.',
    retryable: true,
    exitCode: 1,
    httpStatus: 504,
  },
  OURO_AI_BUDGET_INSUFFICIENT: {
    message:
      '{adapter} needs an estimated ${estimateUsd} for {calls} model calls, more than the step allows (${limitUsd})',
    remedy: 'Raise `max_cost_usd`, use fewer or cheaper models, or lower `max_output_tokens`.',
    retryable: false,
    exitCode: 1,
    httpStatus: 402,
  },
});

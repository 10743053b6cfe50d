/** Errors of the policy layer: guards, risk assessment and `ouro policy check`. */
import { defineErrors } from '../error-definition.js';

export const policyErrors = defineErrors({
  OURO_POLICY_OPTIONS_INVALID: {
    message: 'Invalid policy check options: {reason}',
    remedy:
      'Give either --diff <file>, or --base <ref> with --head <ref>, or neither (working tree against HEAD).',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_POLICY_DIFF_UNREADABLE: {
    message: 'Cannot read the diff file {path}: {reason}',
    remedy: 'Check the path given to --diff (relative to the project directory) and that it is readable.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_POLICY_GIT_DIFF_FAILED: {
    message: 'git diff {range} failed: {reason}',
    remedy:
      'Run the command inside a git repository (or point -C at one) and check that the refs exist (git rev-parse <ref>).',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_POLICY_DENIED: {
    message: 'The policy denied {action} on {subject} ({mode} mode): {reason}',
    remedy:
      'Read the reasons with `ouro audit list`; change the mode (orchestrator.mode), the safety settings, or do it yourself if it is right.',
    retryable: false,
    exitCode: 1,
    httpStatus: 403,
  },
  OURO_POLICY_APPROVAL_REQUIRED: {
    message: '{action} on {subject} needs approval {approvalId} ({risk} risk): {reason}',
    remedy:
      'Review it with `ouro approvals view {approvalId}`, then `ouro approvals approve {approvalId}` (or deny) and continue with `ouro runs resume <run>`.',
    retryable: false,
    exitCode: 3,
    httpStatus: 409,
  },
  OURO_POLICY_AI_REVIEW_INVALID: {
    message: 'The AI risk review answer does not match its schema: {reason}',
    remedy:
      'The guard risk stands without the review. Use a stronger model for safety.ai_review.model, or turn the review off (safety.ai_review.enabled: false, or --no-ai-review).',
    retryable: true,
    exitCode: 1,
    httpStatus: 502,
  },
});

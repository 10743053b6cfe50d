import { defineErrors } from '../error-definition.js';

/** Failures of the coding-agent CLI adapters (claude_code, codex, gemini, aider, opencode). */
export const agentErrors = defineErrors({
  OURO_AGENT_FAILED: {
    message: '{agent} failed: {reason}',
    remedy:
      "Read the transcript {transcript} and the agent's stderr in the step error details; a wrong or missing API key is the usual cause.",
    retryable: false,
    exitCode: 1,
    httpStatus: 502,
  },
  OURO_AGENT_TIMEOUT: {
    message: '{agent} did not finish within {minutes} min and was killed with its process tree',
    remedy:
      'Raise `timeout_minutes`, or narrow the task; the transcript {transcript} shows what it did and {patch} its partial changes.',
    retryable: true,
    exitCode: 1,
    httpStatus: 504,
  },
  OURO_AGENT_BUDGET_EXCEEDED: {
    message: '{agent} spent ${costUsd}, more than the step budget of ${budgetUsd}, and was stopped',
    remedy:
      'Raise `max_cost_usd` if the task needs it, or narrow the task; {patch} holds the changes made before it stopped.',
    retryable: false,
    exitCode: 1,
    httpStatus: 402,
  },
  OURO_AGENT_PERMISSIONS_REFUSED: {
    message: '{agent}: `dangerously_skip_permissions: true` is not allowed by the configuration',
    remedy:
      'Remove `dangerously_skip_permissions` from the step (the default `permission_mode: edit` lets the agent edit files), or allow it explicitly in the configuration for sandboxed machines only.',
    retryable: false,
    exitCode: 2,
    httpStatus: 403,
  },
});

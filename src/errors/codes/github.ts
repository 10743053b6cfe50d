/**
 * Errors of the GitHub forge and of the GitHub webhook handler. The forge-wide codes (not found, head
 * moved, …) live in `forge.ts`; these are the ones only GitHub can raise.
 */
import { defineErrors } from '../error-definition.js';

export const githubErrors = defineErrors({
  OURO_GITHUB_TOKEN_MISSING: {
    message: 'The GitHub forge needs a token in the environment variable {variable}, which is not set',
    remedy:
      'Export a token (a fine-grained personal access token or a GitHub App installation token, see docs/github.md) as {variable}, or name another variable in forge.github.token_env.',
    retryable: false,
    exitCode: 2,
    httpStatus: 500,
  },
  OURO_GITHUB_REQUEST_FAILED: {
    message: 'GitHub answered {status} to {method} {route}: {reason}',
    remedy:
      'Check that the token in forge.github.token_env can {need} on {owner}/{repo} (docs/github.md lists the permissions) and that the repository exists; a 5xx is GitHub itself: try again later.',
    retryable: true,
    exitCode: 1,
    httpStatus: 502,
  },
  OURO_GITHUB_WEBHOOK_SECRET_MISSING: {
    message: 'A GitHub webhook arrived but no webhook secret is configured to verify it',
    remedy:
      'Set the same secret in the GitHub webhook settings and in the environment of Ouro; unsigned webhooks are never accepted.',
    retryable: false,
    exitCode: 2,
    httpStatus: 500,
  },
  OURO_GITHUB_WEBHOOK_SIGNATURE_INVALID: {
    message: 'GitHub webhook rejected: {reason}',
    remedy:
      'The X-Hub-Signature-256 header must be the HMAC-SHA256 of the raw body with the webhook secret. Check that the secret in the GitHub webhook settings equals the one Ouro uses, and that nothing re-encodes the body before Ouro reads it.',
    retryable: false,
    exitCode: 1,
    httpStatus: 401,
  },
  OURO_GITHUB_WEBHOOK_EVENT_UNSUPPORTED: {
    message: 'GitHub webhook event {event} is not one Ouro handles',
    remedy:
      'Subscribe the webhook only to the events docs/github.md lists (issues, issue comments, pull request reviews, check runs, check suites, workflow runs); this delivery was ignored.',
    retryable: false,
    exitCode: 1,
    httpStatus: 400,
  },
  OURO_GITHUB_WEBHOOK_PAYLOAD_INVALID: {
    message: 'GitHub webhook {event} has an invalid payload: {reason}',
    remedy:
      'Set the webhook content type to application/json in the GitHub webhook settings; if it already is, this delivery was not made by GitHub.',
    retryable: false,
    exitCode: 1,
    httpStatus: 400,
  },
});

/** Error codes of the models layer: references, keys, prices, provider failures and cassettes. */
import { defineErrors } from '../error-definition.js';

export const modelErrors = defineErrors({
  OURO_MODEL_REFERENCE_INVALID: {
    message: 'Invalid model reference "{reference}": {reason}',
    remedy:
      'Write `provider:model` (anthropic, openai, google, ollama, or compatible:<name>/<model>), or an alias from `models.aliases`.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_MODEL_NOT_CONFIGURED: {
    message: 'No model is configured',
    remedy: 'Set OURO_MODEL (e.g. `anthropic:claude-sonnet-4-5`) or `models.default` in .ouro/config.yaml.',
    retryable: false,
    exitCode: 2,
    httpStatus: 503,
  },
  OURO_MODEL_KEY_MISSING: {
    message: 'No API key for {provider}: the environment variable {variable} is not set',
    remedy:
      'Set {variable} in the environment (or in .env), or point `models.providers.{provider}.api_key_env` at the variable that holds the key.',
    retryable: false,
    exitCode: 2,
    httpStatus: 503,
  },
  OURO_MODEL_PRICE_UNKNOWN: {
    message: 'No price is known for {reference}, and a budget applies to this call',
    remedy:
      'Add `models.prices."{reference}"` (USD per million input and output tokens) to .ouro/config.yaml.',
    retryable: false,
    exitCode: 2,
    httpStatus: 422,
  },
  OURO_MODEL_RATE_LIMITED: {
    message: '{provider} rate-limited the call to {model} (HTTP 429) after {attempts} attempt(s)',
    remedy:
      'Wait and retry, lower `models.providers.{provider}.rate_limits`, or raise `models.retry.max_attempts`.',
    retryable: true,
    exitCode: 1,
    httpStatus: 429,
  },
  OURO_MODEL_PROVIDER_ERROR: {
    message: '{provider} failed on the call to {model} (HTTP {status}) after {attempts} attempt(s): {reason}',
    remedy: "The provider had a server-side problem; retry later or check the provider's status page.",
    retryable: true,
    exitCode: 1,
    httpStatus: 502,
  },
  OURO_MODEL_REQUEST_REJECTED: {
    message: '{provider} rejected the call to {model} (HTTP {status}): {reason}',
    remedy:
      'Check the model name and the request (context length, parameters); retrying the same request will not help.',
    retryable: false,
    exitCode: 1,
    httpStatus: 502,
  },
  OURO_MODEL_KEY_REJECTED: {
    message: '{provider} refused the API key (HTTP {status}): {reason}',
    remedy: 'Check that {variable} holds a valid key with access to {model}.',
    retryable: false,
    exitCode: 2,
    httpStatus: 502,
  },
  OURO_MODEL_NETWORK: {
    message: 'Could not reach {provider} for {model} after {attempts} attempt(s): {reason}',
    remedy: 'Check the network and the base URL ({baseUrl}); a local server (Ollama, vLLM) must be running.',
    retryable: true,
    exitCode: 1,
    httpStatus: 503,
  },
  OURO_MODEL_CASSETTE_MISS: {
    message: 'The cassette {file} holds no response for {method} {path}. Nearest recorded request:\n{diff}',
    remedy:
      'Re-record the cassette (OURO_MODEL_CASSETTE_MODE=record) or make the run send the recorded request.',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_MODEL_CASSETTE_INVALID: {
    message: 'Cannot use the cassette {file}: {reason}',
    remedy:
      'Set OURO_MODEL_CASSETTE to a cassette file written in record mode, and OURO_MODEL_CASSETTE_MODE to `record` or `replay`.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});

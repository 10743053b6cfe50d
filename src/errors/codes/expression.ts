import { defineErrors } from '../error-definition.js';

/**
 * Expression language errors (`when:` conditions and `${{ … }}` templates, docs/expressions.md).
 * SYNTAX and EVALUATION are thrown; the others are the codes of problems that `checkExpression`
 * reports for `ouro verify`, registered here so they appear in docs/errors.md.
 */
export const expressionErrors = defineErrors({
  OURO_EXPRESSION_SYNTAX: {
    message: 'Expression syntax error at column {column}: {reason}',
    remedy: 'See docs/expressions.md for the expression language.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_EXPRESSION_EVALUATION: {
    message: 'Cannot evaluate the expression: {reason}',
    remedy: 'Check the values the expression reads (inputs, step outputs, files); see docs/expressions.md.',
    retryable: false,
    exitCode: 1,
    httpStatus: 422,
  },
  OURO_EXPRESSION_UNKNOWN_INPUT: {
    message: 'Unknown input "{name}"',
    remedy: 'Declare the input under `inputs:` in the workflow, or fix the name.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_EXPRESSION_UNKNOWN_STEP: {
    message: 'Unknown step id "{stepId}"',
    remedy: 'Use the `id` of a step of this workflow, quoted: steps["1.001"].',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_EXPRESSION_UNKNOWN_FUNCTION: {
    message: 'Unknown function "{name}"',
    remedy: 'Use one of has_errors, exists, changed, success, failure, always.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_EXPRESSION_ARGUMENTS: {
    message: 'Wrong arguments for {name}(): {reason}',
    remedy: 'See the function table in docs/expressions.md.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_EXPRESSION_ENV_NOT_ALLOWED: {
    message: 'Environment variable {name} is not in the allowlist',
    remedy: 'Add the name to the environment allowlist in the config, or do not read it.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_EXPRESSION_UNKNOWN_STATUS: {
    message: 'Step status compared with {value}, which is not a status',
    remedy: 'Statuses are pending, running, succeeded, failed, skipped, cached, cancelled.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_EXPRESSION_TYPE: {
    message: 'Type error: {reason}',
    remedy: 'Comparisons are strict: compare numbers with numbers and strings with strings.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});

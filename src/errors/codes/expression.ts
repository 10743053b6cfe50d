import { defineErrors } from '../error-definition.js';

export const expressionErrors = defineErrors({
  OURO_EXPRESSION_SYNTAX: {
    message: 'Expression syntax error at column {column}: {reason}',
    remedy: 'See docs/workflows.md#expressions for the expression language.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});

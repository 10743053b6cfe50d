/**
 * The expression language of `when:` conditions and `${{ … }}` templates (docs/expressions.md).
 */
export type {
  ArrayNode,
  CallNode,
  CompareNode,
  ComparisonOperator,
  EnvNode,
  ExpressionNode,
  InputNode,
  KeywordArgument,
  LiteralNode,
  LogicalNode,
  NodeSpan,
  NotNode,
  StepOutputNode,
  StepStatusNode,
} from './ast.js';
export { checkExpression } from './check-expression.js';
export { evaluateCondition, evaluateExpression } from './evaluate-expression.js';
export { expressionFunctions, type FunctionSpecification } from './functions.js';
export { maximumExpressionLength, parseExpression } from './parse-expression.js';
export { collectTemplates, renderTemplatesDeep, type TemplatePath } from './template-deep.js';
export { parseTemplate, renderTemplate, type ParsedTemplate, type TemplatePart } from './template.js';
export {
  diagnosticKinds,
  stepStatuses,
  type EvaluationContext,
  type ExpressionHost,
  type ExpressionProblem,
  type ExpressionScope,
  type ParsedExpression,
  type StepState,
  type StepStatus,
} from './types.js';

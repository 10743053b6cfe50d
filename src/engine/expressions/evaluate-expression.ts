/**
 * Evaluates a parsed expression against a run's state. A tree walk over the whitelisted AST: no
 * eval, no Function, no property access beyond own properties of inputs and step outputs. Any
 * failure — a host function throwing included — surfaces as OURO_EXPRESSION_EVALUATION.
 */
import { OuroError } from '../../errors/index.js';
import type { CallNode, ExpressionNode } from './ast.js';
import { expressionEvaluationError } from './errors.js';
import { expressionFunctions } from './functions.js';
import type { EvaluationContext, ParsedExpression } from './types.js';
import { compareOrder, isTruthy, readOwn, strictEquals } from './values.js';

export function evaluateExpression(parsed: ParsedExpression, context: EvaluationContext): unknown {
  try {
    return evaluateNode(parsed.ast, context);
  } catch (error) {
    if (error instanceof OuroError && error.code === 'OURO_EXPRESSION_EVALUATION') {
      if (error.details && typeof error.details === 'object') {
        (error.details as Record<string, unknown>).source = parsed.source;
      }
      throw error;
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw expressionEvaluationError(`${reason} (in "${parsed.source}")`, error, parsed.source);
  }
}

/** Evaluates and applies truthiness, for `when:` conditions. */
export function evaluateCondition(parsed: ParsedExpression, context: EvaluationContext): boolean {
  return isTruthy(evaluateExpression(parsed, context));
}

function readPath(value: unknown, path: string[]): unknown {
  let current = value;
  for (const name of path) current = readOwn(current, name);
  return current;
}

function evaluateNode(node: ExpressionNode, context: EvaluationContext): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'array':
      return node.elements.map((element) => evaluateNode(element, context));
    case 'input':
      return readPath(readOwn(context.inputs, node.name), node.path);
    case 'step-status': {
      const state = readOwn(context.steps, node.stepId);
      return readOwn(state, 'status');
    }
    case 'step-output': {
      const state = readOwn(context.steps, node.stepId);
      const outputs = readOwn(state, 'outputs');
      return node.path.length === 0 ? outputs : readPath(outputs, node.path);
    }
    case 'env':
      return readOwn(context.env, node.name);
    case 'not':
      return !isTruthy(evaluateNode(node.operand, context));
    case 'logical': {
      const left = isTruthy(evaluateNode(node.left, context));
      if (node.operator === '&&') return left && isTruthy(evaluateNode(node.right, context));
      return left || isTruthy(evaluateNode(node.right, context));
    }
    case 'compare': {
      const left = evaluateNode(node.left, context);
      const right = evaluateNode(node.right, context);
      if (node.operator === '==') return strictEquals(left, right);
      if (node.operator === '!=') return !strictEquals(left, right);
      return compareOrder(node.operator, left, right);
    }
    case 'call':
      return evaluateCall(node, context);
  }
}

function evaluateCall(node: CallNode, context: EvaluationContext): boolean {
  const specification = expressionFunctions.get(node.name);
  if (!specification) throw expressionEvaluationError(`unknown function ${node.name}()`);
  if (node.arguments.length !== specification.parameters.length) {
    throw expressionEvaluationError(
      `${node.name}() takes ${specification.parameters.length} argument(s), got ${node.arguments.length}`,
    );
  }
  const positional = node.arguments.map((argument) => evaluateNode(argument, context));
  const keywords = new Map<string, unknown>();
  for (const keyword of node.keywords) {
    if (!specification.keywords.includes(keyword.name)) {
      throw expressionEvaluationError(`${node.name}() has no keyword argument ${keyword.name}=`);
    }
    keywords.set(keyword.name, evaluateNode(keyword.value, context));
  }
  let result: unknown;
  try {
    result = specification.invoke(positional, keywords, context);
  } catch (error) {
    if (error instanceof OuroError && error.code === 'OURO_EXPRESSION_EVALUATION') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw expressionEvaluationError(`${node.name}() failed: ${reason}`, error);
  }
  return isTruthy(result);
}

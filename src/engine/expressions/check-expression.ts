/**
 * Static checks for `ouro verify`: names that do not exist in the workflow (inputs, steps, env
 * allowlist, functions), wrong arity, and types where a literal makes them knowable. It reports
 * problems instead of throwing, so verify can show every one; values only known at run time
 * (inputs, outputs) are not guessed at.
 */
import { distance } from 'fastest-levenshtein';
import type { CallNode, CompareNode, ExpressionNode, NodeSpan } from './ast.js';
import { expressionFunctions } from './functions.js';
import {
  diagnosticKinds,
  stepStatuses,
  type ExpressionProblem,
  type ExpressionScope,
  type ParsedExpression,
} from './types.js';

type StaticType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'unknown';

const statusNames = new Set<string>(stepStatuses);
const kindNames = new Set<string>(diagnosticKinds);

function suggestion(name: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const candidateDistance = distance(name.toLowerCase(), candidate.toLowerCase());
    if (candidateDistance < bestDistance) {
      best = candidate;
      bestDistance = candidateDistance;
    }
  }
  const limit = Math.max(2, Math.ceil(name.length / 2));
  return best !== undefined && bestDistance <= limit ? ` (did you mean "${best}"?)` : '';
}

function staticType(node: ExpressionNode): StaticType {
  switch (node.kind) {
    case 'literal':
      return node.value === null ? 'null' : (typeof node.value as 'string' | 'number' | 'boolean');
    case 'array':
      return 'array';
    case 'step-status':
      return 'string';
    case 'not':
    case 'logical':
    case 'compare':
    case 'call':
      return 'boolean';
    default:
      return 'unknown';
  }
}

function typeLabel(type: StaticType): string {
  if (type === 'unknown') return 'a value';
  return type === 'array' ? 'an array' : type === 'null' ? 'null' : `a ${type}`;
}

export function checkExpression(parsed: ParsedExpression, scope: ExpressionScope): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  const report = (code: string, message: string, span: NodeSpan): void => {
    problems.push({ code, message, offset: span.start, length: Math.max(1, span.end - span.start) });
  };
  const inputs = new Set(scope.inputs);
  const steps = new Set(scope.steps);
  const env = new Set(scope.env);

  const checkStep = (node: { stepId: string; idStart: number; idEnd: number }): void => {
    if (!steps.has(node.stepId)) {
      report(
        'OURO_EXPRESSION_UNKNOWN_STEP',
        `unknown step id "${node.stepId}"${suggestion(node.stepId, steps)}`,
        { start: node.idStart, end: node.idEnd },
      );
    }
  };

  const checkCompare = (node: CompareNode): void => {
    const equality = node.operator === '==' || node.operator === '!=';
    for (const [status, other] of [
      [node.left, node.right],
      [node.right, node.left],
    ] as const) {
      if (status.kind !== 'step-status') continue;
      if (!equality) {
        report('OURO_EXPRESSION_TYPE', `a step status can only be compared with == or !=`, node);
        return;
      }
      if (other.kind === 'literal' && (typeof other.value !== 'string' || !statusNames.has(other.value))) {
        report(
          'OURO_EXPRESSION_UNKNOWN_STATUS',
          `step status compared with ${JSON.stringify(other.value)}, which is not a status` +
            `${typeof other.value === 'string' ? suggestion(other.value, statusNames) : ''}; statuses are ${stepStatuses.join(', ')}`,
          other,
        );
      }
      return;
    }
    const left = staticType(node.left);
    const right = staticType(node.right);
    if (equality) {
      if (left !== 'unknown' && right !== 'unknown' && left !== right) {
        report(
          'OURO_EXPRESSION_TYPE',
          `${typeLabel(left)} is never equal to ${typeLabel(right)}, so ${node.operator} is always ${node.operator === '!='}`,
          node,
        );
      }
      return;
    }
    const orderable = (type: StaticType): boolean =>
      type === 'unknown' || type === 'number' || type === 'string';
    if (
      !orderable(left) ||
      !orderable(right) ||
      (left !== 'unknown' && right !== 'unknown' && left !== right)
    ) {
      report(
        'OURO_EXPRESSION_TYPE',
        `${node.operator} needs two numbers or two strings, not ${typeLabel(left)} and ${typeLabel(right)}`,
        node,
      );
    }
  };

  const checkCall = (node: CallNode): void => {
    const specification = expressionFunctions.get(node.name);
    const nameSpan = { start: node.nameStart, end: node.nameEnd };
    if (!specification) {
      report(
        'OURO_EXPRESSION_UNKNOWN_FUNCTION',
        `unknown function "${node.name}"${suggestion(node.name, expressionFunctions.keys())}`,
        nameSpan,
      );
      return;
    }
    const expected = specification.parameters.length;
    if (node.arguments.length !== expected) {
      const signature = `${node.name}(${specification.parameters.join(', ')})`;
      report(
        'OURO_EXPRESSION_ARGUMENTS',
        `${signature} takes ${expected} positional argument${expected === 1 ? '' : 's'}, got ${node.arguments.length}`,
        node,
      );
    }
    node.arguments.forEach((argument, index) => {
      const parameter = specification.parameters[index];
      const type = staticType(argument);
      if (parameter !== undefined && type !== 'unknown' && type !== 'string') {
        report(
          'OURO_EXPRESSION_ARGUMENTS',
          `${node.name}(): ${parameter} must be a string, not ${typeLabel(type)}`,
          argument,
        );
      }
    });
    for (const keyword of node.keywords) {
      if (!specification.keywords.includes(keyword.name)) {
        const accepted =
          specification.keywords.length > 0
            ? `; it accepts ${specification.keywords.map((name) => `${name}=`).join(', ')}`
            : '';
        report(
          'OURO_EXPRESSION_ARGUMENTS',
          `${node.name}() has no keyword argument ${keyword.name}=${accepted}`,
          keyword,
        );
        continue;
      }
      if (keyword.name === 'kinds') checkKinds(keyword.value);
    }
  };

  const checkKinds = (value: ExpressionNode): void => {
    const type = staticType(value);
    if (type !== 'unknown' && type !== 'array') {
      report(
        'OURO_EXPRESSION_ARGUMENTS',
        `has_errors(): kinds must be an array of kinds, not ${typeLabel(type)}`,
        value,
      );
      return;
    }
    if (value.kind !== 'array') return;
    for (const element of value.elements) {
      if (
        element.kind === 'literal' &&
        (typeof element.value !== 'string' || !kindNames.has(element.value))
      ) {
        const hint = typeof element.value === 'string' ? suggestion(element.value, kindNames) : '';
        report(
          'OURO_EXPRESSION_ARGUMENTS',
          `has_errors(): unknown diagnostic kind ${JSON.stringify(element.value)}${hint}; kinds are ${diagnosticKinds.join(', ')}`,
          element,
        );
      } else if (element.kind !== 'literal' && staticType(element) !== 'unknown') {
        report('OURO_EXPRESSION_ARGUMENTS', `has_errors(): each kind must be a string`, element);
      }
    }
  };

  const visit = (node: ExpressionNode): void => {
    switch (node.kind) {
      case 'literal':
        return;
      case 'array':
        node.elements.forEach(visit);
        return;
      case 'input':
        if (!inputs.has(node.name)) {
          report(
            'OURO_EXPRESSION_UNKNOWN_INPUT',
            `unknown input "${node.name}"${suggestion(node.name, inputs)}`,
            node,
          );
        }
        return;
      case 'step-status':
      case 'step-output':
        checkStep(node);
        return;
      case 'env':
        if (!env.has(node.name)) {
          report(
            'OURO_EXPRESSION_ENV_NOT_ALLOWED',
            `environment variable ${node.name} is not in the allowlist${suggestion(node.name, env)}`,
            node,
          );
        }
        return;
      case 'not':
        visit(node.operand);
        return;
      case 'logical':
        visit(node.left);
        visit(node.right);
        return;
      case 'compare':
        visit(node.left);
        visit(node.right);
        checkCompare(node);
        return;
      case 'call':
        node.arguments.forEach(visit);
        node.keywords.forEach((keyword) => visit(keyword.value));
        checkCall(node);
        return;
    }
  };

  visit(parsed.ast);
  return problems;
}

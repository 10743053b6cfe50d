/**
 * Parses an expression source into the language's AST. jsep does the tokenizing and precedence;
 * this module narrows its tree to the whitelist (literals, inputs/steps/env references, ! && ||,
 * comparisons, plain function calls) and rejects everything else with OURO_EXPRESSION_SYNTAX.
 * Whether names exist (inputs, steps, functions) is for `checkExpression`, not for the parser.
 */
import { OuroError } from '../../errors/index.js';
import type { CallNode, ComparisonOperator, ExpressionNode, KeywordArgument, NodeSpan } from './ast.js';
import { expressionSyntaxError } from './errors.js';
import { isJsepError, parseWithJsep, type RawNode } from './jsep-parser.js';
import type { ParsedExpression } from './types.js';

/** Conditions are one-liners; the cap keeps parsing and evaluation cheap on hostile input. */
export const maximumExpressionLength = 10_000;
const maximumDepth = 100;

const comparisonOperators = new Set<string>(['==', '!=', '<', '<=', '>', '>=']);
/** Names that reach an object's prototype machinery; refused anywhere in a path. */
const forbiddenNames = new Set(['__proto__', 'prototype', 'constructor']);

// `artifacts/x.json exists`: a bare path followed by the word `exists` (the runbooks' form).
const runbookExistsPattern = /^(\s*)([^\s'"`()[\]{},;!=<>&|]+)\s+exists\s*$/;

export function parseExpression(source: string): ParsedExpression {
  if (typeof source !== 'string') {
    throw expressionSyntaxError('', 0, 'the expression must be a string');
  }
  if (source.length > maximumExpressionLength) {
    throw expressionSyntaxError(
      source,
      maximumExpressionLength,
      `the expression is longer than ${maximumExpressionLength} characters`,
    );
  }
  const runbookForm = runbookExistsPattern.exec(source);
  if (runbookForm) return { source, ast: runbookExists(source, runbookForm) };

  let raw: RawNode;
  try {
    raw = parseWithJsep(source);
  } catch (error) {
    if (error instanceof OuroError) throw error;
    if (isJsepError(error))
      throw expressionSyntaxError(source, error.index, explain(error.description), 1, error);
    // jsep recurses per nesting level; a hostile input can exhaust the stack.
    if (error instanceof RangeError) {
      throw expressionSyntaxError(source, 0, 'the expression is nested too deeply', source.length, error);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw expressionSyntaxError(source, 0, reason, source.length, error);
  }
  return { source, ast: new Narrower(source).convert(raw, 0) };
}

function explain(description: string): string {
  if (description === 'Unexpected "="') {
    return `${description}: compare with ==; a single = is only for keyword arguments inside a call, as in kinds=[…]`;
  }
  return description;
}

function runbookExists(source: string, match: RegExpExecArray): CallNode {
  const start = match[1]?.length ?? 0;
  const path = match[2] ?? '';
  const end = source.trimEnd().length;
  return {
    kind: 'call',
    name: 'exists',
    nameStart: source.lastIndexOf('exists'),
    nameEnd: end,
    start,
    end,
    arguments: [{ kind: 'literal', value: path, start, end: start + path.length }],
    keywords: [],
  };
}

interface PathSegment {
  computed: boolean;
  property: RawNode;
  start: number;
  end: number;
}

class Narrower {
  constructor(private readonly source: string) {}

  private fail(node: RawNode | NodeSpan, reason: string): never {
    const span = this.span(node);
    throw expressionSyntaxError(this.source, span.start, reason, Math.max(1, span.end - span.start));
  }

  /** jsep leaves binary nodes (and a few others) without offsets: derive them from the children. */
  private span(node: RawNode | NodeSpan): NodeSpan {
    if (typeof node.start === 'number' && typeof node.end === 'number') {
      return { start: node.start, end: node.end };
    }
    const raw = node as RawNode;
    const first = asRaw(raw.left) ?? asRaw(raw.test) ?? asRaw(raw.argument);
    const last = asRaw(raw.right) ?? asRaw(raw.alternate) ?? asRaw(raw.argument);
    const start = first ? this.span(first).start : 0;
    const end = last ? this.span(last).end : this.source.length;
    raw.start = start;
    raw.end = end;
    return { start, end };
  }

  convert(raw: RawNode, depth: number): ExpressionNode {
    if (depth > maximumDepth) this.fail(raw, `the expression is nested deeper than ${maximumDepth} levels`);
    const { start, end } = this.span(raw);
    switch (raw.type) {
      case 'Literal':
        return this.literal(raw, start, end);
      case 'ArrayExpression': {
        const elements = raw.elements as Array<RawNode | null>;
        return {
          kind: 'array',
          start,
          end,
          elements: elements.map((element) => {
            if (element === null) this.fail(raw, 'empty array element');
            return this.convert(element, depth + 1);
          }),
        };
      }
      case 'UnaryExpression':
        return this.unary(raw, start, end, depth);
      case 'BinaryExpression':
        return this.binary(raw, start, end, depth);
      case 'Identifier':
        return this.identifier(raw);
      case 'MemberExpression':
        return this.member(raw, start, end);
      case 'CallExpression':
        return this.call(raw, start, end, depth);
      case 'Compound': {
        const body = raw.body as RawNode[];
        if (body.length === 0) this.fail({ start: 0, end: this.source.length }, 'empty expression');
        const second = body[1] ?? raw;
        this.fail(second, 'unexpected expression here; combine conditions with && or ||');
        break;
      }
      case 'ThisExpression':
        this.fail(raw, '`this` is not allowed');
        break;
      case 'ConditionalExpression':
        this.fail(raw, 'the ?: operator is not supported; use && and ||');
        break;
      case 'SequenceExpression':
        this.fail(raw, 'comma-separated expressions are not allowed here');
        break;
      default:
        this.fail(raw, `${raw.type} is not allowed`);
    }
    return this.fail(raw, 'unsupported expression');
  }

  private literal(raw: RawNode, start: number, end: number): ExpressionNode {
    const value = raw.value;
    if (typeof value === 'number' && !Number.isFinite(value)) this.fail(raw, 'number out of range');
    if (
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      value === null
    ) {
      return { kind: 'literal', value, start, end };
    }
    return this.fail(raw, 'unsupported literal');
  }

  private unary(raw: RawNode, start: number, end: number, depth: number): ExpressionNode {
    const operator = raw.operator as string;
    const argument = raw.argument as RawNode;
    if (operator === '!') return { kind: 'not', operand: this.convert(argument, depth + 1), start, end };
    if (operator === '-' && argument.type === 'Literal' && typeof argument.value === 'number') {
      return { kind: 'literal', value: -argument.value, start, end };
    }
    return this.fail(raw, `the operator "${operator}" is not supported`);
  }

  private binary(raw: RawNode, start: number, end: number, depth: number): ExpressionNode {
    const operator = raw.operator as string;
    const left = raw.left as RawNode;
    const right = raw.right as RawNode;
    if (operator === '&&' || operator === '||') {
      return {
        kind: 'logical',
        operator,
        start,
        end,
        left: this.convert(left, depth + 1),
        right: this.convert(right, depth + 1),
      };
    }
    if (comparisonOperators.has(operator)) {
      return {
        kind: 'compare',
        operator: operator as ComparisonOperator,
        start,
        end,
        left: this.convert(left, depth + 1),
        right: this.convert(right, depth + 1),
      };
    }
    // Point at the operator itself, which sits between the two operands.
    const found = this.source.indexOf(operator, this.span(left).end);
    const operatorSpan = found === -1 ? raw : { start: found, end: found + operator.length };
    if (operator === '===' || operator === '!==') {
      this.fail(
        operatorSpan,
        `use ${operator.slice(0, 2)} instead of ${operator}: comparisons are always strict`,
      );
    }
    return this.fail(operatorSpan, `the operator "${operator}" is not supported`);
  }

  private identifier(raw: RawNode): never {
    const name = raw.name as string;
    if (name === 'inputs') this.fail(raw, 'write inputs.<name>');
    if (name === 'steps') this.fail(raw, 'write steps["<id>"].status or steps["<id>"].outputs.<name>');
    if (name === 'env') this.fail(raw, 'write env.<NAME>');
    return this.fail(
      raw,
      `unknown name "${name}": read inputs.*, steps["<id>"].*, env.*, or quote it to make a string`,
    );
  }

  /** Flattens `a.b["c"].d` into its root and the accesses applied to it, left to right. */
  private flatten(raw: RawNode): { root: RawNode; segments: PathSegment[] } {
    const segments: PathSegment[] = [];
    let node = raw;
    while (node.type === 'MemberExpression') {
      const object = node.object as RawNode;
      const property = node.property as RawNode;
      const propertySpan = this.span(property);
      segments.unshift({
        computed: node.computed === true,
        property,
        start: propertySpan.start,
        end: this.span(node).end,
      });
      node = object;
    }
    return { root: node, segments };
  }

  private propertyName(segment: PathSegment): string {
    if (segment.computed) {
      this.fail(segment.property, 'computed access [...] is only allowed as steps["<id>"]');
    }
    const name = segment.property.name as string;
    if (forbiddenNames.has(name)) this.fail(segment.property, `"${name}" cannot be accessed`);
    return name;
  }

  private member(raw: RawNode, start: number, end: number): ExpressionNode {
    const { root, segments } = this.flatten(raw);
    if (root.type !== 'Identifier') {
      this.fail(root, 'property access is only allowed on inputs, steps["<id>"] and env');
    }
    const rootName = root.name as string;
    const [first, ...rest] = segments;
    if (first === undefined) return this.identifier(root);
    if (rootName === 'inputs') {
      const name = this.propertyName(first);
      return { kind: 'input', name, path: rest.map((segment) => this.propertyName(segment)), start, end };
    }
    if (rootName === 'env') {
      const name = this.propertyName(first);
      const extra = rest[0];
      if (extra) this.fail(extra.property, 'environment values are strings and have no fields');
      return { kind: 'env', name, start, end };
    }
    if (rootName === 'steps') return this.stepReference(first, rest, start, end);
    return this.identifier(root);
  }

  private stepReference(first: PathSegment, rest: PathSegment[], start: number, end: number): ExpressionNode {
    const key = first.property;
    if (!first.computed || key.type !== 'Literal' || typeof key.value !== 'string') {
      this.fail(first.computed ? key : first, 'write the step id as a quoted string: steps["1.001"]');
    }
    const stepId = key.value;
    const idSpan = this.span(key);
    const [field, ...path] = rest;
    if (field === undefined) this.fail({ start, end }, 'write steps["<id>"].status or steps["<id>"].outputs');
    const fieldName = this.propertyName(field);
    const identity = { stepId, idStart: idSpan.start, idEnd: idSpan.end, start, end };
    if (fieldName === 'status') {
      const extra = path[0];
      if (extra) this.fail(extra.property, 'a step status is a string and has no fields');
      return { kind: 'step-status', ...identity };
    }
    if (fieldName === 'outputs') {
      return { kind: 'step-output', ...identity, path: path.map((segment) => this.propertyName(segment)) };
    }
    return this.fail(field.property, `steps["<id>"] has .status and .outputs, not .${fieldName}`);
  }

  private call(raw: RawNode, start: number, end: number, depth: number): ExpressionNode {
    const callee = raw.callee as RawNode;
    if (callee.type !== 'Identifier') {
      this.fail(callee, 'only plain function calls are allowed, such as exists("path")');
    }
    const calleeSpan = this.span(callee);
    const positional: ExpressionNode[] = [];
    const keywords: KeywordArgument[] = [];
    for (const argument of raw.arguments as RawNode[]) {
      if (argument.type === 'KeywordArgument') {
        const name = argument.name as string;
        if (keywords.some((keyword) => keyword.name === name)) this.fail(argument, `${name}= is given twice`);
        const span = this.span(argument);
        const value = this.convert(argument.value as RawNode, depth + 1);
        keywords.push({ name, value, start: span.start, end: span.end });
        continue;
      }
      if (keywords.length > 0) this.fail(argument, 'positional arguments must come before keyword arguments');
      positional.push(this.convert(argument, depth + 1));
    }
    return {
      kind: 'call',
      name: callee.name as string,
      nameStart: calleeSpan.start,
      nameEnd: calleeSpan.end,
      arguments: positional,
      keywords,
      start,
      end,
    };
  }
}

function asRaw(value: unknown): RawNode | undefined {
  return typeof value === 'object' && value !== null && typeof (value as RawNode).type === 'string'
    ? (value as RawNode)
    : undefined;
}

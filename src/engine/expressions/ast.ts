/**
 * The checked syntax tree of the expression language. Only constructs the language allows can be
 * represented here: the parser rejects everything else, so the evaluator never meets `this`,
 * assignments, member calls or arbitrary property access. Offsets are 0-based UTF-16 indexes into
 * the expression source; `end` is exclusive.
 */

export interface NodeSpan {
  start: number;
  end: number;
}

export type LiteralValue = string | number | boolean | null;

export interface LiteralNode extends NodeSpan {
  kind: 'literal';
  value: LiteralValue;
}

export interface ArrayNode extends NodeSpan {
  kind: 'array';
  elements: ExpressionNode[];
}

/** `inputs.<name>` followed by optional `.field` accesses into the input's value. */
export interface InputNode extends NodeSpan {
  kind: 'input';
  name: string;
  path: string[];
}

/** `steps["<id>"].status`. */
export interface StepStatusNode extends NodeSpan {
  kind: 'step-status';
  stepId: string;
  /** Span of the quoted step id, for problems about it. */
  idStart: number;
  idEnd: number;
}

/** `steps["<id>"].outputs`, `.outputs.<name>` and deeper `.field` accesses. */
export interface StepOutputNode extends NodeSpan {
  kind: 'step-output';
  stepId: string;
  idStart: number;
  idEnd: number;
  /** Empty for the whole outputs object. */
  path: string[];
}

export interface EnvNode extends NodeSpan {
  kind: 'env';
  name: string;
}

export interface NotNode extends NodeSpan {
  kind: 'not';
  operand: ExpressionNode;
}

export interface LogicalNode extends NodeSpan {
  kind: 'logical';
  operator: '&&' | '||';
  left: ExpressionNode;
  right: ExpressionNode;
}

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface CompareNode extends NodeSpan {
  kind: 'compare';
  operator: ComparisonOperator;
  left: ExpressionNode;
  right: ExpressionNode;
}

export interface KeywordArgument extends NodeSpan {
  name: string;
  value: ExpressionNode;
}

export interface CallNode extends NodeSpan {
  kind: 'call';
  name: string;
  nameStart: number;
  nameEnd: number;
  arguments: ExpressionNode[];
  keywords: KeywordArgument[];
}

export type ExpressionNode =
  | LiteralNode
  | ArrayNode
  | InputNode
  | StepStatusNode
  | StepOutputNode
  | EnvNode
  | NotNode
  | LogicalNode
  | CompareNode
  | CallNode;

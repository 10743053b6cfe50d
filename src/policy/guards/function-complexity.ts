/**
 * Cyclomatic complexity per named function (1 + decision points) of a TS/TSX/JS or Python source,
 * with the tree-sitter parsers the context builder already loads (one grammar load per process).
 * Named nested functions and methods are measured on their own (`Class.method`, `outer.inner`);
 * anonymous callbacks count toward the function they sit in, since they have no stable name to
 * compare before and after a change.
 */
import type Parser from 'web-tree-sitter';
import { parserFor } from '../../models/context/tree-sitter-parsers.js';
import type { SourceLanguage } from '../../models/context/source-language.js';

type SyntaxNode = Parser.SyntaxNode;

export interface FunctionComplexity {
  complexity: number;
  /** 1-based line of the declaration. */
  line: number;
}

const scriptFunctions = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
  'method_definition',
]);
const scriptDecisions = new Set([
  'if_statement',
  'for_statement',
  'for_in_statement',
  'while_statement',
  'do_statement',
  'catch_clause',
  'ternary_expression',
  'switch_case',
]);
const scriptShortCircuit = new Set(['&&', '||', '??']);
const pythonDecisions = new Set([
  'if_statement',
  'elif_clause',
  'for_statement',
  'while_statement',
  'except_clause',
  'conditional_expression',
  'boolean_operator',
  'if_clause',
  'case_clause',
]);

/** The name a function is known by, or undefined for an anonymous callback. */
function functionName(node: SyntaxNode, python: boolean): string | undefined {
  if (python) return node.type === 'function_definition' ? node.childForFieldName('name')?.text : undefined;
  if (!scriptFunctions.has(node.type)) return undefined;
  const own = node.childForFieldName('name')?.text;
  if (own !== undefined) return own;
  // `const handler = () => …`, `{ handler: function () … }`, `this.handler = () => …`
  const parent = node.parent;
  if (parent?.type === 'variable_declarator') return parent.childForFieldName('name')?.text;
  if (parent?.type === 'pair') return parent.childForFieldName('key')?.text;
  if (parent?.type === 'public_field_definition') return parent.childForFieldName('name')?.text;
  return undefined;
}

function isDecision(node: SyntaxNode, python: boolean): boolean {
  if (python) return pythonDecisions.has(node.type);
  if (scriptDecisions.has(node.type)) return true;
  return (
    node.type === 'binary_expression' &&
    scriptShortCircuit.has(node.childForFieldName('operator')?.type ?? '')
  );
}

function className(node: SyntaxNode): string | undefined {
  const isClass = ['class_declaration', 'class', 'abstract_class_declaration', 'class_definition'].includes(
    node.type,
  );
  return isClass ? node.childForFieldName('name')?.text : undefined;
}

export function complexityOfTree(root: SyntaxNode, python: boolean): Map<string, FunctionComplexity> {
  const result = new Map<string, FunctionComplexity>();
  const visit = (node: SyntaxNode, scope: string[], current: FunctionComplexity | undefined): void => {
    let nextScope = scope;
    let counter = current;
    const name = functionName(node, python);
    if (name !== undefined) {
      const qualified = [...scope, name].join('.');
      counter = { complexity: 1, line: node.startPosition.row + 1 };
      // Overloads and redefinitions share a name: keep the most complex one.
      const previous = result.get(qualified);
      if (previous === undefined || previous.complexity <= counter.complexity) result.set(qualified, counter);
      nextScope = [...scope, name];
    } else {
      const declaredClass = className(node);
      if (declaredClass !== undefined) nextScope = [...scope, declaredClass];
      if (counter !== undefined && isDecision(node, python)) counter.complexity += 1;
    }
    for (const child of node.namedChildren) visit(child, nextScope, counter);
  };
  visit(root, [], undefined);
  return result;
}

export async function functionComplexities(
  language: SourceLanguage,
  content: string,
): Promise<Map<string, FunctionComplexity>> {
  const parser = await parserFor(language);
  const tree = parser.parse(content);
  try {
    return complexityOfTree(tree.rootNode, language === 'python');
  } finally {
    tree.delete();
  }
}

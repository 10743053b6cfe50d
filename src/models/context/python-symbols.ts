/**
 * Symbols and imports of Python files from their tree-sitter syntax tree: module-level functions and
 * classes (with their methods, decorated or not) and UPPER_CASE module constants. Imports are written
 * as dotted module names, relative ones keeping their leading dots (`..utils.text`); for
 * `from package import name` both `package` and `package.name` are recorded, since `name` may be a
 * submodule.
 */
import type Parser from 'web-tree-sitter';
import type { ParsedSource, SourceSymbol } from './context-types.js';
import { collapse, headText } from './signature-text.js';

type SyntaxNode = Parser.SyntaxNode;

const constantPattern = /^[A-Z][A-Z0-9_]*$/;

function definitionOf(node: SyntaxNode): SyntaxNode {
  return node.type === 'decorated_definition' ? (node.childForFieldName('definition') ?? node) : node;
}

function importedModules(node: SyntaxNode): string[] {
  if (node.type === 'import_statement') {
    return node.namedChildren
      .map((child) => (child.type === 'aliased_import' ? child.childForFieldName('name') : child))
      .filter((child): child is SyntaxNode => child !== null && child.type === 'dotted_name')
      .map((child) => child.text);
  }
  const module = node.childForFieldName('module_name');
  if (module === null) return [];
  const base = module.text;
  const names = node.namedChildren
    .filter((child) => child.id !== module.id)
    .map((child) => (child.type === 'aliased_import' ? child.childForFieldName('name') : child))
    .filter((child): child is SyntaxNode => child !== null && child.type === 'dotted_name')
    .map((child) => (base.endsWith('.') ? `${base}${child.text}` : `${base}.${child.text}`));
  return [base, ...names];
}

export function pythonSymbols(tree: Parser.Tree, source: string): ParsedSource {
  const symbols: SourceSymbol[] = [];
  const imports: string[] = [];
  const add = (node: SyntaxNode, kind: SourceSymbol['kind'], depth: number): void => {
    const name = node.childForFieldName('name')?.text;
    if (name === undefined) return;
    const signature = headText(source, node, { trimSuffix: ':' });
    symbols.push({ name, kind, line: node.startPosition.row + 1, signature, depth });
  };

  for (const statement of tree.rootNode.namedChildren) {
    if (statement.type === 'import_statement' || statement.type === 'import_from_statement') {
      imports.push(...importedModules(statement));
      continue;
    }
    if (statement.type === 'expression_statement') {
      const assignment = statement.namedChild(0);
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
      if (left?.type === 'identifier' && constantPattern.test(left.text)) {
        const type = assignment?.childForFieldName('type');
        symbols.push({
          name: left.text,
          kind: 'constant',
          line: statement.startPosition.row + 1,
          signature: collapse(type ? `${left.text}: ${type.text}` : left.text),
          depth: 0,
        });
      }
      continue;
    }
    const definition = definitionOf(statement);
    if (definition.type === 'function_definition') add(definition, 'function', 0);
    if (definition.type === 'class_definition') {
      add(definition, 'class', 0);
      for (const member of definition.childForFieldName('body')?.namedChildren ?? []) {
        const method = definitionOf(member);
        if (method.type === 'function_definition') add(method, 'method', 1);
      }
    }
  }
  return { symbols, imports: [...new Set(imports)] };
}

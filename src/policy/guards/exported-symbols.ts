/**
 * The public names a module offers: `export` declarations and export lists in TS/TSX/JS (including
 * `default`), and module-level functions, classes and assignments not starting with `_` in Python.
 * `export * from` re-exports are not expanded (that would need the other module).
 */
import type Parser from 'web-tree-sitter';
import type { SourceLanguage } from '../../models/context/source-language.js';
import { parserFor } from '../../models/context/tree-sitter-parsers.js';

type SyntaxNode = Parser.SyntaxNode;

function declarationNames(declaration: SyntaxNode): string[] {
  const name = declaration.childForFieldName('name')?.text;
  if (name !== undefined) return [name];
  // `export const a = 1, b = 2;`
  return declaration.namedChildren
    .filter((child) => child.type === 'variable_declarator')
    .map((child) => child.childForFieldName('name')?.text)
    .filter((text): text is string => text !== undefined);
}

function scriptExports(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const statement of root.namedChildren) {
    if (statement.type !== 'export_statement') continue;
    if (statement.children.some((child) => child.type === 'default')) {
      names.add('default');
      continue;
    }
    const declaration = statement.childForFieldName('declaration');
    if (declaration) for (const name of declarationNames(declaration)) names.add(name);
    for (const clause of statement.namedChildren.filter((child) => child.type === 'export_clause')) {
      for (const specifier of clause.namedChildren) {
        const exported = specifier.childForFieldName('alias') ?? specifier.childForFieldName('name');
        if (exported) names.add(exported.text);
      }
    }
  }
  return names;
}

function pythonExports(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (let statement of root.namedChildren) {
    if (statement.type === 'decorated_definition')
      statement = statement.childForFieldName('definition') ?? statement;
    let name: string | undefined;
    if (statement.type === 'function_definition' || statement.type === 'class_definition') {
      name = statement.childForFieldName('name')?.text;
    } else if (
      statement.type === 'expression_statement' &&
      statement.firstNamedChild?.type === 'assignment'
    ) {
      const left = statement.firstNamedChild.childForFieldName('left');
      if (left?.type === 'identifier') name = left.text;
    }
    if (name !== undefined && !name.startsWith('_')) names.add(name);
  }
  return names;
}

export async function exportedSymbols(language: SourceLanguage, content: string): Promise<Set<string>> {
  const parser = await parserFor(language);
  const tree = parser.parse(content);
  try {
    return language === 'python' ? pythonExports(tree.rootNode) : scriptExports(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/**
 * Symbols and imports of TypeScript, TSX and JavaScript files from their tree-sitter syntax tree:
 * module-level functions, classes (with their methods), interfaces, type aliases, enums, and
 * variables that are exported or hold a function. Imports are the `import … from`, `export … from`,
 * `require()` and `import()` specifiers.
 */
import type Parser from 'web-tree-sitter';
import type { ParsedSource, SourceSymbol, SymbolKind } from './context-types.js';
import { collapse, headText } from './signature-text.js';

type SyntaxNode = Parser.SyntaxNode;

const functionTypes = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_signature',
]);
// `class` (an expression) is what error recovery leaves of a declaration after a syntax error.
const classTypes = new Set(['class_declaration', 'abstract_class_declaration', 'class']);
const methodTypes = new Set(['method_definition', 'method_signature', 'abstract_method_signature']);
const functionValueTypes = new Set([
  'arrow_function',
  'function_expression',
  'function',
  'generator_function',
]);
// Dynamic `require('x')` / `import('x')` are expressions anywhere in a file; a scan of the text finds
// them without walking every node.
const dynamicImportPattern = /\b(?:require|import)\s*\(\s*['"`]([^'"`\n]+)['"`]\s*\)/g;

function stringValue(node: SyntaxNode | null): string | undefined {
  if (node === null) return undefined;
  const fragment = node.namedChildren.find((child) => child.type === 'string_fragment');
  return fragment?.text ?? node.text.slice(1, -1);
}

class ScriptWalker {
  readonly symbols: SourceSymbol[] = [];
  readonly imports: string[] = [];

  constructor(private readonly source: string) {}

  private add(name: string, kind: SymbolKind, node: SyntaxNode, signature: string, depth = 0): void {
    this.symbols.push({ name, kind, line: node.startPosition.row + 1, signature, depth });
  }

  statement(node: SyntaxNode): void {
    if (node.type === 'import_statement') {
      const specifier = stringValue(node.childForFieldName('source'));
      if (specifier !== undefined) this.imports.push(specifier);
      return;
    }
    if (node.type === 'export_statement') {
      const specifier = stringValue(node.childForFieldName('source'));
      if (specifier !== undefined) this.imports.push(specifier);
      const declaration = node.childForFieldName('declaration');
      if (declaration !== null) this.declaration(declaration, node.startIndex, true);
      return;
    }
    if (node.type === 'ERROR') {
      // Error recovery wraps whatever follows a syntax error; declarations inside are still real.
      for (const child of node.namedChildren) this.statement(child);
      return;
    }
    if (node.type === 'ambient_declaration') {
      // `declare function f(): void;` — the declaration is its only named child.
      for (const child of node.namedChildren) this.declaration(child, node.startIndex, false);
      return;
    }
    this.declaration(node, node.startIndex, false);
  }

  private declaration(node: SyntaxNode, start: number, exported: boolean): void {
    const name = node.childForFieldName('name')?.text;
    if (functionTypes.has(node.type) && name !== undefined) {
      this.add(name, 'function', node, headText(this.source, node, { start }));
    } else if (classTypes.has(node.type) && name !== undefined) {
      this.add(name, 'class', node, headText(this.source, node, { start }));
      this.classBody(node.childForFieldName('body'));
    } else if (node.type === 'interface_declaration' && name !== undefined) {
      this.add(name, 'interface', node, headText(this.source, node, { start }));
    } else if (node.type === 'enum_declaration' && name !== undefined) {
      this.add(name, 'enum', node, headText(this.source, node, { start }));
    } else if (node.type === 'type_alias_declaration' && name !== undefined) {
      this.add(name, 'type', node, collapse(this.source.slice(start, node.endIndex)));
    } else if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
      this.variables(node, start, exported);
    }
  }

  private variables(node: SyntaxNode, start: number, exported: boolean): void {
    const keyword = node.type === 'variable_declaration' ? 'var' : (node.child(0)?.text ?? 'const');
    const prefix = this.source.slice(start, node.startIndex).trim();
    for (const declarator of node.namedChildren) {
      if (declarator.type !== 'variable_declarator') continue;
      const nameNode = declarator.childForFieldName('name');
      if (nameNode === null) continue;
      const value = declarator.childForFieldName('value');
      const holdsFunction = value !== null && functionValueTypes.has(value.type);
      if (!exported && !holdsFunction) continue;
      const type = declarator.childForFieldName('type')?.text ?? '';
      let signature = `${prefix} ${keyword} ${nameNode.text}${type}`;
      if (holdsFunction) signature += ` = ${headText(this.source, value)}`;
      const kind: SymbolKind = holdsFunction ? 'function' : keyword === 'const' ? 'constant' : 'variable';
      this.add(nameNode.text, kind, declarator, collapse(signature));
    }
  }

  private classBody(body: SyntaxNode | null): void {
    if (body === null) return;
    for (const member of body.namedChildren) {
      if (!methodTypes.has(member.type)) continue;
      const name = member.childForFieldName('name')?.text;
      if (name === undefined) continue;
      this.add(name, 'method', member, headText(this.source, member), 1);
    }
  }
}

export function scriptSymbols(tree: Parser.Tree, source: string): ParsedSource {
  const walker = new ScriptWalker(source);
  for (const node of tree.rootNode.namedChildren) walker.statement(node);
  for (const match of source.matchAll(dynamicImportPattern)) walker.imports.push(match[1]!);
  return { symbols: walker.symbols, imports: [...new Set(walker.imports)] };
}

/**
 * Turns a declaration's source into a one-line signature: the text from the declaration's start to
 * the start of its body, whitespace collapsed and capped, so a map line stays short however the code
 * is formatted.
 */
import type Parser from 'web-tree-sitter';

const maximumLength = 200;

export function collapse(text: string): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > maximumLength ? `${single.slice(0, maximumLength - 1)}…` : single;
}

/** The head of `node` (from `start`, default the node itself) up to its body, if it has one. */
export function headText(
  source: string,
  node: Parser.SyntaxNode,
  options: { start?: number; bodyField?: string; trimSuffix?: string } = {},
): string {
  const body = node.childForFieldName(options.bodyField ?? 'body');
  const end = body === null ? node.endIndex : body.startIndex;
  // A bodiless declaration (`declare function f(): void;`) ends with its semicolon.
  let text = source
    .slice(options.start ?? node.startIndex, end)
    .trim()
    .replace(/;$/, '');
  if (options.trimSuffix !== undefined && text.endsWith(options.trimSuffix)) {
    text = text.slice(0, -options.trimSuffix.length);
  }
  return collapse(text);
}

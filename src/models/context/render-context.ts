/**
 * The text forms of a file in the context: a map entry (path, then one line per symbol with its line
 * number and signature, methods indented under their class) and a full entry (path and content in a
 * fence longer than any backtick run inside, so the content cannot close it).
 */
import path from 'node:path';
import type { SourceSymbol } from './context-types.js';

/** A map entry lists at most this many symbols; the rest are counted, not shown. */
const maximumMapSymbols = 40;

export const contextHeadings = {
  full: '## Files in full\n\n',
  map: '## Repository map (ranked by relevance; line: signature)\n\n',
} as const;

export function renderMapEntry(file: string, symbols: SourceSymbol[]): string {
  const lines = [file];
  for (const symbol of symbols.slice(0, maximumMapSymbols)) {
    lines.push(`${'  '.repeat(symbol.depth + 1)}${symbol.line}: ${symbol.signature}`);
  }
  if (symbols.length > maximumMapSymbols) {
    lines.push(`  … ${symbols.length - maximumMapSymbols} more symbols`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderFullEntry(file: string, content: string): string {
  let longestRun = 2;
  for (const match of content.matchAll(/`{3,}/g)) longestRun = Math.max(longestRun, match[0].length);
  const fence = '`'.repeat(longestRun + 1);
  const language = path.posix.extname(file).slice(1);
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `${file}\n${fence}${language}\n${body}${fence}\n\n`;
}

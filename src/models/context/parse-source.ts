/**
 * Parses one source file into symbols and imports, through an in-process cache keyed by language and
 * content hash: a second `buildContext` in the same process re-reads files but parses only those that
 * changed. A file that cannot be parsed yields a `parseError` instead of throwing, so one broken file
 * never aborts the build.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type Parser from 'web-tree-sitter';
import type { ParsedSource } from './context-types.js';
import { pythonSymbols } from './python-symbols.js';
import { scriptSymbols } from './script-symbols.js';
import type { SourceLanguage } from './source-language.js';
import { parserFor } from './tree-sitter-parsers.js';

/** Bounded so a long-lived process (the daemon) does not grow without limit. */
const maximumCachedFiles = 50_000;
const cache = new Map<string, ParsedSource>();

export function contentHash(content: string): string {
  return createHash('sha1').update(content).digest('hex');
}

export interface ParseOutcome {
  parsed: ParsedSource;
  /** False when the result came from the cache. */
  fresh: boolean;
  /** Time spent parsing and extracting (not loading the grammar); 0 for a cache hit. */
  parseMs: number;
}

function parseUncached(parser: Parser, language: SourceLanguage, content: string): ParsedSource {
  let tree;
  try {
    tree = parser.parse(content);
  } catch (error) {
    return { symbols: [], imports: [], parseError: error instanceof Error ? error.message : String(error) };
  }
  // web-tree-sitter returns no tree when the parse timed out.
  if (!tree) return { symbols: [], imports: [], parseError: 'the parser timed out' };
  try {
    const parsed = language === 'python' ? pythonSymbols(tree, content) : scriptSymbols(tree, content);
    // Syntax errors are tolerated (tree-sitter recovers around them) but recorded as the reason
    // a file may show fewer symbols than it has.
    return tree.rootNode.hasError ? { ...parsed, parseError: 'syntax errors (partial symbols)' } : parsed;
  } catch (error) {
    return { symbols: [], imports: [], parseError: error instanceof Error ? error.message : String(error) };
  } finally {
    tree.delete();
  }
}

export async function parseSource(language: SourceLanguage, content: string): Promise<ParseOutcome> {
  const key = `${language}:${contentHash(content)}`;
  const cached = cache.get(key);
  if (cached !== undefined) return { parsed: cached, fresh: false, parseMs: 0 };
  let parser: Parser;
  try {
    parser = await parserFor(language);
  } catch (error) {
    // Not cached: the grammar may load on a later call.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      parsed: { symbols: [], imports: [], parseError: `grammar not loaded: ${reason}` },
      fresh: true,
      parseMs: 0,
    };
  }
  const started = performance.now();
  const parsed = parseUncached(parser, language, content);
  const parseMs = performance.now() - started;
  if (cache.size >= maximumCachedFiles) cache.delete(cache.keys().next().value!);
  cache.set(key, parsed);
  return { parsed, fresh: true, parseMs };
}

/** Empties the parse cache (tests and the benchmark's cold run). */
export function clearParseCache(): void {
  cache.clear();
}

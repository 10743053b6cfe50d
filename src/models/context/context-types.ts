/**
 * The shapes of the context builder: what a parsed source file yields (symbols, imports) and what
 * `buildContext` returns (the packed text, its token count, and why each file was ranked where it is).
 */

export type SymbolKind =
  'function' | 'class' | 'method' | 'interface' | 'type' | 'enum' | 'constant' | 'variable';

export interface SourceSymbol {
  name: string;
  kind: SymbolKind;
  /** 1-based line of the declaration. */
  line: number;
  /** The declaration's head, whitespace collapsed, without its body. */
  signature: string;
  /** Nesting depth: 0 at module level, 1 for a method of a class. */
  depth: number;
}

export interface ParsedSource {
  symbols: SourceSymbol[];
  /** Import specifiers as written (`./store.js`, `..utils`, `os`); resolved to files later. */
  imports: string[];
  /** Why symbols could not be extracted (the file is still listed), if they could not. */
  parseError?: string;
}

export type Inclusion = 'full' | 'map' | 'omitted';

export interface ContextFile {
  path: string;
  score: number;
  reason: string[];
  /** True when the task points at the file directly (path, identifiers, words) or through one import. */
  relevant: boolean;
  included: Inclusion;
  /** Tokens this file contributes to the text (0 when omitted). */
  tokens: number;
}

export interface ContextStats {
  filesScanned: number;
  /** Files left out before ranking: binaries, files over the size limit, unreadable files. */
  filesSkipped: number;
  symbols: number;
  /** Files whose symbols could not be extracted (they are still ranked by path and imports). */
  parseFailures: number;
  /** Files parsed in this call; the others came from the in-process cache. */
  filesParsed: number;
  parseMs: number;
  totalMs: number;
  /** `o200k_base`, or `chars/4` when the tokenizer could not be loaded. */
  tokenizer: string;
}

export interface BuiltContext {
  text: string;
  tokens: number;
  files: ContextFile[];
  stats: ContextStats;
}

export interface BuildContextOptions {
  projectDir: string;
  task: string;
  tokenBudget: number;
  /** A glob (relative to projectDir) that restricts which files are considered. */
  files?: string | undefined;
  /** The clock for recency ("changed in the last N days"); defaults to the system clock. */
  now?: (() => Date) | undefined;
  /** How many recent commits count as "recent changes" (default 30). */
  recentCommits?: number | undefined;
  /** Files larger than this are skipped (default 1 MiB). */
  maxFileBytes?: number | undefined;
  /** At most this many files get their full content (default 3). */
  maxFullFiles?: number | undefined;
}

/**
 * Packs ranked files into a token budget. First the full content of the top relevant files (at most
 * `maxFullFiles`, together at most 60 % of the budget, so the map keeps room), then map entries in
 * rank order while they fit; an entry too big for the space left is skipped and smaller later ones
 * may still fit. Token counts of the parts can differ slightly from the count of the joined text, so
 * the joined text is counted at the end and trailing entries are dropped until it fits.
 */
import type { ContextFile, SourceSymbol } from './context-types.js';
import type { RankedFile } from './rank-files.js';
import { contextHeadings, renderFullEntry, renderMapEntry } from './render-context.js';
import type { TokenCounter } from './token-counter.js';

const fullShare = 0.6;
/** After this many map entries in a row do not fit, the rest will not either (they are ranked). */
const maximumConsecutiveMisses = 200;

export interface PackInput {
  ranked: RankedFile[];
  symbolsOf: (file: string) => SourceSymbol[];
  /** The content of a file for a full entry; undefined when it cannot be included in full. */
  readContent: (file: string) => Promise<string | undefined>;
  tokenBudget: number;
  maxFullFiles: number;
  counter: TokenCounter;
}

export interface PackedContext {
  text: string;
  tokens: number;
  files: ContextFile[];
}

interface Entry {
  file: string;
  text: string;
  tokens: number;
}

function join(full: Entry[], map: Entry[]): string {
  let text = '';
  if (full.length > 0) text += contextHeadings.full + full.map((entry) => entry.text).join('');
  if (map.length > 0) {
    // A full entry already ends with a blank line; a map-only text needs no separator.
    text += contextHeadings.map + map.map((entry) => entry.text).join('');
  }
  return text;
}

export async function packContext(input: PackInput): Promise<PackedContext> {
  const { counter, tokenBudget } = input;
  const headingTokens = {
    full: counter.count(contextHeadings.full),
    map: counter.count(contextHeadings.map),
  };
  const full: Entry[] = [];
  let used = 0;

  const fullLimit = Math.floor(tokenBudget * fullShare);
  for (const candidate of input.ranked.filter((file) => file.relevant).slice(0, input.maxFullFiles)) {
    const content = await input.readContent(candidate.path);
    if (content === undefined) continue;
    const text = renderFullEntry(candidate.path, content);
    const tokens = counter.count(text);
    const heading = full.length === 0 ? headingTokens.full : 0;
    if (used + heading + tokens > fullLimit) continue;
    full.push({ file: candidate.path, text, tokens });
    used += heading + tokens;
  }

  const map: Entry[] = [];
  const inFull = new Set(full.map((entry) => entry.file));
  let misses = 0;
  for (const candidate of input.ranked) {
    if (inFull.has(candidate.path)) continue;
    const heading = map.length === 0 ? headingTokens.map : 0;
    // Every entry costs at least two tokens (its path and a newline): stop once even that cannot fit.
    if (used + heading + 2 > tokenBudget || misses >= maximumConsecutiveMisses) break;
    const text = renderMapEntry(candidate.path, input.symbolsOf(candidate.path));
    const tokens = counter.count(text);
    if (used + heading + tokens > tokenBudget) {
      misses += 1;
      continue;
    }
    misses = 0;
    map.push({ file: candidate.path, text, tokens });
    used += heading + tokens;
  }

  let text = join(full, map);
  let tokens = counter.count(text);
  while (tokens > tokenBudget && (map.length > 0 || full.length > 0)) {
    if (map.length > 0) map.pop();
    else full.pop();
    text = join(full, map);
    tokens = counter.count(text);
  }

  const included = new Map<string, { included: 'full' | 'map'; tokens: number }>();
  for (const entry of full) included.set(entry.file, { included: 'full', tokens: entry.tokens });
  for (const entry of map) included.set(entry.file, { included: 'map', tokens: entry.tokens });
  const files: ContextFile[] = input.ranked.map((file) => ({
    path: file.path,
    score: file.score,
    reason: file.reason,
    relevant: file.relevant,
    ...(included.get(file.path) ?? { included: 'omitted' as const, tokens: 0 }),
  }));
  return { text, tokens, files };
}

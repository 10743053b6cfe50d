/**
 * Ranks files by relevance to a task. Direct signals: the file's path is mentioned (strong), it
 * defines an identifier the task names (weaker when several files define it, ignored when
 * many do), path segments match task
 * words (weak). Those spread one hop through the import graph — importers of a relevant file gain
 * half its score, files it imports gain less — so the callers and dependencies of what the task
 * names come next (the strongest neighbour counts in full, others a little). Recent changes and PageRank centrality in the import graph add small amounts
 * that mostly order the remaining files. Every contribution leaves a human-readable reason.
 */
import type { SourceSymbol } from './context-types.js';
import type { TaskMentions } from './task-mentions.js';

export interface RankInput {
  path: string;
  symbols: SourceSymbol[];
  /** Project files this file imports. */
  imports: string[];
}

export interface RankedFile {
  path: string;
  score: number;
  reason: string[];
  /** True when the task points at the file directly or through one import. */
  relevant: boolean;
}

export const rankWeights = {
  mentionedPath: 10,
  identifier: 3,
  pathWord: 1,
  symbolWord: 2,
  importsRelevant: 0.5,
  importedByRelevant: 0.3,
  recent: 1,
  centrality: 0.5,
} as const;

function stripExtension(file: string): string {
  return file.replace(/(\.d)?\.[^./]+$/, '');
}

function pathMentioned(file: string, mentioned: string): boolean {
  if (file === mentioned || file.endsWith(`/${mentioned}`)) return true;
  const bare = stripExtension(file);
  return bare === mentioned || bare.endsWith(`/${mentioned}`);
}

/** Lower-case words of a path (`src/store/open-store.ts` → src, store, open, …). */
function pathWords(file: string): Set<string> {
  return new Set(
    stripExtension(file)
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word !== ''),
  );
}

function pageRank(files: RankInput[], iterations = 20, damping = 0.85): Map<string, number> {
  const count = files.length;
  let rank = new Map(files.map((file) => [file.path, 1 / count]));
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const next = new Map(files.map((file) => [file.path, (1 - damping) / count]));
    let dangling = 0;
    for (const file of files) {
      const share = rank.get(file.path)!;
      if (file.imports.length === 0) {
        dangling += share;
        continue;
      }
      for (const target of file.imports) {
        next.set(target, next.get(target)! + (damping * share) / file.imports.length);
      }
    }
    for (const [file, value] of next) next.set(file, value + (damping * dangling) / count);
    rank = next;
  }
  return rank;
}

/**
 * What the relevant neighbours of a file add: the strongest in full, the others a fifth each, so a
 * file importing ten weakly relevant modules does not outrank the one the task names.
 */
function neighbourScore(scores: number[]): number {
  const strongest = Math.max(...scores);
  const total = scores.reduce((sum, score) => sum + score, 0);
  return strongest + 0.2 * (total - strongest);
}

function listNames(names: string[]): string {
  return names.length <= 2 ? names.join(', ') : `${names.slice(0, 2).join(', ')} +${names.length - 2}`;
}

export function rankFiles(
  files: RankInput[],
  mentions: TaskMentions,
  recent: Map<string, number>,
): RankedFile[] {
  if (files.length === 0) return [];
  const direct = new Map<string, number>();
  const reasons = new Map<string, string[]>(files.map((file) => [file.path, []]));
  const addDirect = (file: string, amount: number, reason: string): void => {
    direct.set(file, (direct.get(file) ?? 0) + amount);
    reasons.get(file)!.push(reason);
  };

  // How many files define each name, so an identifier defined everywhere counts for little.
  const definitions = new Map<string, number>();
  for (const file of files) {
    for (const name of new Set(file.symbols.map((symbol) => symbol.name))) {
      definitions.set(name, (definitions.get(name) ?? 0) + 1);
    }
  }
  // A name defined in many files (`constructor`, `run`, a method every class has) tells nothing apart.
  const commonDefinitions = Math.max(10, files.length * 0.02);
  const identifiers = new Set(mentions.identifiers);
  const words = new Set(mentions.words);

  for (const file of files) {
    const mentionedAs = mentions.paths.find((mentioned) => pathMentioned(file.path, mentioned));
    if (mentionedAs !== undefined) addDirect(file.path, rankWeights.mentionedPath, 'mentioned in the task');
    const names = new Set(file.symbols.map((symbol) => symbol.name));
    for (const name of names) {
      if (definitions.get(name)! > commonDefinitions) continue;
      if (identifiers.has(name)) {
        addDirect(file.path, rankWeights.identifier / Math.sqrt(definitions.get(name)!), `defines ${name}`);
      } else if (words.has(name.toLowerCase())) {
        addDirect(file.path, rankWeights.symbolWord / Math.sqrt(definitions.get(name)!), `defines ${name}`);
      }
    }
    const matched = [...pathWords(file.path)].filter((word) => words.has(word));
    if (matched.length > 0 && mentionedAs === undefined) {
      addDirect(file.path, rankWeights.pathWord * matched.length, `path matches ${matched.join(', ')}`);
    }
  }

  const importers = new Map<string, string[]>();
  for (const file of files) {
    for (const target of file.imports) {
      const list = importers.get(target);
      if (list === undefined) importers.set(target, [file.path]);
      else list.push(file.path);
    }
  }

  const centrality = pageRank(files);
  const highestCentrality = Math.max(...centrality.values(), Number.MIN_VALUE);

  return files
    .map((file) => {
      const reason = reasons.get(file.path)!;
      let score = direct.get(file.path) ?? 0;
      const relevantImports = file.imports.filter((target) => (direct.get(target) ?? 0) > 0);
      if (relevantImports.length > 0) {
        score +=
          rankWeights.importsRelevant * relevantImports.reduce((sum, target) => sum + direct.get(target)!, 0);
        reason.push(`imports ${listNames(relevantImports)}`);
      }
      const relevantImporters = (importers.get(file.path) ?? []).filter(
        (importer) => (direct.get(importer) ?? 0) > 0,
      );
      if (relevantImporters.length > 0) {
        score +=
          rankWeights.importedByRelevant *
          neighbourScore(relevantImporters.map((importer) => direct.get(importer)!));
        reason.push(`imported by ${listNames(relevantImporters)}`);
      }
      const relevant = score > 0;
      const recency = recent.get(file.path);
      if (recency !== undefined) {
        score += rankWeights.recent * recency;
        reason.push('changed recently');
      }
      const importerCount = importers.get(file.path)?.length ?? 0;
      score += (rankWeights.centrality * centrality.get(file.path)!) / highestCentrality;
      if (importerCount >= 2 && !relevant) reason.push(`imported by ${importerCount} files`);
      return { path: file.path, score: Math.round(score * 1000) / 1000, reason, relevant };
    })
    .sort((left, right) => right.score - left.score || (left.path < right.path ? -1 : 1));
}

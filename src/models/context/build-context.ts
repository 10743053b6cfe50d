/**
 * `buildContext`: what a model is told about a repository for one task. Lists the project's files,
 * extracts symbols and imports with tree-sitter (cached by content hash within the process), ranks
 * files by relevance to the task (mentions, import graph, recent changes) and packs the top of the
 * ranking into a token budget: full content for the few most relevant files, a signature map for as
 * many others as fit. Reads files and runs git read-only; never writes.
 */
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import picomatch from 'picomatch';
import { z } from 'zod';
import { OuroError } from '../../errors/index.js';
import type { BuildContextOptions, BuiltContext, SourceSymbol } from './context-types.js';
import { listProjectFiles } from './list-project-files.js';
import { loadProjectFile } from './load-project-file.js';
import { packContext } from './pack-context.js';
import { parseSource } from './parse-source.js';
import { rankFiles, type RankInput } from './rank-files.js';
import { recentChanges } from './recent-changes.js';
import { ImportResolver } from './resolve-imports.js';
import { languageOf } from './source-language.js';
import { taskMentions } from './task-mentions.js';
import { tokenCounter } from './token-counter.js';

export const contextDefaults = {
  recentCommits: 30,
  recentMaximumAgeDays: 90,
  maxFileBytes: 1024 * 1024,
  maxFullFiles: 3,
} as const;

/** Files read at once: enough to hide disk latency, few enough not to exhaust descriptors. */
const readConcurrency = 16;

const optionsSchema = z.object({
  projectDir: z.string().min(1),
  task: z.string().trim().min(1, 'the task text is empty'),
  tokenBudget: z.number().int().min(1, 'the token budget must be at least 1'),
  files: z.string().min(1).optional(),
  recentCommits: z.number().int().min(0).optional(),
  maxFileBytes: z.number().int().min(1).optional(),
  maxFullFiles: z.number().int().min(0).optional(),
});

async function ensureDirectory(projectDir: string): Promise<void> {
  const info = await stat(projectDir).catch(() => undefined);
  if (info?.isDirectory() !== true)
    throw new OuroError('OURO_CONTEXT_PROJECT_NOT_FOUND', { path: projectDir });
}

async function mapConcurrently<T, R>(items: T[], limit: number, body: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await body(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function buildContext(options: BuildContextOptions): Promise<BuiltContext> {
  const parsedOptions = optionsSchema.safeParse(options);
  if (!parsedOptions.success) {
    const issue = parsedOptions.error.issues[0]!;
    throw new OuroError('OURO_CONTEXT_OPTIONS_INVALID', {
      reason: `${issue.path.join('.') || 'options'}: ${issue.message}`,
    });
  }
  const started = performance.now();
  const { projectDir, task, tokenBudget } = options;
  await ensureDirectory(projectDir);
  const now = (options.now ?? (() => new Date()))();
  const maxFileBytes = options.maxFileBytes ?? contextDefaults.maxFileBytes;

  const [listing, recent, counter] = await Promise.all([
    listProjectFiles(projectDir),
    recentChanges(projectDir, {
      commits: options.recentCommits ?? contextDefaults.recentCommits,
      now,
      maximumAgeDays: contextDefaults.recentMaximumAgeDays,
    }),
    tokenCounter(),
  ]);
  let candidates = listing.files;
  if (options.files !== undefined) {
    const inFocus = picomatch(options.files, { dot: true });
    candidates = candidates.filter((file) => inFocus(file));
  }

  let parseMs = 0;
  let filesParsed = 0;
  let parseFailures = 0;
  const loaded = await mapConcurrently(candidates, readConcurrency, async (file) => {
    const result = await loadProjectFile(projectDir, file, maxFileBytes);
    if (result.kind === 'skipped') return undefined;
    const language = languageOf(file);
    if (language === undefined) return { path: file, symbols: [], imports: [] };
    const outcome = await parseSource(language, result.content);
    parseMs += outcome.parseMs;
    if (outcome.fresh) filesParsed += 1;
    // Syntax errors still yield partial symbols; only a parse that produced nothing is a failure.
    if (outcome.parsed.parseError !== undefined && outcome.parsed.symbols.length === 0) parseFailures += 1;
    return { path: file, symbols: outcome.parsed.symbols, imports: outcome.parsed.imports };
  });
  const files = loaded.filter((file) => file !== undefined);

  const resolver = new ImportResolver(files.map((file) => file.path));
  const rankInput: RankInput[] = files.map((file) => ({
    path: file.path,
    symbols: file.symbols,
    imports: [
      ...new Set(
        file.imports
          .map((specifier) => resolver.resolve(file.path, specifier))
          .filter((target): target is string => target !== undefined && target !== file.path),
      ),
    ],
  }));
  const symbolsByFile = new Map<string, SourceSymbol[]>(files.map((file) => [file.path, file.symbols]));
  const ranked = rankFiles(rankInput, taskMentions(task), recent);

  const packed = await packContext({
    ranked,
    symbolsOf: (file) => symbolsByFile.get(file) ?? [],
    readContent: async (file) => {
      const result = await loadProjectFile(projectDir, file, maxFileBytes);
      return result.kind === 'text' ? result.content : undefined;
    },
    tokenBudget,
    maxFullFiles: options.maxFullFiles ?? contextDefaults.maxFullFiles,
    counter,
  });

  return {
    ...packed,
    stats: {
      filesScanned: files.length,
      filesSkipped: candidates.length - files.length,
      symbols: files.reduce((sum, file) => sum + file.symbols.length, 0),
      parseFailures,
      filesParsed,
      parseMs: Math.round(parseMs),
      totalMs: Math.round(performance.now() - started),
      tokenizer: counter.name,
    },
  };
}

/**
 * The context builder on a generated 5,000-file TypeScript repository (50 packages × 100 modules,
 * each importing 3 others, with functions, a class with methods, an interface and constants; one git
 * commit). Measures `buildContext` cold (first call in the process: tokenizer and grammar loading,
 * every file parsed), cold again with the parse cache cleared, and warm (every parse from the cache);
 * and compares the tokens packed for a task against the reference of sending the whole content of
 * every file the ranking marks relevant.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildContext } from '../src/models/context/build-context.js';
import type { BuiltContext } from '../src/models/context/context-types.js';
import { clearParseCache } from '../src/models/context/parse-source.js';
import { tokenCounter } from '../src/models/context/token-counter.js';
import { ratio, timeIt, type BenchmarkResult } from './measure.js';

const packages = 50;
const modulesPerPackage = 100;
const tokenBudget = 8000;
const task =
  'The discount in computeTotal returned by src/pkg-07/module-042.ts is rounded too early; ' +
  'fix `applyDiscount7_42` and keep the callers working.';

/** A deterministic pseudo-random sequence (LCG), so every run generates the same repository. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function modulePath(packageIndex: number, moduleIndex: number): string {
  return `src/pkg-${String(packageIndex).padStart(2, '0')}/module-${String(moduleIndex).padStart(3, '0')}.ts`;
}

function moduleSource(packageIndex: number, moduleIndex: number, random: () => number): string {
  const own = modulePath(packageIndex, moduleIndex);
  const lines: string[] = [`/** Module ${moduleIndex} of package ${packageIndex}. */`];
  const imported: string[] = [];
  for (let index = 0; index < 3; index += 1) {
    // Mostly imports within the package, sometimes across packages: a realistic, clustered graph.
    const targetPackage = random() < 0.7 ? packageIndex : Math.floor(random() * packages);
    const targetModule = Math.floor(random() * modulesPerPackage);
    const target = modulePath(targetPackage, targetModule);
    if (target === own || imported.includes(target)) continue;
    imported.push(target);
    const specifier = path.posix.relative(path.posix.dirname(own), target).replace(/\.ts$/, '.js');
    lines.push(
      `import { helper${targetPackage}_${targetModule} as helper${imported.length} } from '${specifier.startsWith('.') ? specifier : `./${specifier}`}';`,
    );
  }
  // Names are unique per module, as in a real code base; only `computeTotal` repeats everywhere.
  const id = `${packageIndex}_${moduleIndex}`;
  lines.push(
    '',
    `export interface Options${id} {`,
    '  rate: number;',
    '  label: string;',
    '  tags?: string[];',
    '}',
    '',
    `export const DEFAULT_RATE_${id} = ${(random() * 10).toFixed(3)};`,
    '',
    `export function helper${id}(value: number): number {`,
    `  return Math.round(value * DEFAULT_RATE_${id} * 100) / 100;`,
    '}',
    '',
    `export function applyDiscount${id}(total: number, options: Options${id}): number {`,
    '  const rate = options.rate > 0 ? options.rate : 0;',
    '  // Rounded before the discount is applied.',
    `  return helper${id}(total) - rate;`,
    '}',
    '',
    `export class Calculator${id} {`,
    '  private readonly history: number[] = [];',
    '',
    `  constructor(private readonly options: Options${id}) {}`,
    '',
    '  computeTotal(items: number[]): number {',
    '    const sum = items.reduce((left, right) => left + right, 0);',
    `    const total = applyDiscount${id}(sum, this.options);`,
    '    this.history.push(total);',
    '    return total;',
    '  }',
    '',
    '  lastTotals(count: number): number[] {',
    '    return this.history.slice(-count);',
    '  }',
    '}',
  );
  for (let index = 1; index <= imported.length; index += 1) {
    lines.push(
      '',
      `export const combined${id}_${index} = (value: number): number => helper${index}(value) + 1;`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function generateRepository(root: string): number {
  const random = sequence(42);
  let count = 0;
  for (let packageIndex = 0; packageIndex < packages; packageIndex += 1) {
    mkdirSync(path.join(root, `src/pkg-${String(packageIndex).padStart(2, '0')}`), { recursive: true });
    for (let moduleIndex = 0; moduleIndex < modulesPerPackage; moduleIndex += 1) {
      writeFileSync(
        path.join(root, modulePath(packageIndex, moduleIndex)),
        moduleSource(packageIndex, moduleIndex, random),
      );
      count += 1;
    }
  }
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', ...args], {
      cwd: root,
      stdio: 'ignore',
    });
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'generated');
  return count;
}

export async function contextBuilder(): Promise<BenchmarkResult> {
  const root = mkdtempSync(path.join(tmpdir(), 'ouro-bench-context-'));
  try {
    const fileCount = generateRepository(root);
    const build = (): Promise<BuiltContext> => buildContext({ projectDir: root, task, tokenBudget });
    let first: BuiltContext | undefined;
    const firstMs = await timeIt(async () => (first = await build()));
    clearParseCache();
    let cold: BuiltContext | undefined;
    const coldMs = await timeIt(async () => (cold = await build()));
    let warm: BuiltContext | undefined;
    const warmMs = await timeIt(async () => (warm = await build()));
    if (first === undefined || cold === undefined || warm === undefined) throw new Error('no context built');
    if (warm.text !== cold.text)
      throw new Error('the warm build packed a different text than the cold build');

    const counter = await tokenCounter();
    const fileTokens = (file: string): number => counter.count(readFileSync(path.join(root, file), 'utf8'));
    const relevant = cold.files.filter((file) => file.relevant);
    const wholeRelevantTokens = relevant.reduce((sum, file) => sum + fileTokens(file.path), 0);
    const row = async (budget: number): Promise<string> => {
      const built =
        budget === tokenBudget ? cold! : await buildContext({ projectDir: root, task, tokenBudget: budget });
      const included = built.files.filter((file) => file.included !== 'omitted');
      const full = included.filter((file) => file.included === 'full').length;
      const covered = relevant.filter((file) =>
        included.some((candidate) => candidate.path === file.path),
      ).length;
      const coveredWhole = included.reduce((sum, file) => sum + fileTokens(file.path), 0);
      return `| ouro context, budget ${budget}: ${full} in full + ${included.length - full} in the map (${covered}/${relevant.length} relevant; those ${included.length} files whole: ${coveredWhole} tokens) | ${built.tokens} | ${ratio(built.tokens, wholeRelevantTokens)} |`;
    };
    const rows = [await row(1000), await row(2000), await row(tokenBudget)];
    const top = cold.files
      .slice(0, 5)
      .map((file) => `\`${file.path}\` (${file.included}: ${file.reason.slice(0, 2).join('; ')})`)
      .join(', ');

    return {
      name: `context builder on a generated ${fileCount}-file TypeScript repository`,
      lines: [
        '| build | wall time | parse time | files parsed |',
        '|---|---|---|---|',
        `| first call in the process (loads tokenizer and grammar) | ${firstMs.toFixed(0)} ms | ${first.stats.parseMs} ms | ${first.stats.filesParsed} |`,
        `| cold (parse cache cleared) | ${coldMs.toFixed(0)} ms | ${cold.stats.parseMs} ms | ${cold.stats.filesParsed} |`,
        `| warm (every parse from the cache) | ${warmMs.toFixed(0)} ms | ${warm.stats.parseMs} ms | ${warm.stats.filesParsed} |`,
        '',
        '| what is sent for the task | tokens | vs whole relevant files |',
        '|---|---|---|',
        `| reference: whole content of the ${relevant.length} files the ranking marks relevant | ${wholeRelevantTokens} | 1.00× |`,
        ...rows,
        '',
        `${cold.stats.filesScanned} files scanned, ${cold.stats.symbols} symbols; tokenizer ${cold.stats.tokenizer}. Task: "${task}". Top of the ranking: ${top}. The map fills whatever budget is left after the relevant files, so a budget above the reference buys breadth (signatures of further files), not more of the relevant ones.`,
      ],
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

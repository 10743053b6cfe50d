import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OuroError } from '../../errors/index.js';
import { buildContext } from './build-context.js';
import { tokenCounter } from './token-counter.js';

const directories: string[] = [];

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'ouro-context-'));
  directories.push(directory);
  return directory;
}

function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
}

function git(root: string, args: string[], date = '2026-01-01T00:00:00Z'): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd: root,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    stdio: 'ignore',
  });
}

function commitAll(root: string, message: string, date?: string): void {
  git(root, ['add', '-A'], date);
  git(root, ['commit', '-q', '-m', message], date);
}

/** A small TypeScript + Python repository with an import graph: cli → service → store ← report. */
const sampleFiles: Record<string, string> = {
  'src/store/open-store.ts':
    "import { Pool } from './pool.js';\nexport interface StoreOptions { url: string }\nexport async function openStore(options: StoreOptions): Promise<Pool> {\n  return new Pool(options.url);\n}\n",
  'src/store/pool.ts': 'export class Pool {\n  constructor(readonly url: string) {}\n  close(): void {}\n}\n',
  'src/service/user-service.ts':
    "import { openStore } from '../store/open-store.js';\nexport class UserService {\n  async load(id: string) { return openStore({ url: id }); }\n}\n",
  'src/cli/main.js':
    "import { UserService } from '../service/user-service.js';\nexport function main(argv) {\n  return new UserService();\n}\n",
  'src/report/summary.ts':
    "import { openStore } from '../store/open-store';\nexport const summarize = (rows: number[]): number => rows.length;\n",
  'src/unrelated/colors.ts':
    'export const palette = ["red", "green"];\nexport function mix(a: string, b: string) { return a + b; }\n',
  'src/unrelated/math.ts': 'export function square(x: number): number { return x * x; }\n',
  'tools/analyze.py':
    'from .helpers import normalize\n\nTHRESHOLD = 3\n\ndef analyze(rows: list) -> int:\n    return len(rows)\n\nclass Analyzer:\n    def run(self, rows):\n        return analyze(rows)\n',
  'tools/helpers.py': 'def normalize(value):\n    return value\n',
  'tools/__init__.py': '',
  'README.md': '# Sample\n\nA sample project.\n',
};

function sampleRepository(): string {
  const root = temporaryDirectory();
  git(root, ['init', '-q']);
  writeFiles(root, sampleFiles);
  commitAll(root, 'initial', '2026-01-01T00:00:00Z');
  // The unrelated files change last, so recency alone would put them first.
  writeFiles(root, { 'src/unrelated/colors.ts': `${sampleFiles['src/unrelated/colors.ts']}// touched\n` });
  commitAll(root, 'touch colors', '2026-01-05T00:00:00Z');
  return root;
}

const now = (): Date => new Date('2026-01-10T00:00:00Z');

describe('buildContext', () => {
  it('extracts symbols from TypeScript, JavaScript and Python files into the map', async () => {
    const root = sampleRepository();
    const built = await buildContext({
      projectDir: root,
      task: 'anything',
      tokenBudget: 20_000,
      maxFullFiles: 0,
      now,
    });
    expect(built.text).toContain(
      'src/store/open-store.ts\n  2: export interface StoreOptions\n  3: export async function openStore(options: StoreOptions): Promise<Pool>\n',
    );
    expect(built.text).toContain('src/cli/main.js\n  2: export function main(argv)\n');
    expect(built.text).toContain(
      'tools/analyze.py\n  3: THRESHOLD\n  5: def analyze(rows: list) -> int\n  8: class Analyzer\n    9: def run(self, rows)\n',
    );
    expect(built.stats.filesScanned).toBe(Object.keys(sampleFiles).length);
    expect(built.stats.symbols).toBeGreaterThanOrEqual(15);
    expect(built.stats.tokenizer).toBe('o200k_base');
  });

  it('ranks the mentioned file first, then its importers, ahead of recently changed unrelated files', async () => {
    const root = sampleRepository();
    const built = await buildContext({
      projectDir: root,
      task: 'openStore in src/store/open-store.ts must retry on busy errors',
      tokenBudget: 20_000,
      now,
    });
    const order = built.files.map((file) => file.path);
    expect(order[0]).toBe('src/store/open-store.ts');
    expect(order.slice(1, 3).sort()).toEqual(['src/report/summary.ts', 'src/service/user-service.ts']);
    const first = built.files[0]!;
    expect(first.reason).toEqual(expect.arrayContaining(['mentioned in the task', 'defines openStore']));
    expect(first.included).toBe('full');
    expect(built.files[1]!.reason.join(' ')).toMatch(/imports src\/store\/open-store\.ts/);
    const colors = built.files.find((file) => file.path === 'src/unrelated/colors.ts')!;
    expect(colors.reason).toContain('changed recently');
    expect(colors.relevant).toBe(false);
    expect(order.indexOf('src/unrelated/colors.ts')).toBeGreaterThan(order.indexOf('src/store/pool.ts'));
    // The mentioned file's content is in the text, in a fence.
    expect(built.text).toContain('src/store/open-store.ts\n```ts\nimport { Pool }');
  });

  it('follows Python relative imports in the ranking', async () => {
    const root = sampleRepository();
    const built = await buildContext({
      projectDir: root,
      task: 'normalize should trim strings',
      tokenBudget: 20_000,
      now,
    });
    expect(built.files[0]!.path).toBe('tools/helpers.py');
    expect(built.files[1]!.path).toBe('tools/analyze.py');
    expect(built.files[1]!.reason).toContain('imports tools/helpers.py');
  });

  it('counts recent changes only within the age limit of `now`', async () => {
    const root = sampleRepository();
    const late = await buildContext({
      projectDir: root,
      task: 'anything',
      tokenBudget: 1000,
      now: () => new Date('2027-01-01T00:00:00Z'),
    });
    expect(late.files.some((file) => file.reason.includes('changed recently'))).toBe(false);
  });

  it('never exceeds the token budget, and reports the count of the text it returns', async () => {
    const root = sampleRepository();
    const counter = await tokenCounter();
    for (const tokenBudget of [1, 20, 60, 150, 400, 2000]) {
      const built = await buildContext({
        projectDir: root,
        task: 'openStore in src/store/open-store.ts',
        tokenBudget,
        now,
      });
      expect(built.tokens).toBeLessThanOrEqual(tokenBudget);
      expect(built.tokens).toBe(counter.count(built.text));
      const parts = built.files.reduce((sum, file) => sum + file.tokens, 0);
      expect(parts).toBeLessThanOrEqual(tokenBudget);
      if (tokenBudget >= 60) expect(built.files.some((file) => file.included !== 'omitted')).toBe(true);
    }
    const tight = await buildContext({ projectDir: root, task: 'openStore', tokenBudget: 60, now });
    expect(tight.files.some((file) => file.included === 'omitted')).toBe(true);
  });

  it('restricts the files considered to the --files glob', async () => {
    const root = sampleRepository();
    const built = await buildContext({
      projectDir: root,
      task: 'openStore in src/store/open-store.ts',
      tokenBudget: 5000,
      files: 'tools/**',
      now,
    });
    expect(built.files.map((file) => file.path).sort()).toEqual([
      'tools/__init__.py',
      'tools/analyze.py',
      'tools/helpers.py',
    ]);
    expect(built.text).not.toContain('open-store');
  });

  it('works in a directory that is not a git repository, honouring .gitignore files', async () => {
    const root = temporaryDirectory();
    writeFiles(root, {
      '.gitignore': 'build/\n*.log\n!keep.log\n/secret.ts\n',
      'src/app.ts': 'export function start(): void {}\n',
      'src/secret.ts': 'export const notAtTheRoot = 1;\n',
      'secret.ts': 'export const ignored = 1;\n',
      'build/out.js': 'function built() {}\n',
      'debug.log': 'noise\n',
      'keep.log': 'kept\n',
      'node_modules/pkg/index.js': 'module.exports = 1;\n',
      'pkg/.gitignore': 'generated.ts\n',
      'pkg/generated.ts': 'export const generated = 1;\n',
      'pkg/index.ts': 'export const real = 1;\n',
    });
    const built = await buildContext({ projectDir: root, task: 'start the app', tokenBudget: 2000, now });
    expect(built.files.map((file) => file.path).sort()).toEqual([
      '.gitignore',
      'keep.log',
      'pkg/.gitignore',
      'pkg/index.ts',
      'src/app.ts',
      'src/secret.ts',
    ]);
    expect(built.files[0]!.path).toBe('src/app.ts');
    expect(built.files.every((file) => !file.reason.includes('changed recently'))).toBe(true);
  });

  it('skips binary files and files over the size limit', async () => {
    const root = sampleRepository();
    writeFiles(root, {
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02]),
      'data/huge.ts': `export const big = "${'x'.repeat(5000)}";\n`,
    });
    commitAll(root, 'assets');
    const built = await buildContext({
      projectDir: root,
      task: 'the logo and the big constant',
      tokenBudget: 5000,
      maxFileBytes: 4096,
      now,
    });
    const listed = built.files.map((file) => file.path);
    expect(listed).not.toContain('assets/logo.png');
    expect(listed).not.toContain('data/huge.ts');
    expect(built.stats.filesSkipped).toBe(2);
    expect(built.stats.filesScanned).toBe(Object.keys(sampleFiles).length);
  });

  it('does not abort on a file that fails to parse; the other files keep their symbols', async () => {
    const root = sampleRepository();
    writeFiles(root, {
      'src/broken.ts': 'export function (((( {{{ class ;;; <<<>>> \u0000\n'.replace('\u0000', ''),
      'src/garbage.py': 'def (:\n  ))) class\n\tlambda lambda\n',
    });
    const built = await buildContext({
      projectDir: root,
      task: 'openStore in src/store/open-store.ts',
      tokenBudget: 20_000,
      maxFullFiles: 0,
      now,
    });
    const listed = built.files.map((file) => file.path);
    expect(listed).toEqual(expect.arrayContaining(['src/broken.ts', 'src/garbage.py']));
    expect(built.stats.parseFailures).toBe(2);
    expect(built.text).toContain('export async function openStore(options: StoreOptions): Promise<Pool>');
  });

  it('re-parses only the files whose content changed since the last call in this process', async () => {
    const root = sampleRepository();
    writeFiles(root, { 'src/fresh.ts': `export const marker${process.pid}${Date.now()} = 1;\n` });
    await buildContext({ projectDir: root, task: 'anything', tokenBudget: 500, now });
    const warm = await buildContext({ projectDir: root, task: 'anything', tokenBudget: 500, now });
    expect(warm.stats.filesParsed).toBe(0);
    writeFiles(root, { 'src/fresh.ts': `export const changed${process.pid}${Date.now()} = 2;\n` });
    const changed = await buildContext({ projectDir: root, task: 'anything', tokenBudget: 500, now });
    expect(changed.stats.filesParsed).toBe(1);
  });

  it('refuses invalid options and a missing project directory with their codes', async () => {
    const root = temporaryDirectory();
    await expect(buildContext({ projectDir: root, task: '  ', tokenBudget: 100 })).rejects.toMatchObject({
      code: 'OURO_CONTEXT_OPTIONS_INVALID',
    });
    await expect(buildContext({ projectDir: root, task: 'x', tokenBudget: 0 })).rejects.toBeInstanceOf(
      OuroError,
    );
    await expect(
      buildContext({ projectDir: path.join(root, 'missing'), task: 'x', tokenBudget: 100 }),
    ).rejects.toMatchObject({ code: 'OURO_CONTEXT_PROJECT_NOT_FOUND' });
  });
});

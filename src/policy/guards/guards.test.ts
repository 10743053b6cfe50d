import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTemporaryGitRepository,
  type TemporaryGitRepository,
} from '../../../test/support/temporary-git-repository.js';
import { ouroConfigSchema } from '../../config/index.js';
import { complexityGuard } from './complexity-guard.js';
import { dependencyGuard } from './dependency-guard.js';
import { diffSizeGuard } from './diff-size-guard.js';
import type { ContentGuard, FileContents } from './file-contents.js';
import type { Guard, SafetySettings } from './guard.js';
import { parseDiff } from './parse-diff.js';
import { protectedPathsGuard } from './protected-paths-guard.js';
import { publicApiGuard } from './public-api-guard.js';
import { runGuards } from './run-guards.js';
import { weakenedTestsGuard } from './weakened-tests-guard.js';

let repository: TemporaryGitRepository;
const defaults = (): SafetySettings => ouroConfigSchema.parse({}).safety;

beforeEach(() => {
  repository = createTemporaryGitRepository();
});
afterEach(() => repository.cleanup());

/** Commits `before`, then applies `after` (null deletes) and returns the guard's findings on the diff. */
function change(
  guard: Guard,
  before: Record<string, string>,
  after: Record<string, string | null>,
  safety: SafetySettings = defaults(),
) {
  for (const [file, content] of Object.entries(before)) repository.write(file, content);
  const base = repository.commit('base');
  for (const [file, content] of Object.entries(after)) {
    if (content === null) repository.remove(file);
    else repository.write(file, content);
  }
  const head = repository.commit('head');
  return guard.check(parseDiff(repository.git('diff', '-M', base, head)), safety);
}

/** File contents at two commits, read with git show (absent files are undefined). */
function gitContents(base: string, head: string): FileContents {
  const show = (ref: string, file: string): Promise<string | undefined> => {
    try {
      return Promise.resolve(repository.git('show', `${ref}:${file}`));
    } catch {
      return Promise.resolve(undefined);
    }
  };
  return { before: (file) => show(base, file), after: (file) => show(head, file) };
}

/** Like change(), for a guard that reads file contents. */
async function contentChange(
  guard: ContentGuard,
  before: Record<string, string>,
  after: Record<string, string | null>,
  safety: SafetySettings = defaults(),
) {
  for (const [file, content] of Object.entries(before)) repository.write(file, content);
  const base = repository.commit('base');
  for (const [file, content] of Object.entries(after)) {
    if (content === null) repository.remove(file);
    else repository.write(file, content);
  }
  const head = repository.commit('head');
  return guard.check(parseDiff(repository.git('diff', '-M', base, head)), safety, gitContents(base, head));
}

describe('complexity guard', () => {
  const branches = (count: number) =>
    Array.from({ length: count }, (_, index) => `  if (x === ${index}) return ${index};`).join('\n');

  it('reports functions whose complexity rose by more than the limit, and new complex functions', async () => {
    const safety = { ...defaults(), complexity: { max_complexity: 3 } };
    const findings = await contentChange(
      complexityGuard,
      {
        'src/a.ts': `export function grows(x: number) {\n${branches(1)}\n  return -1;\n}\nexport function same(x: number) {\n${branches(5)}\n}\n`,
      },
      {
        'src/a.ts': `export function grows(x: number) {\n${branches(5)}\n  return -1;\n}\nexport function same(x: number) {\n${branches(5)}\n}\nclass K {\n  fresh(x: number) {\n${branches(3)}\n  }\n}\n`,
        'tool.py': 'def check(a, b):\n    if a and b or a:\n        return 1\n    return 2\n',
      },
      safety,
    );
    expect(findings.map((finding) => [finding.file, finding.line, finding.message])).toEqual([
      [
        'src/a.ts',
        1,
        'cyclomatic complexity of grows rose from 2 to 6 (+4, more than safety.complexity.max_complexity 3)',
      ],
      [
        'src/a.ts',
        17,
        'new function K.fresh has cyclomatic complexity 4 (more than safety.complexity.max_complexity 3)',
      ],
      [
        'tool.py',
        1,
        'new function check has cyclomatic complexity 4 (more than safety.complexity.max_complexity 3)',
      ],
    ]);
  });

  it('stays quiet within the limit', async () => {
    const findings = await contentChange(
      complexityGuard,
      { 'src/a.js': `function f(x) {\n${branches(1)}\n}\n` },
      { 'src/a.js': `function f(x) {\n${branches(4)}\n}\n` },
    );
    expect(findings).toEqual([]);
  });
});

describe('public API guard', () => {
  it('lists exported symbols a change removes, from modified, renamed and deleted modules', async () => {
    const findings = await contentChange(
      publicApiGuard,
      {
        'src/a.ts':
          'export function one() {}\nexport const two = 2, three = 3;\nexport { one as uno };\nexport default one;\n',
        'src/b.ts': 'export interface Shape { x: number }\nexport type Id = string;\n'.repeat(3),
        'lib/util.py': 'def helper():\n    pass\n\ndef _private():\n    pass\n\nLIMIT = 3\n',
        'src/a.test.ts': 'export const fixture = 1;\n',
        'src/gone.ts': 'export const gone = 1;\n',
      },
      {
        'src/a.ts': 'export function one() {}\nexport const two = 2;\n',
        'src/b.ts': null,
        'src/c.ts': 'export interface Shape { x: number }\nexport type Id = string;\n'
          .repeat(3)
          .replaceAll('type Id', 'type Key'),
        'src/gone.ts': null,
        'lib/util.py': 'def helper():\n    pass\n',
        'src/a.test.ts': null,
      },
    );
    expect(findings.map((finding) => [finding.file, finding.message])).toEqual([
      ['lib/util.py', 'exported symbols removed: LIMIT'],
      ['src/a.ts', 'exported symbols removed: three, uno, default'],
      ['src/c.ts', 'exported symbols removed: Id'],
      ['src/gone.ts', 'exported symbols removed (module deleted): gone'],
    ]);
  });
});

describe('protected paths guard', () => {
  it('reports changes to protected globs (dot files included) as HIGH, and nothing else', () => {
    const findings = change(
      protectedPathsGuard,
      { '.github/workflows/ci.yml': 'on: push\n', 'src/app.ts': 'x\n', 'config/.env.local': 'A=1\n' },
      { '.github/workflows/ci.yml': 'on: [push]\n', 'src/app.ts': 'y\n', 'config/.env.local': null },
    );
    expect(findings).toEqual([
      {
        guard: 'protected-paths',
        severity: 'high',
        file: '.github/workflows/ci.yml',
        line: undefined,
        message: 'modified protected path .github/workflows/ci.yml (matches .github/workflows/**)',
      },
      expect.objectContaining({ file: 'config/.env.local', message: expect.stringContaining('deleted') }),
    ]);
  });

  it('uses the configured globs and checks both sides of a rename', () => {
    const safety = { ...defaults(), protected_paths: ['infra/**'] };
    const findings = change(
      protectedPathsGuard,
      { 'infra/main.tf': 'resource "a" "b" {}\n'.repeat(5) },
      { 'infra/main.tf': null, 'moved/main.tf': 'resource "a" "b" {}\n'.repeat(5) },
      safety,
    );
    expect(findings.map((finding) => finding.file)).toEqual(['infra/main.tf']);
  });
});

describe('diff size guard', () => {
  it('reports more files or lines than configured as MEDIUM', () => {
    const safety = { ...defaults(), max_files_changed: 2, max_lines_changed: 5 };
    const findings = change(diffSizeGuard, {}, { a: '1\n2\n', b: '1\n2\n', c: '1\n2\n' }, safety);
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ['medium', '3 files changed (limit 2, safety.max_files_changed)'],
      ['medium', '6 lines changed (limit 5, safety.max_lines_changed)'],
    ]);
  });

  it('stays quiet within the limits', () => {
    expect(change(diffSizeGuard, {}, { a: '1\n' })).toEqual([]);
  });
});

describe('weakened tests guard', () => {
  const testFile = [
    "import { expect, it } from 'vitest';",
    "it('adds', () => {",
    '  expect(1 + 1).toBe(2);',
    '  expect(2 + 2).toBe(4);',
    '});',
    "it('subtracts', () => {",
    '  expect(2 - 1).toBe(1);',
    '});',
    '',
  ].join('\n');

  it('reports a deleted test file as HIGH', () => {
    const findings = change(
      weakenedTestsGuard,
      { 'src/math.test.ts': testFile },
      { 'src/math.test.ts': null },
    );
    expect(findings).toEqual([
      {
        guard: 'weakened-tests',
        severity: 'high',
        file: 'src/math.test.ts',
        line: undefined,
        message: 'test file deleted',
      },
    ]);
  });

  it('reports removed test cases and assertions with their old line numbers', () => {
    const weakened = testFile
      .replace("it('subtracts', () => {\n  expect(2 - 1).toBe(1);\n});\n", '')
      .replace('  expect(2 + 2).toBe(4);\n', '');
    const findings = change(
      weakenedTestsGuard,
      { 'src/math.test.ts': testFile },
      { 'src/math.test.ts': weakened },
    );
    expect(findings.map((finding) => [finding.severity, finding.line, finding.message])).toEqual([
      ['high', 6, '1 test case(s) removed'],
      ['medium', 4, '2 assertion(s) removed'],
    ]);
  });

  it('does not count moved or rewritten-in-place tests', () => {
    const reordered = testFile.replace(
      "it('adds', () => {\n  expect(1 + 1).toBe(2);\n  expect(2 + 2).toBe(4);\n});\nit('subtracts', () => {\n  expect(2 - 1).toBe(1);\n});\n",
      "it('subtracts', () => {\n  expect(2 - 1).toBe(1);\n});\nit('adds', () => {\n  expect(1 + 1).toBe(2);\n  expect(2 + 2).toEqual(4);\n});\n",
    );
    expect(
      change(weakenedTestsGuard, { 'src/math.test.ts': testFile }, { 'src/math.test.ts': reordered }),
    ).toEqual([]);
  });

  it('reports added skip and only markers in JS and Python tests', () => {
    const findings = change(
      weakenedTestsGuard,
      { 'src/math.test.ts': testFile, 'tests/test_api.py': 'def test_get():\n    assert True\n' },
      {
        'src/math.test.ts': testFile
          .replace("it('adds'", "it.skip('adds'")
          .replace("it('subtracts'", "it.only('subtracts'"),
        'tests/test_api.py': '@pytest.mark.skip(reason="flaky")\ndef test_get():\n    assert True\n',
      },
    );
    expect(findings.map((finding) => [finding.file, finding.line, finding.message])).toEqual([
      ['src/math.test.ts', 2, 'skip/only marker added: it.skip'],
      ['src/math.test.ts', 6, 'skip/only marker added: it.only'],
      ['tests/test_api.py', 1, 'skip/only marker added: @pytest.mark.skip'],
    ]);
  });

  it('reports removed Python test functions and assertions', () => {
    const findings = change(
      weakenedTestsGuard,
      {
        'tests/test_api.py': 'def test_get():\n    assert get() == 1\n\ndef test_put():\n    assert put()\n',
      },
      { 'tests/test_api.py': 'def test_get():\n    assert get() == 1\n' },
    );
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ['high', '1 test case(s) removed'],
      ['medium', '1 assertion(s) removed'],
    ]);
  });

  it('reports lowered and removed coverage thresholds as HIGH, but not raised ones', () => {
    const before = 'thresholds: {\n  lines: 90,\n  branches: 80,\n  functions: 70,\n}\n';
    const after = 'thresholds: {\n  lines: 85,\n  functions: 75,\n}\n';
    const findings = change(
      weakenedTestsGuard,
      { 'vitest.config.ts': before },
      { 'vitest.config.ts': after },
    );
    expect(findings.map((finding) => [finding.severity, finding.line, finding.message])).toEqual([
      ['high', 2, 'coverage threshold lines lowered from 90 to 85'],
      ['high', 3, 'coverage threshold branches (80) removed'],
    ]);
  });
});

describe('dependency guard', () => {
  const manifest = (dependencies: string, devDependencies: string) =>
    `{\n  "name": "app",\n  "version": "1.0.0",\n  "scripts": {\n    "test": "vitest"\n  },\n  "dependencies": {\n${dependencies}\n  },\n  "devDependencies": {\n${devDependencies}\n  }\n}\n`;

  it('lists new npm dependencies by name, changed ranges, removals and lock file changes', () => {
    const findings = change(
      dependencyGuard,
      {
        'package.json': manifest('    "zod": "^4.0.0",\n    "kysely": "^0.28.0"', '    "vitest": "^4.0.0"'),
        'package-lock.json': '{}\n',
      },
      {
        'package.json': manifest(
          '    "zod": "^4.1.0",\n    "left-pad": "1.3.0",\n    "express": "^5.0.0"',
          '    "vitest": "^4.0.0",\n    "tsx": "^4.0.0"',
        ),
        'package-lock.json': '{"lockfileVersion": 3}\n',
      },
    );
    expect(findings.map((finding) => [finding.severity, finding.file, finding.message])).toEqual([
      ['low', 'package-lock.json', 'lock file modified'],
      ['medium', 'package.json', 'new dependencies: left-pad, express, tsx'],
      ['low', 'package.json', 'dependency zod changed: ^4.0.0 → ^4.1.0'],
      ['low', 'package.json', 'removed dependencies: kysely'],
    ]);
  });

  it('ignores package.json changes outside dependency sections', () => {
    const findings = change(
      dependencyGuard,
      { 'package.json': manifest('    "zod": "^4.0.0"', '    "vitest": "^4.0.0"') },
      {
        'package.json': manifest('    "zod": "^4.0.0"', '    "vitest": "^4.0.0"')
          .replace('"1.0.0"', '"1.1.0"')
          .replace('"vitest"\n', '"vitest run"\n'),
      },
    );
    expect(findings).toEqual([]);
  });

  it('lists new Python dependencies from requirements files and pyproject.toml', () => {
    const findings = change(
      dependencyGuard,
      {
        'requirements-dev.txt': '# tools\npytest==8.0\n',
        'pyproject.toml': '[project]\nname = "app"\ndependencies = [\n    "requests>=2.31",\n]\n',
      },
      {
        'requirements-dev.txt': '# tools\npytest==8.0\nRuff>=0.5\n-r base.txt\n',
        'pyproject.toml':
          '[project]\nname = "app"\ndependencies = [\n    "requests>=2.31",\n    "httpx[http2]>=0.27",\n]\n',
      },
    );
    expect(findings.map((finding) => [finding.file, finding.message])).toEqual([
      ['pyproject.toml', 'new dependencies: httpx'],
      ['requirements-dev.txt', 'new dependencies: ruff'],
    ]);
  });
});

describe('runGuards', () => {
  it('runs the diff guards, and the content guards only with file contents; most severe first', async () => {
    repository.write('src/a.test.ts', "it('a', () => {});\n");
    repository.write('src/api.ts', 'export function kept() {}\nexport function dropped() {}\n');
    const base = repository.commit('base');
    repository.remove('src/a.test.ts');
    repository.write('src/api.ts', 'export function kept() {}\n');
    repository.write('.ouro/config.yaml', `token: sk-ant-${'x'.repeat(20)}\n`);
    repository.write('requirements.txt', 'flask\n');
    const head = repository.commit('head');
    const files = parseDiff(repository.git('diff', base, head));
    const withoutContents = await runGuards(files, defaults());
    expect(withoutContents.findings.map((finding) => [finding.severity, finding.guard])).toEqual([
      ['critical', 'secrets'],
      ['high', 'protected-paths'],
      ['high', 'weakened-tests'],
      ['medium', 'dependencies'],
    ]);
    expect(withoutContents.notRun).toEqual([
      'complexity: needs the files before and after (not available for a diff file)',
      'public-api: needs the files before and after (not available for a diff file)',
    ]);
    const withContents = await runGuards(files, defaults(), gitContents(base, head));
    expect(withContents.notRun).toEqual([]);
    expect(withContents.findings.map((finding) => finding.guard)).toEqual([
      'secrets',
      'protected-paths',
      'weakened-tests',
      'dependencies',
      'public-api',
    ]);
  });
});

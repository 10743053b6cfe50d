/**
 * Which tools a project is set up for, judged by their configuration files — the way an editor
 * decides which language servers to start. Used by `vscode_diagnostics` and `code_fixers` to run
 * "whichever the project uses", and by the `test` adapter to pick a default runner.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function anyExists(projectDir: string, names: readonly string[]): boolean {
  return names.some((name) => existsSync(path.join(projectDir, name)));
}

function readText(projectDir: string, name: string): string | undefined {
  try {
    return readFileSync(path.join(projectDir, name), 'utf8');
  } catch {
    return undefined;
  }
}

function packageJson(projectDir: string): Record<string, unknown> | undefined {
  const text = readText(projectDir, 'package.json');
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `package.json` names the package in any dependency section. */
export function hasPackageDependency(projectDir: string, name: string): boolean {
  const manifest = packageJson(projectDir);
  if (manifest === undefined) return false;
  return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((section) => {
    const entries = manifest[section];
    return typeof entries === 'object' && entries !== null && name in entries;
  });
}

function pyprojectHas(projectDir: string, table: string): boolean {
  const text = readText(projectDir, 'pyproject.toml');
  return text !== undefined && new RegExp(`^\\[${table.replace('.', '\\.')}(\\.|\\])`, 'm').test(text);
}

function setupCfgHas(projectDir: string, section: string): boolean {
  const text = readText(projectDir, 'setup.cfg');
  return text !== undefined && new RegExp(`^\\[${section}\\]`, 'm').test(text);
}

const scriptExtensions = ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'];

export const eslintConfigFiles = [
  ...scriptExtensions.map((extension) => `eslint.config.${extension}`),
  '.eslintrc',
  '.eslintrc.js',
  '.eslintrc.cjs',
  '.eslintrc.json',
  '.eslintrc.yaml',
  '.eslintrc.yml',
];

export const prettierConfigFiles = [
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.json5',
  '.prettierrc.yaml',
  '.prettierrc.yml',
  '.prettierrc.toml',
  ...scriptExtensions.map((extension) => `.prettierrc.${extension}`),
  ...scriptExtensions.map((extension) => `prettier.config.${extension}`),
];

export function usesEslint(projectDir: string): boolean {
  return anyExists(projectDir, eslintConfigFiles);
}

export function usesTypeScript(projectDir: string): boolean {
  return anyExists(projectDir, ['tsconfig.json']);
}

export function usesPrettier(projectDir: string): boolean {
  return anyExists(projectDir, prettierConfigFiles) || packageJson(projectDir)?.prettier !== undefined;
}

export function usesRuff(projectDir: string): boolean {
  return anyExists(projectDir, ['ruff.toml', '.ruff.toml']) || pyprojectHas(projectDir, 'tool.ruff');
}

export function usesMypy(projectDir: string): boolean {
  return (
    anyExists(projectDir, ['mypy.ini', '.mypy.ini']) ||
    pyprojectHas(projectDir, 'tool.mypy') ||
    setupCfgHas(projectDir, 'mypy')
  );
}

export function usesBlack(projectDir: string): boolean {
  return pyprojectHas(projectDir, 'tool.black');
}

export function usesIsort(projectDir: string): boolean {
  return (
    anyExists(projectDir, ['.isort.cfg']) ||
    pyprojectHas(projectDir, 'tool.isort') ||
    setupCfgHas(projectDir, 'isort')
  );
}

export type JavaScriptTestRunner = 'vitest' | 'jest';

/** The project's JavaScript test runner, from its config file or its package.json. */
export function detectTestRunner(projectDir: string): JavaScriptTestRunner | undefined {
  const vitestConfigs = ['vitest.config', 'vitest.workspace'].flatMap((stem) =>
    scriptExtensions.map((extension) => `${stem}.${extension}`),
  );
  if (anyExists(projectDir, vitestConfigs) || hasPackageDependency(projectDir, 'vitest')) return 'vitest';
  const jestConfigs = [
    ...scriptExtensions.map((extension) => `jest.config.${extension}`),
    'jest.config.json',
  ];
  if (
    anyExists(projectDir, jestConfigs) ||
    hasPackageDependency(projectDir, 'jest') ||
    packageJson(projectDir)?.jest !== undefined
  ) {
    return 'jest';
  }
  return undefined;
}

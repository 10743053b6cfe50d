/**
 * Test helper: a fresh copy of examples/demo-ts in a temporary directory with the repository's
 * node_modules symlinked in, so the demo's eslint, typescript, prettier and vitest resolve exactly
 * as they do inside the repository, while the committed example stays untouched.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface DemoProject {
  dir: string;
  remove(): void;
}

export function copyDemoProject(): DemoProject {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'ouro-demo-'));
  const dir = path.join(parent, 'demo-ts');
  cpSync(path.join(repositoryRoot, 'examples', 'demo-ts'), dir, {
    recursive: true,
    filter: (source) => !['node_modules', '.ouro'].includes(path.basename(source)),
  });
  symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** The environment a step sees in these tests: enough to find node and git, nothing from vitest. */
export function toolTestEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
}

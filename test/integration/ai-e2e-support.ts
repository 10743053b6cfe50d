/**
 * Shared pieces of the AI end-to-end tests (ai-*.test.ts): the store dialects the real `ouro` binary
 * runs on (SQLite, and PostgreSQL in a fresh schema when OURO_TEST_DATABASE_URL is set), a temp
 * project, and the ledger read back through the store the binary wrote.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import type { ModelCallEntry } from '../../src/store/types.js';
import { cliDialects, type CliDialect } from '../support/cli-dialects.js';
import { runCli, type CliResult } from '../support/run-cli.js';

/** The databases the AI end-to-end tests run on (see test/support/cli-dialects.ts). */
export function dialects(prefix: string): CliDialect[] {
  return cliDialects(prefix);
}

/** A temp project directory holding `files` (paths relative to it). */
export function createProject(files: Record<string, string>): string {
  const project = mkdtempSync(path.join(tmpdir(), 'ouro-ai-e2e-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
    writeFileSync(path.join(project, name), text);
  }
  return project;
}

/** The environment every AI test run gets: the fake server as Anthropic, and no stray model settings. */
export function modelEnv(anthropicBaseUrl: string): NodeJS.ProcessEnv {
  return {
    ANTHROPIC_BASE_URL: anthropicBaseUrl,
    ANTHROPIC_API_KEY: 'test-key',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    OURO_MODEL: 'anthropic:claude-sonnet-4-5',
    OURO_MODEL_CASSETTE: '',
    OURO_MODEL_CASSETTE_MODE: '',
  };
}

export function ouroIn(project: string, env: NodeJS.ProcessEnv) {
  return (...args: string[]): Promise<CliResult> => runCli([...args, '-C', project], { env });
}

/** The ledger rows of one run, read through the store `ouro` wrote (either dialect). */
export async function ledgerOf(
  project: string,
  env: NodeJS.ProcessEnv,
  runId: string,
): Promise<ModelCallEntry[]> {
  const url = env.OURO_DATABASE_URL;
  const store = await openStore({ projectDir: project, url: url === '' ? undefined : url });
  try {
    return await store.modelCalls.list({ runId });
  } finally {
    await store.close();
  }
}

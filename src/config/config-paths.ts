/**
 * Resolves the paths a config names relative to the project directory, so that every layer agrees on
 * where `.ouro/`, the log and the workflows are. Which database `database.url` selects is decided by
 * store/database-url.ts (`resolveDatabaseTarget`), the one place that opens it.
 */
import path from 'node:path';
import type { OuroConfig } from './schema/ouro-config.js';

export function resolveWorkDir(config: OuroConfig, projectDir: string): string {
  return path.resolve(projectDir, config.orchestrator.work_dir);
}

export function resolveLogFile(config: OuroConfig, projectDir: string): string {
  return path.resolve(projectDir, config.logging.file);
}

export function resolveWorkflowsDir(config: OuroConfig, projectDir: string): string {
  return path.resolve(projectDir, config.workflows.dir);
}

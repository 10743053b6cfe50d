/**
 * Finds the workflow a user names: a path (relative to the project directory, then to the shell's
 * directory) or a bare name looked up in the workflows directory (`.ai/workflows/<name>.yaml`).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveWorkflowsDir } from '../config/config-paths.js';
import type { OuroConfig } from '../config/schema/ouro-config.js';
import { OuroError } from '../errors/index.js';

function isFile(candidate: string): boolean {
  return existsSync(candidate) && statSync(candidate).isFile();
}

export function resolveWorkflowFile(
  nameOrPath: string,
  config: OuroConfig,
  projectDir: string,
  shellDir: string = process.cwd(),
): string {
  const candidates = [path.resolve(projectDir, nameOrPath), path.resolve(shellDir, nameOrPath)];
  if (!/[\\/]/.test(nameOrPath) && !/\.ya?ml$/.test(nameOrPath)) {
    const directory = resolveWorkflowsDir(config, projectDir);
    candidates.push(path.join(directory, `${nameOrPath}.yaml`), path.join(directory, `${nameOrPath}.yml`));
  }
  const found = candidates.find(isFile);
  if (!found) throw new OuroError('OURO_WORKFLOW_NOT_FOUND', { name: nameOrPath });
  return found;
}

/** The path recorded on a run: relative to the project when inside it, absolute otherwise. */
export function recordedWorkflowPath(file: string, projectDir: string): string {
  const relative = path.relative(projectDir, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/**
 * `ouro init`: writes a commented ouro.config.yaml, creates `.ouro/`, ignores it in git and adds a
 * quality workflow. Idempotent: existing files are left alone (the config is replaced only with force).
 *
 * The `$schema` line points at the package's schemas/config.schema.json: by a relative path when the
 * project lies inside the Ouro package itself (this repository, its examples), otherwise at
 * `node_modules/ouro/schemas/config.schema.json`, where a local install puts it.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configTemplate, fallbackQualityWorkflow } from './config-template.js';
import { configJsonSchemaPath } from './json-schema.js';
import { defaultConfigFiles } from './load-config.js';

export type InitAction = 'created' | 'overwritten' | 'updated' | 'skipped';

export interface InitResult {
  /** Path relative to the project directory. */
  path: string;
  action: InitAction;
  reason?: string;
}

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const installedSchemaReference = 'node_modules/ouro/schemas/config.schema.json';

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export function schemaReferenceFor(projectDir: string): string {
  const relativeToPackage = path.relative(packageRoot, projectDir);
  const insidePackage = !relativeToPackage.startsWith('..') && !path.isAbsolute(relativeToPackage);
  if (!insidePackage || relativeToPackage.split(path.sep).includes('node_modules'))
    return installedSchemaReference;
  return path.relative(projectDir, path.join(packageRoot, configJsonSchemaPath)).split(path.sep).join('/');
}

async function writeConfig(projectDir: string, force: boolean): Promise<InitResult> {
  const target = defaultConfigFiles[0] ?? 'ouro.config.yaml';
  for (const name of defaultConfigFiles) {
    if (!force && (await exists(path.join(projectDir, name)))) {
      return { path: name, action: 'skipped', reason: 'already exists (use --force to overwrite)' };
    }
  }
  const existed = await exists(path.join(projectDir, target));
  await writeFile(path.join(projectDir, target), configTemplate(schemaReferenceFor(projectDir)));
  return { path: target, action: existed ? 'overwritten' : 'created' };
}

const ignoredPatterns = new Set(['.ouro', '.ouro/', '/.ouro', '/.ouro/']);

async function ignoreWorkDir(projectDir: string): Promise<InitResult> {
  const file = path.join(projectDir, '.gitignore');
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === undefined) {
    await writeFile(file, '.ouro/\n');
    return { path: '.gitignore', action: 'created' };
  }
  if (text.split(/\r?\n/).some((line) => ignoredPatterns.has(line.trim()))) {
    return { path: '.gitignore', action: 'skipped', reason: '.ouro/ already ignored' };
  }
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  await writeFile(file, `${text}${separator}.ouro/\n`);
  return { path: '.gitignore', action: 'updated', reason: 'added .ouro/' };
}

async function qualityWorkflowText(): Promise<string> {
  try {
    return await readFile(new URL('../../.ai/workflows/quality.yaml', import.meta.url), 'utf8');
  } catch {
    return fallbackQualityWorkflow;
  }
}

async function writeQualityWorkflow(projectDir: string): Promise<InitResult> {
  const relative = path.join('.ai', 'workflows', 'quality.yaml');
  const file = path.join(projectDir, relative);
  if (await exists(file)) return { path: relative, action: 'skipped', reason: 'already exists' };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, await qualityWorkflowText(), { flag: 'wx' });
  return { path: relative, action: 'created' };
}

export async function initProject(
  projectDir: string,
  options: { force?: boolean } = {},
): Promise<InitResult[]> {
  const root = path.resolve(projectDir);
  await mkdir(root, { recursive: true });
  const results: InitResult[] = [await writeConfig(root, options.force === true)];
  const workDir = path.join(root, '.ouro');
  const workDirExisted = await exists(workDir);
  await mkdir(workDir, { recursive: true });
  results.push(
    workDirExisted
      ? { path: '.ouro/', action: 'skipped', reason: 'already exists' }
      : { path: '.ouro/', action: 'created' },
  );
  results.push(await ignoreWorkDir(root));
  results.push(await writeQualityWorkflow(root));
  return results;
}

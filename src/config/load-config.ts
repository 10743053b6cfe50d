/**
 * Loads the effective config: defaults → file → environment (with `.env` below the real environment)
 * → flags. Every problem is collected into one OURO_CONFIG_INVALID (details.problems), with the file
 * position when the value came from the file. The `.env` file is read, never applied to process.env.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { OuroError, isOuroError } from '../errors/index.js';
import type { ConfigValueSource, OverrideOrigins } from './config-problem.js';
import {
  convertOverride,
  environmentOverrides,
  flagDisplayName,
  flagOverrides,
  type FlagOverrides,
} from './config-overrides.js';
import type { OuroConfig } from './schema/ouro-config.js';
import { configInvalidError, isPlainObject, validateConfigValue } from './validate-config-value.js';
import { parseYamlSource, type SourcePath, type YamlSource } from './yaml-source.js';

export interface LoadConfigOptions {
  projectDir: string;
  /** Explicit config file (relative to projectDir); it must exist. */
  configFile?: string | undefined;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  flags?: Partial<FlagOverrides>;
}

export interface LoadedConfig {
  config: OuroConfig;
  /** Absolute path of the file read, undefined when there is none. */
  file: string | undefined;
  /** Where each key not left at its default came from, by dotted key. */
  sources: Record<string, ConfigValueSource>;
  projectDir: string;
}

export const defaultConfigFiles = ['ouro.config.yaml', path.join('.ouro', 'config.yaml')];

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The config file that applies, read; undefined when no file exists and none was asked for. */
export async function readConfigFile(
  projectDir: string,
  configFile?: string,
): Promise<{ file: string; text: string } | undefined> {
  const candidates = configFile
    ? [path.resolve(projectDir, configFile)]
    : defaultConfigFiles.map((name) => path.join(projectDir, name));
  for (const file of candidates) {
    let text: string | undefined;
    try {
      text = await readIfPresent(file);
    } catch (error) {
      throw configInvalidError(
        file,
        [{ path: '', message: `cannot read the file: ${(error as Error).message}`, source: 'file' }],
        error,
      );
    }
    if (text !== undefined) return { file, text };
  }
  if (configFile) throw new OuroError('OURO_CONFIG_NOT_FOUND', { path: candidates[0] });
  return undefined;
}

/** Parses config YAML; a syntax error becomes an OURO_CONFIG_INVALID with one positioned problem. */
export function parseConfigSource(text: string, file: string): YamlSource {
  try {
    return parseYamlSource(text, file);
  } catch (error) {
    if (isOuroError(error) && error.code === 'OURO_YAML_SYNTAX') {
      const details = error.details as { line: number; column: number };
      throw configInvalidError(
        file,
        [
          {
            path: '',
            line: details.line,
            column: details.column,
            // The position is already in the problem; keep the parser's own words.
            message: error.message.replace(
              /^YAML syntax error in .* at line \d+, column \d+: /s,
              'YAML syntax error: ',
            ),
            source: 'file',
          },
        ],
        error,
      );
    }
    throw error;
  }
}

async function readEnvironment(projectDir: string, env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const text = await readIfPresent(path.join(projectDir, '.env')).catch(() => undefined);
  if (text === undefined) return env;
  return { ...parseDotenv(text), ...env };
}

function leafPaths(value: unknown, prefix: string[] = []): string[] {
  if (!isPlainObject(value) || Object.keys(value).length === 0)
    return prefix.length > 0 ? [prefix.join('.')] : [];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

/** Sets `path`, creating sections; leaves a non-mapping section alone for the schema to report. */
function setPath(root: Record<string, unknown>, sourcePath: SourcePath, value: unknown): void {
  let current = root;
  for (const segment of sourcePath.slice(0, -1)) {
    const key = String(segment);
    const next = Object.hasOwn(current, key) ? current[key] : undefined;
    if (next === undefined || next === null) {
      const created: Record<string, unknown> = {};
      current[key] = created;
      current = created;
    } else if (isPlainObject(next)) {
      current = next;
    } else {
      return;
    }
  }
  current[String(sourcePath[sourcePath.length - 1])] = value;
}

export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const projectDir = path.resolve(options.projectDir);
  const found = await readConfigFile(projectDir, options.configFile);
  const yamlSource = found ? parseConfigSource(found.text, found.file) : undefined;
  const fileValue = yamlSource?.value ?? {};

  const sources: Record<string, ConfigValueSource> = {};
  const overrides: OverrideOrigins = new Map();
  if (!isPlainObject(fileValue)) {
    const validation = validateConfigValue(fileValue, { yamlSource });
    if (!validation.valid) throw configInvalidError(found?.file, validation.problems);
  }
  const merged = structuredClone(fileValue as Record<string, unknown>);
  for (const key of leafPaths(merged)) sources[key] = 'file';

  const env = await readEnvironment(projectDir, options.env ?? process.env);
  const apply = (sourcePath: SourcePath, value: unknown, source: 'env' | 'flag', name: string): void => {
    const dotted = sourcePath.join('.');
    setPath(merged, sourcePath, value);
    for (const key of Object.keys(sources))
      if (key === dotted || key.startsWith(`${dotted}.`)) delete sources[key];
    sources[dotted] = source;
    overrides.set(dotted, { source, name });
  };
  for (const definition of environmentOverrides) {
    const raw = env[definition.name];
    if (raw === undefined || raw === '') continue;
    apply(definition.path, convertOverride(raw, definition.kind), 'env', definition.name);
  }
  for (const definition of flagOverrides) {
    const raw = options.flags?.[definition.name];
    if (raw === undefined) continue;
    apply(definition.path, convertOverride(raw, definition.kind), 'flag', flagDisplayName(definition.name));
  }

  const validation = validateConfigValue(merged, { yamlSource, overrides });
  if (!validation.valid) throw configInvalidError(found?.file, validation.problems);
  return { config: validation.config, file: found?.file, sources, projectDir };
}

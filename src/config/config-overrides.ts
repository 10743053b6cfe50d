/**
 * The environment variables and CLI flags that override config keys, in one table each so that the
 * loader, `ouro config get` and docs/config.md agree. Environment values are strings; integer keys
 * are converted when they look like integers and otherwise left for the schema to reject.
 */
import type { SourcePath } from './yaml-source.js';

type ValueKind = 'string' | 'integer';

export interface OverrideDefinition {
  name: string;
  path: SourcePath;
  kind: ValueKind;
}

export const environmentOverrides: readonly OverrideDefinition[] = [
  { name: 'OURO_MODE', path: ['orchestrator', 'mode'], kind: 'string' },
  { name: 'OURO_WORK_DIR', path: ['orchestrator', 'work_dir'], kind: 'string' },
  { name: 'OURO_DATABASE_URL', path: ['database', 'url'], kind: 'string' },
  { name: 'OURO_LOG_LEVEL', path: ['logging', 'level'], kind: 'string' },
  { name: 'OURO_MODEL', path: ['models', 'default'], kind: 'string' },
  { name: 'OURO_SERVER_HOST', path: ['server', 'host'], kind: 'string' },
  { name: 'OURO_SERVER_PORT', path: ['server', 'port'], kind: 'integer' },
  { name: 'OURO_MAX_PARALLEL', path: ['workflows', 'max_parallel'], kind: 'integer' },
];

/** Values given on the command line; each one wins over file and environment. */
export interface FlagOverrides {
  mode: string;
  workDir: string;
  databaseUrl: string;
  logLevel: string;
  model: string;
  host: string;
  port: number | string;
  maxParallel: number | string;
}

export const flagOverrides: ReadonlyArray<OverrideDefinition & { name: keyof FlagOverrides }> = [
  { name: 'mode', path: ['orchestrator', 'mode'], kind: 'string' },
  { name: 'workDir', path: ['orchestrator', 'work_dir'], kind: 'string' },
  { name: 'databaseUrl', path: ['database', 'url'], kind: 'string' },
  { name: 'logLevel', path: ['logging', 'level'], kind: 'string' },
  { name: 'model', path: ['models', 'default'], kind: 'string' },
  { name: 'host', path: ['server', 'host'], kind: 'string' },
  { name: 'port', path: ['server', 'port'], kind: 'integer' },
  { name: 'maxParallel', path: ['workflows', 'max_parallel'], kind: 'integer' },
];

/** Converts a raw override to the type the schema expects, when it can be converted unambiguously. */
export function convertOverride(raw: string | number, kind: ValueKind): unknown {
  if (kind === 'integer' && typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)) return Number(raw);
  if (kind === 'string' && typeof raw === 'number') return String(raw);
  return raw;
}

/** `--max-parallel` style name of a flag override, for messages. */
export function flagDisplayName(name: keyof FlagOverrides): string {
  return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

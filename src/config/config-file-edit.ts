/**
 * `ouro config get|set` on the config file: edits one dotted key through the yaml Document API so that
 * comments and layout survive, validates the whole resulting file before writing, and writes atomically.
 * Limits: edits the file only (environment and flags still override it at load time).
 */
import { readFile } from 'node:fs/promises';
import { isScalar, type ToStringOptions } from 'yaml';
import { OuroError } from '../errors/index.js';
import { writeFileAtomically } from './atomic-write.js';
import { parseConfigKey } from './config-key.js';
import { parseConfigSource } from './load-config.js';
import { configInvalidError, validateConfigValue } from './validate-config-value.js';
import { parseYamlSource } from './yaml-source.js';

// Long lines are kept (no folding) so that an edit changes only the line it touches.
const printOptions: ToStringOptions = { lineWidth: 0 };

/** Reads a command-line value as YAML: `true` → boolean, `3` → number, `"3"` → string, `[a, b]` → list. */
export function parseCommandLineValue(raw: string): unknown {
  return parseYamlSource(raw, '<value>').value;
}

async function readExisting(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new OuroError('OURO_CONFIG_NOT_FOUND', { path: file });
    throw error;
  }
}

/** The value written in the file at `key`, undefined when the file does not set it. */
export async function getConfigFileValue(file: string, key: string): Promise<unknown> {
  const path = parseConfigKey(key);
  const source = parseConfigSource(await readExisting(file), file);
  const node: unknown = source.document.getIn(path);
  return isScalar(node) ? node.value : ((node as { toJSON?: () => unknown } | undefined)?.toJSON?.() ?? node);
}

export interface SetConfigResult {
  file: string;
  key: string;
  previous: unknown;
  value: unknown;
}

/**
 * Sets `key` to `rawValue` (parsed as YAML) in `file`. The file is rewritten only when the whole
 * result is a valid config; otherwise OURO_CONFIG_INVALID and the file is untouched.
 */
export async function setConfigFileValue(
  file: string,
  key: string,
  rawValue: string,
): Promise<SetConfigResult> {
  const path = parseConfigKey(key);
  const value = parseCommandLineValue(rawValue);
  const source = parseConfigSource(await readExisting(file), file);
  const { document } = source;
  if (document.contents === null) document.contents = document.createNode({});

  const existing: unknown = document.getIn(path, true);
  const previous: unknown = isScalar(existing) ? existing.value : document.getIn(path);
  const newIsScalar = value === null || typeof value !== 'object';
  if (isScalar(existing) && newIsScalar) {
    // Changing the node in place keeps a trailing comment (`mode: manual # why`) attached to it.
    const scalar = existing;
    if (typeof scalar.value !== typeof value) scalar.type = undefined;
    scalar.value = value;
  } else {
    document.setIn(path, document.createNode(value));
  }

  const text = document.toString(printOptions);
  const reparsed = parseConfigSource(text, file);
  const validation = validateConfigValue(reparsed.value ?? {}, { yamlSource: reparsed });
  if (!validation.valid) throw configInvalidError(file, validation.problems);
  await writeFileAtomically(file, text);
  return { file, key, previous, value };
}

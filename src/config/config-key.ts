/**
 * Dotted config keys (`orchestrator.mode`, `models.aliases.fast`, `safety.protected_paths.0`): parsing
 * them against the schema, with a "did you mean" for a mistyped segment, and reading effective values.
 */
import { OuroError } from '../errors/index.js';
import { knownKeysAt, schemaAt, unwrapSchema } from './schema-keys.js';
import { ouroConfigSchema, type OuroConfig } from './schema/ouro-config.js';
import { suggestClosest } from './suggest.js';
import type { SourcePath } from './yaml-source.js';

function isArraySchemaAt(path: SourcePath): boolean {
  const schema = schemaAt(ouroConfigSchema, path);
  return schema !== undefined && unwrapSchema(schema)._zod.def.type === 'array';
}

/** Splits a dotted key into a path the schema knows; throws OURO_CONFIG_KEY_UNKNOWN otherwise. */
export function parseConfigKey(key: string): SourcePath {
  const segments = key.split('.');
  if (key.trim() === '' || segments.some((segment) => segment === '')) {
    throw new OuroError('OURO_CONFIG_KEY_UNKNOWN', { key });
  }
  const path: SourcePath = [];
  for (const segment of segments) {
    const next = isArraySchemaAt(path) && /^\d+$/.test(segment) ? Number(segment) : segment;
    if (schemaAt(ouroConfigSchema, [...path, next]) === undefined) {
      const known = knownKeysAt(ouroConfigSchema, path);
      const suggestion = suggestClosest(segment, known);
      const prefix = path.length > 0 ? `${path.join('.')}.` : '';
      const remedy =
        suggestion !== undefined
          ? `Did you mean \`${prefix}${suggestion}\`? Keys are listed in docs/config.md.`
          : known.length > 0
            ? `Keys here: ${known.map((name) => prefix + name).join(', ')}.`
            : undefined;
      throw new OuroError(
        'OURO_CONFIG_KEY_UNKNOWN',
        { key },
        { details: { key, suggestion: suggestion && prefix + suggestion }, ...(remedy ? { remedy } : {}) },
      );
    }
    path.push(next);
  }
  return path;
}

/** The effective value at a dotted key (undefined when an optional key is unset). */
export function getConfigValue(config: OuroConfig, key: string): unknown {
  let current: unknown = config;
  for (const segment of parseConfigKey(key)) {
    if (current === null || typeof current !== 'object') return undefined;
    const container = current as Record<string | number, unknown>;
    current = Object.hasOwn(container, segment) ? container[segment] : undefined;
  }
  return current;
}

/**
 * Reads the Zod schema to answer "which keys may appear here?" and "which values?", so that "did you
 * mean" suggestions come from the single source of truth instead of a hand-kept list.
 * Limits: understands objects, records, arrays, enums and the wrappers the config schema uses.
 */
import type { z } from 'zod';

interface SchemaDefinition {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  entries?: Record<string, string | number>;
}

function definitionOf(schema: z.ZodType): SchemaDefinition {
  const definition: unknown = schema._zod.def;
  return definition as SchemaDefinition;
}

const wrappers = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** Removes defaults, optionals and pipes around a schema. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 20; depth += 1) {
    const definition = definitionOf(current);
    if (wrappers.has(definition.type) && definition.innerType) current = definition.innerType;
    else if (definition.type === 'pipe' && definition.in) current = definition.in;
    else break;
  }
  return current;
}

/** The schema that validates the value at `path`, or undefined when the path leaves the schema. */
export function schemaAt(root: z.ZodType, path: ReadonlyArray<PropertyKey>): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path) {
    if (!current) return undefined;
    const definition = definitionOf(unwrapSchema(current));
    if (definition.type === 'object' && definition.shape) {
      current = Object.hasOwn(definition.shape, String(segment))
        ? definition.shape[String(segment)]
        : undefined;
    } else if (definition.type === 'record') {
      current = definition.valueType;
    } else if (definition.type === 'array') {
      current = definition.element;
    } else {
      return undefined;
    }
  }
  return current;
}

/** Keys an object schema at `path` accepts (empty for records and non-objects). */
export function knownKeysAt(root: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  const schema = schemaAt(root, path);
  if (!schema) return [];
  const definition = definitionOf(unwrapSchema(schema));
  return definition.type === 'object' && definition.shape ? Object.keys(definition.shape) : [];
}

/** Whether `path` names an object whose keys are free (a record), e.g. `models.aliases`. */
export function isRecordAt(root: z.ZodType, path: ReadonlyArray<PropertyKey>): boolean {
  const schema = schemaAt(root, path);
  return schema !== undefined && definitionOf(unwrapSchema(schema)).type === 'record';
}

/** Every dotted leaf key of an object schema (records and arrays count as leaves). */
export function leafKeys(root: z.ZodType, prefix: string[] = []): string[] {
  const definition = definitionOf(unwrapSchema(root));
  if (definition.type !== 'object' || !definition.shape) return [prefix.join('.')];
  return Object.entries(definition.shape).flatMap(([key, child]) => leafKeys(child, [...prefix, key]));
}

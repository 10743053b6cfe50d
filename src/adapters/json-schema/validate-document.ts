/**
 * Validates a document against a JSON Schema, picking the draft from `$schema` (2020-12 by default,
 * draft-07 when declared). Problems come back as JSON paths so callers can position them.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';

export interface SchemaProblem {
  /** Path segments of the offending value (`['steps', 0, 'id']`). */
  path: Array<string | number>;
  keyword: string;
  message: string;
}

function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function describe(error: ErrorObject): SchemaProblem {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return {
      path: [...path, params.additionalProperty],
      keyword: error.keyword,
      message: `unknown property "${params.additionalProperty}"`,
    };
  }
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return { path, keyword: error.keyword, message: `missing required property "${params.missingProperty}"` };
  }
  return { path, keyword: error.keyword, message: error.message ?? error.keyword };
}

export function validateDocument(schema: Record<string, unknown>, document: unknown): SchemaProblem[] {
  const declared = typeof schema.$schema === 'string' ? schema.$schema : '';
  const ajv = /draft-0[4-7]/.test(declared)
    ? new Ajv({ allErrors: true, strict: false })
    : new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  if (validate(document)) return [];
  return (validate.errors ?? []).map(describe);
}

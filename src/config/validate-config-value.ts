/**
 * Validates a merged config value against the schema and reports every problem at once: the shared
 * step of loading (`loadConfig`) and editing (`ouro config set`).
 */
import { OuroError } from '../errors/index.js';
import {
  formatProblem,
  problemsFromIssues,
  type ConfigProblem,
  type OverrideOrigins,
} from './config-problem.js';
import { ouroConfigSchema, type OuroConfig } from './schema/ouro-config.js';
import type { YamlSource } from './yaml-source.js';

export type ConfigValidation =
  { valid: true; config: OuroConfig } | { valid: false; problems: ConfigProblem[] };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

export function validateConfigValue(
  input: unknown,
  context: { yamlSource?: YamlSource | undefined; overrides?: OverrideOrigins } = {},
): ConfigValidation {
  if (!isPlainObject(input)) {
    return {
      valid: false,
      problems: [
        {
          path: '',
          message: 'the config must be a mapping of sections (orchestrator:, forge:, …)',
          source: context.yamlSource ? 'file' : 'default',
          ...(context.yamlSource ? { line: 1, column: 1 } : {}),
        },
      ],
    };
  }
  const result = ouroConfigSchema.safeParse(input);
  if (result.success) return { valid: true, config: result.data };
  return {
    valid: false,
    problems: problemsFromIssues(result.error.issues, {
      schema: ouroConfigSchema,
      input,
      yamlSource: context.yamlSource,
      overrides: context.overrides ?? (new Map() as OverrideOrigins),
    }),
  };
}

/** One OURO_CONFIG_INVALID carrying every problem in `details.problems`. */
export function configInvalidError(
  file: string | undefined,
  problems: ConfigProblem[],
  cause?: unknown,
): OuroError {
  const first = problems[0];
  const summary = first ? formatProblem(first, file) : 'unknown problem';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new OuroError(
    'OURO_CONFIG_INVALID',
    { message: `${summary}${more}` },
    { details: { file, problems }, ...(cause === undefined ? {} : { cause }) },
  );
}

import type { ExitCodeValue } from './exit-codes.js';

/**
 * One entry of the error registry. `message` and `remedy` are templates: `{name}` is replaced by
 * the matching parameter when the error is raised, so the registry documents every variant.
 */
export interface ErrorDefinition {
  code: `OURO_${string}`;
  message: string;
  remedy: string;
  retryable: boolean;
  exitCode: ExitCodeValue;
  httpStatus: number;
}

export function defineErrors<const T extends Record<string, Omit<ErrorDefinition, 'code'>>>(
  definitions: T,
): { [K in keyof T]: ErrorDefinition & { code: K } } {
  const result: Record<string, ErrorDefinition> = {};
  for (const [code, definition] of Object.entries(definitions)) {
    result[code] = { code: code as `OURO_${string}`, ...definition };
  }
  return result as { [K in keyof T]: ErrorDefinition & { code: K } };
}

/**
 * JSON from a tool's stdout: a parse failure is the tool's (or its version's) problem, reported as
 * OURO_TOOL_OUTPUT_INVALID with the start of the output, never as a bare SyntaxError.
 */
import type { ZodType } from 'zod';
import { OuroError } from '../../../errors/index.js';

export function parseToolJson(text: string, tool: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new OuroError(
      'OURO_TOOL_OUTPUT_INVALID',
      { tool, reason: error instanceof Error ? error.message : String(error) },
      { details: { output: text.slice(0, 2000) } },
    );
  }
}

/** Parses and checks the shape; the schemas are permissive about extra fields. */
export function parseToolJsonAs<T>(text: string, tool: string, schema: ZodType<T>): T {
  const parsed = schema.safeParse(parseToolJson(text.trim(), tool));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    throw new OuroError('OURO_TOOL_OUTPUT_INVALID', {
      tool,
      reason: `unexpected shape${where}: ${issue?.message ?? parsed.error.message}`,
    });
  }
  return parsed.data;
}

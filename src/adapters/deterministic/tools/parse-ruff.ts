/**
 * Parses `ruff check --output-format json`: an array of violations with 1-based `location` and
 * `end_location` ({row, column}), a `code` (null for syntax errors in recent versions) and a message.
 * Ruff has no severities: every violation is an error (a configured rule is a rule the project wants).
 */
import { z } from 'zod';
import type { Diagnostic } from './diagnostics.js';
import { ruffCodeKind } from './kind-rules.js';
import { positiveInteger, toProjectPath } from './project-path.js';
import { parseToolJsonAs } from './tool-json.js';

const locationSchema = z.object({ row: z.number(), column: z.number() }).nullable().optional();

const ruffOutputSchema = z.array(
  z.object({
    code: z.string().nullable().optional(),
    filename: z.string(),
    message: z.string(),
    location: locationSchema,
    end_location: locationSchema,
  }),
);

export function parseRuffJson(text: string, projectDir: string): Diagnostic[] {
  // `ruff check` prints nothing at all when there is nothing to check.
  if (text.trim() === '') return [];
  return parseToolJsonAs(text, 'ruff', ruffOutputSchema).map((violation) => {
    const code = violation.code ?? null;
    const diagnostic: Diagnostic = {
      file: toProjectPath(projectDir, violation.filename),
      line: positiveInteger(violation.location?.row),
      column: positiveInteger(violation.location?.column),
      severity: 'error',
      code,
      message: violation.message,
      tool: 'ruff',
      kind: ruffCodeKind(code),
    };
    if (violation.end_location != null && violation.end_location.row >= 1) {
      diagnostic.endLine = violation.end_location.row;
      diagnostic.endColumn = positiveInteger(violation.end_location.column);
    }
    return diagnostic;
  });
}

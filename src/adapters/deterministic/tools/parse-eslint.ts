/**
 * Parses ESLint's JSON formatter output (`eslint -f json`): an array of files, each with messages.
 * Fatal parse errors have no rule id and become `lint` errors with code null. Accepts extra fields
 * (ESLint adds some between versions) but not a different shape.
 */
import { z } from 'zod';
import type { Diagnostic } from './diagnostics.js';
import { eslintRuleKind } from './kind-rules.js';
import { positiveInteger, toProjectPath } from './project-path.js';
import { parseToolJsonAs } from './tool-json.js';

const eslintMessageSchema = z.object({
  ruleId: z.string().nullable().optional(),
  severity: z.number(),
  message: z.string(),
  line: z.number().optional(),
  column: z.number().optional(),
  endLine: z.number().nullable().optional(),
  endColumn: z.number().nullable().optional(),
  fatal: z.boolean().optional(),
});

const eslintOutputSchema = z.array(
  z.object({
    filePath: z.string(),
    messages: z.array(eslintMessageSchema),
  }),
);

export function parseEslintJson(text: string, projectDir: string): Diagnostic[] {
  const files = parseToolJsonAs(text, 'eslint', eslintOutputSchema);
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    for (const message of file.messages) {
      const ruleId = message.ruleId ?? null;
      const diagnostic: Diagnostic = {
        file: toProjectPath(projectDir, file.filePath),
        line: positiveInteger(message.line),
        column: positiveInteger(message.column),
        severity: message.severity >= 2 || message.fatal === true ? 'error' : 'warning',
        code: ruleId,
        message: message.message,
        tool: 'eslint',
        kind: eslintRuleKind(ruleId),
      };
      if (typeof message.endLine === 'number' && message.endLine >= 1) diagnostic.endLine = message.endLine;
      if (typeof message.endColumn === 'number' && message.endColumn >= 1)
        diagnostic.endColumn = message.endColumn;
      diagnostics.push(diagnostic);
    }
  }
  return diagnostics;
}

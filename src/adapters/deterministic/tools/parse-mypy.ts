/**
 * Parses mypy's output in either form: JSON lines (`--output json`, mypy ≥ 1.11: one object per line
 * with a 0-based `column`, -1 when unknown) or the classic text
 * `file:line[:col[:endline:endcol]]: error|warning|note: message  [code]`. Notes that follow an
 * error at the same place are folded into its message (they are hints, not findings); other notes
 * become `info`. Lines without a position (`mypy: error: …`, `file: error: …`) are returned apart
 * as `problems`: they mean mypy could not check the project.
 */
import { z } from 'zod';
import type { Diagnostic, DiagnosticSeverity } from './diagnostics.js';
import { mypyCodeKind } from './kind-rules.js';
import { stripAnsi, toProjectPath } from './project-path.js';
import { parseToolJsonAs } from './tool-json.js';

export interface MypyParseResult {
  diagnostics: Diagnostic[];
  /** Errors mypy reported without a source position (configuration, missing files, crashes). */
  problems: string[];
}

const jsonLineSchema = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  message: z.string(),
  hint: z.string().nullable().optional(),
  code: z.string().nullable().optional(),
  severity: z.string(),
});

const textLine =
  /^(.+?):(\d+):(?:(\d+):)?(?:(\d+):(\d+):)? (error|warning|note): (.*?)(?: {2}\[([a-z0-9-]+)\])?$/;
const positionlessError = /^(.+?): error: (.*)$/;

function severityOf(word: string): DiagnosticSeverity {
  if (word === 'error') return 'error';
  return word === 'warning' ? 'warning' : 'info';
}

function addOrFold(diagnostics: Diagnostic[], next: Diagnostic): void {
  const previous = diagnostics.at(-1);
  if (
    next.severity === 'info' &&
    previous !== undefined &&
    previous.severity !== 'info' &&
    previous.file === next.file &&
    previous.line === next.line
  ) {
    previous.message += `\n${next.message}`;
    return;
  }
  diagnostics.push(next);
}

export function parseMypyOutput(text: string, projectDir: string): MypyParseResult {
  const diagnostics: Diagnostic[] = [];
  const problems: string[] = [];
  for (const rawLine of stripAnsi(text).split(/\r?\n/)) {
    const line = rawLine.trimEnd();
    if (line === '') continue;
    if (line.startsWith('{')) {
      const entry = parseToolJsonAs(line, 'mypy', jsonLineSchema);
      const code = entry.code ?? null;
      const message =
        entry.hint == null || entry.hint === '' ? entry.message : `${entry.message}\n${entry.hint}`;
      addOrFold(diagnostics, {
        file: toProjectPath(projectDir, entry.file),
        line: Math.max(1, entry.line),
        column: entry.column >= 0 ? entry.column + 1 : 1,
        severity: severityOf(entry.severity),
        code,
        message,
        tool: 'mypy',
        kind: mypyCodeKind(code),
      });
      continue;
    }
    const match = textLine.exec(line);
    if (match !== null) {
      const [
        ,
        file = '',
        lineNumber = '1',
        column,
        endLine,
        endColumn,
        severity = 'error',
        message = '',
        code,
      ] = match;
      const diagnostic: Diagnostic = {
        file: toProjectPath(projectDir, file),
        line: Math.max(1, Number(lineNumber)),
        column: column === undefined ? 1 : Math.max(1, Number(column)),
        severity: severityOf(severity),
        code: code ?? null,
        message,
        tool: 'mypy',
        kind: mypyCodeKind(code ?? null),
      };
      if (endLine !== undefined && endColumn !== undefined) {
        diagnostic.endLine = Math.max(1, Number(endLine));
        diagnostic.endColumn = Math.max(1, Number(endColumn));
      }
      addOrFold(diagnostics, diagnostic);
      continue;
    }
    const positionless = positionlessError.exec(line);
    if (positionless !== null) problems.push(line);
  }
  return { diagnostics, problems };
}

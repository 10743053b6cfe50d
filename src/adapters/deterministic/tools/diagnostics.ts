/**
 * The one diagnostics format every analyzer adapter writes (eslint, tsc, prettier, ruff, mypy, …), so
 * that gates and `has_errors(path, kinds=[…])` can read any of them the same way. `kind` is Ouro's
 * own classification (see kind-rules.ts), not the tool's: it is what lets a workflow send "logic"
 * problems to an AI step while leaving "format" problems to a formatter.
 */
import { z } from 'zod';

export const diagnosticSeverities = ['error', 'warning', 'info'] as const;
export const diagnosticKinds = ['lint', 'format', 'import', 'type', 'logic', 'test', 'security'] as const;

export type DiagnosticSeverity = (typeof diagnosticSeverities)[number];
export type DiagnosticKind = (typeof diagnosticKinds)[number];

export const diagnosticSchema = z
  .object({
    file: z.string().describe('Path relative to the project directory, with forward slashes.'),
    line: z.number().int().min(1).describe('1-based line; 1 when the tool reports none.'),
    column: z.number().int().min(1).describe('1-based column; 1 when the tool reports none.'),
    endLine: z.number().int().min(1).optional(),
    endColumn: z.number().int().min(1).optional(),
    severity: z.enum(diagnosticSeverities),
    code: z.string().nullable().describe("The tool's rule or error code (e.g. `eqeqeq`, `TS2322`, `F401`)."),
    message: z.string(),
    tool: z.string(),
    kind: z.enum(diagnosticKinds),
  })
  .strict();

export type Diagnostic = z.infer<typeof diagnosticSchema>;

export const diagnosticsReportSchema = z
  .object({
    version: z.literal(1),
    tool: z.string().describe('The tool, or a `+`-joined list when several tools were merged.'),
    diagnostics: z.array(diagnosticSchema),
  })
  .strict()
  .describe('Ouro diagnostics artifact (schemas/diagnostics.schema.json)');

export type DiagnosticsReport = z.infer<typeof diagnosticsReportSchema>;

/** The outputs every diagnostics adapter returns; gates and `when` expressions read these. */
export interface DiagnosticsSummary {
  [key: string]: unknown;
  errors: number;
  warnings: number;
  /** Distinct files with at least one diagnostic. */
  files: number;
  by_kind: Record<DiagnosticKind, number>;
}

export function summarizeDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticsSummary {
  const byKind = Object.fromEntries(diagnosticKinds.map((kind) => [kind, 0])) as Record<
    DiagnosticKind,
    number
  >;
  const files = new Set<string>();
  let errors = 0;
  let warnings = 0;
  for (const diagnostic of diagnostics) {
    byKind[diagnostic.kind] += 1;
    files.add(diagnostic.file);
    if (diagnostic.severity === 'error') errors += 1;
    else if (diagnostic.severity === 'warning') warnings += 1;
  }
  return { errors, warnings, files: files.size, by_kind: byKind };
}

/** "2 errors, 1 warning in 1 file" — the step's one-line summary. */
export function describeSummary(summary: DiagnosticsSummary): string {
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ${plural(summary.files, 'file')}`;
}

export function createDiagnosticsReport(tool: string, diagnostics: Diagnostic[]): DiagnosticsReport {
  return { version: 1, tool, diagnostics };
}

/** The JSON Schema committed as schemas/diagnostics.schema.json (checked for drift by a test). */
export function diagnosticsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(diagnosticsReportSchema, { target: 'draft-2020-12' });
}

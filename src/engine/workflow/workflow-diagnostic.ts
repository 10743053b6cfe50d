/** A problem found in a workflow file, positioned for `file:line:column code message` output. */
export interface WorkflowDiagnostic {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
  /** Dotted path of the offending value (`steps[2].with.files`). */
  path: string;
  suggestion?: string;
}

export function formatDiagnostic(diagnostic: WorkflowDiagnostic): string {
  const hint = diagnostic.suggestion ? ` (did you mean "${diagnostic.suggestion}"?)` : '';
  return `${diagnostic.file}:${diagnostic.line}:${diagnostic.column} ${diagnostic.code} ${diagnostic.message}${hint}`;
}

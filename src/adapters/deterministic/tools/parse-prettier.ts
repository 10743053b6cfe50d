/**
 * Parses Prettier's file-list output: `--list-different` (one path per line) and `--check`
 * (`[warn] path` lines between a header and a footer). Each listed file becomes one `format`
 * diagnostic at 1:1 — Prettier reports files, not positions. `[error] path: SyntaxError: …` lines
 * (a file Prettier could not parse) become `lint` errors at the reported position.
 */
import type { Diagnostic, DiagnosticSeverity } from './diagnostics.js';
import { stripAnsi, toProjectPath } from './project-path.js';

const noiseLines = [
  /^Checking formatting\.\.\.$/,
  /^Code style issues (found|were found)/,
  /^All matched files use Prettier code style!$/,
  /^Error occurred when checking code style/,
];
const syntaxErrorLine = /^(.+?): (SyntaxError: .*?)(?: \((\d+):(\d+)\))?$/;

export interface PrettierParseOptions {
  /** What a listed file means: unformatted (check) or reformatted just now (write). */
  mode: 'check' | 'write';
}

export function parsePrettierOutput(
  text: string,
  projectDir: string,
  options: PrettierParseOptions,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const severity: DiagnosticSeverity = options.mode === 'check' ? 'error' : 'info';
  const message =
    options.mode === 'check'
      ? 'File is not formatted as Prettier would (run prettier --write)'
      : 'Reformatted by Prettier';
  for (const rawLine of stripAnsi(text).split(/\r?\n/)) {
    let line = rawLine.trim();
    if (line === '') continue;
    const isError = line.startsWith('[error]');
    line = line.replace(/^\[(warn|error|log)\]\s*/, '');
    if (line === '' || noiseLines.some((pattern) => pattern.test(line))) continue;
    if (isError) {
      const syntax = syntaxErrorLine.exec(line);
      if (syntax === null) continue;
      const [, file = '', reason = '', errorLine, errorColumn] = syntax;
      diagnostics.push({
        file: toProjectPath(projectDir, file),
        line: Math.max(1, Number(errorLine ?? 1)),
        column: Math.max(1, Number(errorColumn ?? 1)),
        severity: 'error',
        code: 'syntax-error',
        message: reason,
        tool: 'prettier',
        kind: 'lint',
      });
      continue;
    }
    // `--write` without `--list-different` prints `path 12ms` (or `path 12ms (unchanged)`).
    const writeLine = /^(.+?) \d+(?:\.\d+)?m?s( \(unchanged\))?$/.exec(line);
    if (writeLine !== null && writeLine[2] !== undefined) continue;
    const file = toProjectPath(projectDir, writeLine?.[1] ?? line);
    if (seen.has(file)) continue;
    seen.add(file);
    diagnostics.push({
      file,
      line: 1,
      column: 1,
      severity,
      code: null,
      message,
      tool: 'prettier',
      kind: 'format',
    });
  }
  return diagnostics;
}

/**
 * Parses `tsc --pretty false` output: `file(line,col): error TSxxxx: message`, with the chained
 * explanation on following lines indented by two spaces, and project-wide errors without a position
 * (`error TS5058: …`), which are reported against the tsconfig file. Lines that match neither (the
 * "Found N errors" footer of newer versions, blank lines) are ignored.
 */
import type { Diagnostic, DiagnosticSeverity } from './diagnostics.js';
import { tscCodeKind } from './kind-rules.js';
import { stripAnsi, toProjectPath } from './project-path.js';

const positionedLine = /^(.+?)\((\d+),(\d+)\): (error|warning|message) (TS\d+): (.*)$/;
const globalLine = /^(error|warning|message) (TS\d+): (.*)$/;

function severityOf(word: string): DiagnosticSeverity {
  if (word === 'error') return 'error';
  return word === 'warning' ? 'warning' : 'info';
}

/**
 * Codes that mean the compiler could not check the project at all (bad options, missing tsconfig,
 * no input files): a broken setup, not findings about the code.
 */
export function isTscConfigError(code: string | null): boolean {
  if (code === null) return false;
  const number = Number(code.replace(/^TS/, ''));
  return (number >= 5000 && number < 6000) || number === 6053 || number === 18003;
}

export function parseTscOutput(text: string, projectDir: string, configFile: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let previous: Diagnostic | undefined;
  for (const rawLine of stripAnsi(text).split(/\r?\n/)) {
    const positioned = positionedLine.exec(rawLine);
    if (positioned !== null) {
      const [, file = '', line = '1', column = '1', severity = 'error', code = '', message = ''] = positioned;
      previous = {
        file: toProjectPath(projectDir, file),
        line: Math.max(1, Number(line)),
        column: Math.max(1, Number(column)),
        severity: severityOf(severity),
        code,
        message,
        tool: 'tsc',
        kind: tscCodeKind(code),
      };
      diagnostics.push(previous);
      continue;
    }
    const global = globalLine.exec(rawLine);
    if (global !== null) {
      const [, severity = 'error', code = '', message = ''] = global;
      previous = {
        file: toProjectPath(projectDir, configFile),
        line: 1,
        column: 1,
        severity: severityOf(severity),
        code,
        message,
        tool: 'tsc',
        kind: tscCodeKind(code),
      };
      diagnostics.push(previous);
      continue;
    }
    if (previous !== undefined && /^\s+\S/.test(rawLine)) {
      previous.message += `\n${rawLine.trim()}`;
      continue;
    }
    previous = undefined;
  }
  return diagnostics;
}

/** The policy layer's entry point: parse a diff, run the guards, assess the risk, build the report. */
import type { OuroConfig } from '../config/index.js';
import { addedLines, removedLines } from './guards/diff-types.js';
import type { FileContents } from './guards/file-contents.js';
import { parseDiff } from './guards/parse-diff.js';
import { runGuards } from './guards/run-guards.js';
import { assessRisk } from './risk/assess-risk.js';
import type { PolicyReport } from './risk/risk-report.js';

export async function checkDiff(
  diffText: string,
  safety: OuroConfig['safety'],
  contents?: FileContents,
): Promise<PolicyReport> {
  const files = parseDiff(diffText);
  const { findings, notRun } = await runGuards(files, safety, contents);
  return {
    filesChanged: files.length,
    linesAdded: files.reduce((sum, file) => sum + addedLines(file).length, 0),
    linesRemoved: files.reduce((sum, file) => sum + removedLines(file).length, 0),
    findings,
    guardsNotRun: notRun,
    risk: assessRisk(findings, safety.risk),
  };
}

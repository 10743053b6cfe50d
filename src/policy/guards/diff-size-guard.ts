/**
 * Changes bigger than `safety.max_files_changed` files or `safety.max_lines_changed` added plus
 * removed lines: MEDIUM, because a reviewer cannot judge a very large change line by line.
 */
import { addedLines, removedLines } from './diff-types.js';
import type { Finding } from './finding.js';
import type { Guard } from './guard.js';

export const diffSizeGuard: Guard = {
  name: 'diff-size',
  check(files, safety) {
    const findings: Finding[] = [];
    if (files.length > safety.max_files_changed) {
      findings.push({
        guard: 'diff-size',
        severity: 'medium',
        file: undefined,
        line: undefined,
        message: `${files.length} files changed (limit ${safety.max_files_changed}, safety.max_files_changed)`,
      });
    }
    const changedLines = files.reduce(
      (sum, file) => sum + addedLines(file).length + removedLines(file).length,
      0,
    );
    if (changedLines > safety.max_lines_changed) {
      findings.push({
        guard: 'diff-size',
        severity: 'medium',
        file: undefined,
        line: undefined,
        message: `${changedLines} lines changed (limit ${safety.max_lines_changed}, safety.max_lines_changed)`,
      });
    }
    return findings;
  },
};

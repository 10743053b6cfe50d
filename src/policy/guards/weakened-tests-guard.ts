/**
 * Changes that make the test suite prove less: deleted test files and removed test cases (HIGH),
 * removed assertions and added skip/only markers (MEDIUM), lowered or removed coverage thresholds
 * (HIGH). Line-based: a removed line that comes back unchanged elsewhere in the same file (moved code)
 * does not count, and only the net loss of test cases or assertions per file is reported.
 */
import type { DiffFile, DiffLine } from './diff-types.js';
import { addedLines, diffFilePath, removedLines } from './diff-types.js';
import type { Finding } from './finding.js';
import type { Guard } from './guard.js';
import { isCoverageConfigPath, isTestPath } from './test-file-path.js';

/** Skipped and focused cases still count as cases here: the skip/only check reports those separately. */
const testCasePattern =
  /(?:^|[^\w.])(?:it|test|xit|xtest|fit)(?:\.(?:skip|only|todo|concurrent|fails|each\s*\([^)]*\)))?\s*\(|^\s*(?:async\s+)?def\s+test_\w*\s*\(/;
const assertionPattern = /(?:^|[^\w.])expect\s*\(|(?:^|[^\w.])assert\b|\bself\.assert[A-Z]\w*\s*\(/;
const skipPattern =
  /(?:^|[^\w.])(?:it|test|describe|suite)\.(?:skip|only|todo)\b|(?:^|[^\w.])(?:xit|xdescribe|xtest|fit|fdescribe)\s*\(|@pytest\.mark\.(?:skip|skipif|xfail)\b|@unittest\.skip/;
/** `lines: 80`, `"branches": 90`, `fail_under = 85` (vitest, jest, nyc, c8, coverage.py). */
const thresholdPattern =
  /["']?\b(lines|branches|functions|statements|fail_under|fail-under|perFile|check-coverage)["']?\s*[:=]\s*(\d+(?:\.\d+)?)/;

function finding(
  file: DiffFile,
  line: number | undefined,
  severity: Finding['severity'],
  message: string,
): Finding {
  return { guard: 'weakened-tests', severity, file: diffFilePath(file), line, message };
}

/** Removed lines whose exact text (trimmed) is not added back somewhere in the same file. */
function trulyRemoved(file: DiffFile): DiffLine[] {
  const added = new Map<string, number>();
  for (const line of addedLines(file)) added.set(line.text.trim(), (added.get(line.text.trim()) ?? 0) + 1);
  return removedLines(file).filter((line) => {
    const count = added.get(line.text.trim()) ?? 0;
    if (count === 0) return true;
    added.set(line.text.trim(), count - 1);
    return false;
  });
}

function netLoss(file: DiffFile, pattern: RegExp, removed: DiffLine[]): DiffLine[] {
  const lost = removed.filter((line) => pattern.test(line.text));
  const gained = addedLines(file).filter((line) => pattern.test(line.text)).length;
  return lost.slice(Math.min(gained, lost.length));
}

function checkTestFile(file: DiffFile): Finding[] {
  if (file.status === 'deleted') return [finding(file, undefined, 'high', 'test file deleted')];
  const findings: Finding[] = [];
  const removed = trulyRemoved(file);
  const lostCases = netLoss(file, testCasePattern, removed);
  if (lostCases.length > 0) {
    findings.push(finding(file, lostCases[0]!.oldLine, 'high', `${lostCases.length} test case(s) removed`));
  }
  const lostAssertions = netLoss(file, assertionPattern, removed);
  if (lostAssertions.length > 0) {
    findings.push(
      finding(file, lostAssertions[0]!.oldLine, 'medium', `${lostAssertions.length} assertion(s) removed`),
    );
  }
  const removedSkips = new Set(removedLines(file).map((line) => line.text.trim()));
  for (const line of addedLines(file)) {
    const marker = skipPattern.exec(line.text);
    if (!marker || removedSkips.has(line.text.trim())) continue;
    findings.push(finding(file, line.newLine, 'medium', `skip/only marker added: ${marker[0].trim()}`));
  }
  return findings;
}

function checkCoverageConfig(file: DiffFile): Finding[] {
  const findings: Finding[] = [];
  const addedThresholds = new Map<string, number>();
  for (const line of addedLines(file)) {
    const match = thresholdPattern.exec(line.text);
    if (match) addedThresholds.set(match[1]!, Number(match[2]));
  }
  for (const line of removedLines(file)) {
    const match = thresholdPattern.exec(line.text);
    if (!match) continue;
    const [, key, value] = match as unknown as [string, string, string];
    const after = addedThresholds.get(key);
    if (after !== undefined && after >= Number(value)) continue;
    findings.push(
      finding(
        file,
        line.oldLine,
        'high',
        after === undefined
          ? `coverage threshold ${key} (${value}) removed`
          : `coverage threshold ${key} lowered from ${value} to ${after}`,
      ),
    );
  }
  return findings;
}

export const weakenedTestsGuard: Guard = {
  name: 'weakened-tests',
  check(files) {
    const findings: Finding[] = [];
    for (const file of files) {
      const path = diffFilePath(file);
      if (file.binary) continue;
      if (isTestPath(path) || (file.oldPath !== undefined && isTestPath(file.oldPath))) {
        findings.push(...checkTestFile(file));
      }
      if (isCoverageConfigPath(path)) findings.push(...checkCoverageConfig(file));
    }
    return findings;
  },
};

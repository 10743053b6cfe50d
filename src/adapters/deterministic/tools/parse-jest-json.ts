/**
 * Parses the JSON report of vitest (`--reporter=json`) and jest (`--json`), which share jest's
 * shape: `testResults[]` per file, each with `assertionResults[]`. A file that failed before any
 * test ran (a syntax error, a failing import) has a `message` and no assertions: it counts as one
 * failed test, so a broken file never reads as "0 failed".
 */
import { z } from 'zod';
import { stripAnsi, toProjectPath } from './project-path.js';
import type { TestFailure, TestReport } from './test-report.js';
import { parseToolJsonAs } from './tool-json.js';

const assertionSchema = z.object({
  fullName: z.string().optional(),
  title: z.string(),
  ancestorTitles: z.array(z.string()).optional(),
  status: z.string(),
  failureMessages: z.array(z.string()).nullable().optional(),
  location: z.object({ line: z.number(), column: z.number().optional() }).nullable().optional(),
  duration: z.number().nullable().optional(),
});

const reportSchema = z.object({
  startTime: z.number().optional(),
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string().optional(),
      message: z.string().optional(),
      startTime: z.number().optional(),
      endTime: z.number().optional(),
      assertionResults: z.array(assertionSchema),
    }),
  ),
});

const skippedStatuses = new Set(['pending', 'skipped', 'todo', 'disabled']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The failure's line in the test file, from the stack: `…/math.test.ts:11:29`. */
function lineFromStack(messages: string[], absoluteFile: string): number | null {
  const pattern = new RegExp(`${escapeRegExp(absoluteFile)}:(\\d+)(?::\\d+)?`);
  for (const message of messages) {
    const match = pattern.exec(message);
    if (match !== null) return Number(match[1]);
  }
  return null;
}

/** The assertion message without the stack trace. */
function summarizeMessage(messages: string[], fallback = 'failed'): string {
  const first = stripAnsi(messages[0] ?? '');
  const lines = first.split('\n');
  const stackStart = lines.findIndex((line) => /^\s+at /.test(line));
  const kept = (stackStart === -1 ? lines : lines.slice(0, stackStart)).join('\n').trim();
  return kept === '' ? fallback : kept;
}

export function parseJestJson(text: string, projectDir: string, tool: string): TestReport {
  const report = parseToolJsonAs(text, tool, reportSchema);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures: TestFailure[] = [];
  let latestEnd: number | undefined;
  for (const file of report.testResults) {
    const relativeFile = toProjectPath(projectDir, file.name);
    if (file.endTime !== undefined) latestEnd = Math.max(latestEnd ?? 0, file.endTime);
    if (file.assertionResults.length === 0 && file.status === 'failed') {
      failed += 1;
      failures.push({
        name: relativeFile,
        file: relativeFile,
        line: null,
        message: summarizeMessage([file.message ?? ''], 'the test file failed to run'),
      });
      continue;
    }
    for (const assertion of file.assertionResults) {
      if (assertion.status === 'passed') {
        passed += 1;
      } else if (skippedStatuses.has(assertion.status)) {
        skipped += 1;
      } else {
        failed += 1;
        const messages = assertion.failureMessages ?? [];
        failures.push({
          name: assertion.fullName ?? [...(assertion.ancestorTitles ?? []), assertion.title].join(' '),
          file: relativeFile,
          line: assertion.location?.line ?? lineFromStack(messages, file.name),
          message: summarizeMessage(messages),
        });
      }
    }
  }
  const result: TestReport = { tool, total: passed + failed + skipped, passed, failed, skipped, failures };
  if (report.startTime !== undefined && latestEnd !== undefined && latestEnd >= report.startTime) {
    result.durationMs = Math.round(latestEnd - report.startTime);
  }
  return result;
}

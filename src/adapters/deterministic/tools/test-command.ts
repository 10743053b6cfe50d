/**
 * Runs a test command and turns its report into `test_report.json`. Shared by `test` and `pytest`.
 *
 * The report is read from a file the runner writes (its path is substituted for `{report}` in the
 * argv, or given as `report:`), falling back to stdout when the command printed the report itself.
 * A report file older than this run is ignored, so a stale report never stands in for a crash.
 * Failing tests fail the step (OURO_TESTS_FAILED) after the report is written; a runner that exits
 * non-zero without a failing test in its report (a crash, a config error, a coverage threshold)
 * fails it with OURO_TOOL_FAILED.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OuroError } from '../../../errors/index.js';
import { stepErrorFrom } from '../../process/step-failure.js';
import type { StepContext, StepResult } from '../../types.js';
import { parseJestJson } from './parse-jest-json.js';
import { parseJunitXml } from './parse-junit.js';
import { firstOutputLine, runTool, toolFailure, type ToolRun } from './run-tool.js';
import type { TestReport } from './test-report.js';
import type { ToolSpec } from './tool-spec.js';

export type TestReportFormat = 'junit' | 'json';

export const reportPlaceholder = '{report}';

export interface TestCommand {
  /** The report's `tool` field: vitest, jest, pytest, node, junit… */
  tool: string;
  spec: ToolSpec;
  args: string[];
  /** Project-relative path the command writes its report to; omit when `args` use `{report}`. */
  reportPath?: string;
  /** Defaults from the report file's extension (.xml → junit), else from what stdout looks like. */
  format?: TestReportFormat;
  /** Exit codes that mean "ran fine, nothing failed" besides 0 (pytest 5: no tests collected). */
  extraSuccessExitCodes?: number[];
  /** Failing tests are reported (outputs, test_report.json) without failing the step. */
  allowFailures?: boolean;
}

export interface TestOutputs extends Record<string, unknown> {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

const emptyOutputs: TestOutputs = { total: 0, passed: 0, failed: 0, skipped: 0 };

function formatOf(
  file: string | undefined,
  content: string,
  declared: TestReportFormat | undefined,
): TestReportFormat {
  if (declared !== undefined) return declared;
  if (file !== undefined && file.toLowerCase().endsWith('.xml')) return 'junit';
  if (file !== undefined && file.toLowerCase().endsWith('.json')) return 'json';
  return content.trimStart().startsWith('<') ? 'junit' : 'json';
}

async function readFreshFile(file: string, notBefore: number): Promise<string | undefined> {
  try {
    const info = await stat(file);
    // Filesystems round mtimes; one second of slack keeps a report written right away.
    if (info.mtimeMs < notBefore - 1000) return undefined;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseReport(
  content: string,
  format: TestReportFormat,
  command: TestCommand,
  context: StepContext,
): TestReport {
  return format === 'junit'
    ? parseJunitXml(content, context.workDir, command.tool)
    : parseJestJson(content, context.workDir, command.tool);
}

function looksLikeReport(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.startsWith('{') || trimmed.startsWith('<?xml') || trimmed.startsWith('<testsuite');
}

async function collectReport(
  command: TestCommand,
  run: ToolRun,
  reportFile: string | undefined,
  started: number,
  context: StepContext,
): Promise<TestReport | undefined> {
  if (reportFile !== undefined) {
    const content = await readFreshFile(reportFile, started);
    if (content !== undefined)
      return parseReport(content, formatOf(reportFile, content, command.format), command, context);
    return undefined;
  }
  if (looksLikeReport(run.stdout))
    return parseReport(run.stdout, formatOf(undefined, run.stdout, command.format), command, context);
  return undefined;
}

export async function runTestCommand(
  command: TestCommand,
  context: StepContext,
): Promise<StepResult<TestOutputs>> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'ouro-test-report-'));
  try {
    const usesPlaceholder = command.args.some((argument) => argument.includes(reportPlaceholder));
    const placeholderFile = path.join(scratch, command.format === 'junit' ? 'report.xml' : 'report.json');
    const args = command.args.map((argument) => argument.split(reportPlaceholder).join(placeholderFile));
    const reportFile = usesPlaceholder
      ? placeholderFile
      : command.reportPath === undefined
        ? undefined
        : path.resolve(context.workDir, command.reportPath);
    const started = Date.now();
    const run = await runTool(command.spec, args, context);
    const report = await collectReport(command, run, reportFile, started, context);
    const succeededExit = run.exitCode === 0 || (command.extraSuccessExitCodes ?? []).includes(run.exitCode);
    if (report === undefined) {
      if (!succeededExit) {
        throw toolFailure(
          command.spec,
          run.commandLine,
          `exit code ${run.exitCode} and no test report: ${firstOutputLine(run)}`,
          run,
        );
      }
      throw new OuroError('OURO_TEST_REPORT_MISSING', {
        exitCode: run.exitCode,
        path: reportFile ?? 'stdout',
      });
    }
    const artifactPath = context.artifacts.primary('artifacts/test_report.json', '.json');
    const record = await context.artifacts.write(artifactPath, `${JSON.stringify(report, null, 2)}\n`);
    const outputs: TestOutputs = {
      total: report.total,
      passed: report.passed,
      failed: report.failed,
      skipped: report.skipped,
    };
    const summary = `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`;
    if (report.failed > 0 && command.allowFailures === true) {
      // Asked for: a later step or a gate decides what the failures mean.
      return { status: 'succeeded', outputs, artifacts: [record], summary };
    }
    if (report.failed > 0) {
      const error = new OuroError(
        'OURO_TESTS_FAILED',
        { failed: report.failed, total: report.total, artifact: artifactPath },
        { details: { failures: report.failures.slice(0, 20) } },
      );
      return { status: 'failed', outputs, artifacts: [record], summary, error: stepErrorFrom(error) };
    }
    if (!succeededExit) {
      const error = toolFailure(
        command.spec,
        run.commandLine,
        `exit code ${run.exitCode} although no test failed: ${firstOutputLine(run)}`,
        run,
      );
      return { status: 'failed', outputs, artifacts: [record], summary, error: stepErrorFrom(error) };
    }
    return { status: 'succeeded', outputs, artifacts: [record], summary };
  } catch (error) {
    return { status: 'failed', outputs: { ...emptyOutputs }, error: stepErrorFrom(error) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

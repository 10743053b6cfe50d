/** The closing lines of `ouro run` / `ouro runs resume` and the exit code for the outcome. */
import type { RunOutcome } from '../engine/execution/run-executor.js';
import { ExitCode } from '../errors/index.js';
import { formatDuration } from './format-duration.js';
import type { Output } from './output.js';

export function exitCodeForStatus(status: string): number {
  switch (status) {
    case 'succeeded':
      return ExitCode.success;
    case 'paused':
      return ExitCode.waiting;
    case 'cancelled':
      return ExitCode.cancelled;
    default:
      return ExitCode.failure;
  }
}

export function printRunSummary(output: Output, outcome: RunOutcome): void {
  const { summary } = outcome;
  const { colors } = output;
  const status =
    outcome.status === 'succeeded'
      ? colors.green(outcome.status)
      : outcome.status === 'paused'
        ? colors.yellow(outcome.status)
        : colors.red(outcome.status);
  output.line();
  output.line(
    `Run ${outcome.runId} ${status}: ${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.skipped} skipped, ${summary.cached} cached` +
      `${summary.cancelled ? `, ${summary.cancelled} cancelled` : ''}${summary.pending ? `, ${summary.pending} not run` : ''}` +
      `${summary.needsApproval ? `, ${summary.needsApproval} waiting for approval` : ''}` +
      ` · ${formatDuration(summary.durationMs)} · ${summary.inputTokens + summary.outputTokens} tokens · $${summary.costUsd.toFixed(2)}`,
  );
  if (summary.error) {
    output.line(`${colors.red(summary.error.code)}: ${summary.error.message}`);
    if (summary.error.remedy) output.line(`${colors.dim('→')} ${summary.error.remedy}`);
  }
  if (outcome.status === 'paused') {
    output.line(`${colors.dim('→')} review, then continue with: ouro runs resume ${outcome.runId}`);
  } else if (outcome.status !== 'succeeded') {
    output.line(`${colors.dim('→')} details: ouro runs show ${outcome.runId}`);
  }
}

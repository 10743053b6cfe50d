/**
 * `ouro run` and `ouro runs list|show|resume|cancel`: start, follow, inspect, continue and stop
 * workflow runs.
 */
import type { PolicyMode } from '../../adapters/policy-port.js';
import { Option, type Command } from 'commander';
import type { ExecutorEvent } from '../../engine/execution/executor-events.js';
import type { RunOutcome } from '../../engine/execution/run-executor.js';
import type { RunPlan } from '../../engine/plan/plan-run.js';
import { ExitCode } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { formatAge, formatDuration } from '../format-duration.js';
import { abortOnInterrupt } from '../interrupt.js';
import { withProject } from '../open-project.js';
import type { Output } from '../output.js';
import { renderTable } from '../render-table.js';
import { createRunProgress } from '../run-progress.js';
import { exitCodeForStatus, printRunSummary } from '../run-summary.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function describeStepError(error: Record<string, unknown> | null): string {
  if (!error) return '';
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const head = text(error.code) || text(error.reason);
  const message = text(error.message);
  return message ? `${head}: ${message}` : head;
}

function printPlan(output: Output, plan: RunPlan): void {
  if (output.json) {
    output.document({ plan });
    return;
  }
  const { colors } = output;
  output.line(
    `${colors.bold(plan.workflow)} — dry run: ${plan.steps.length} steps in ${plan.groups.length} groups, up to ${plan.maxParallel} at once, caching ${plan.caching ? 'on' : 'off'}`,
  );
  plan.groups.forEach((group, index) => {
    output.line(colors.dim(`group ${index + 1}${group.length > 1 ? ' (parallel)' : ''}`));
    for (const id of group) {
      const step = plan.steps.find((candidate) => candidate.id === id)!;
      const condition =
        step.condition.kind === 'known'
          ? ` when ${step.condition.expression} → ${step.condition.value ? 'runs' : 'skipped'}`
          : step.condition.kind === 'at-run-time'
            ? ` when ${step.condition.expression} → decided at run time`
            : '';
      const cache =
        step.cache === 'hit' ? colors.cyan(' cache hit') : step.cache === 'miss' ? ' cache miss' : '';
      const estimate = step.estimate
        ? ` ~${step.estimate.tokens} tokens ~$${step.estimate.costUsd.toFixed(2)}`
        : '';
      const after = step.dependsOn.length > 0 ? colors.dim(` after ${step.dependsOn.join(', ')}`) : '';
      output.line(
        `  ${step.id} ${step.name} ${colors.dim(`· ${step.actor}`)}${after}${condition}${cache}${estimate}`,
      );
      const { availability } = step;
      if (!availability.available) {
        const remedy = availability.remedy ? ` → ${availability.remedy}` : '';
        output.line(`    ${colors.red('✗ not available:')} ${availability.reason ?? ''}${remedy}`);
      }
    }
  });
  output.line(
    `estimated: ${plan.estimatedTokens} tokens, $${plan.estimatedCostUsd.toFixed(2)} (AI steps only)`,
  );
}

/**
 * Executes a run in the foreground: Ctrl+C cancels it, progress is shown as it goes, the summary is
 * printed at the end, and the outcome becomes the exit code.
 */
async function followRun(
  context: CommandContext,
  execute: (signal: AbortSignal, onEvent: (event: ExecutorEvent) => void) => Promise<RunOutcome>,
): Promise<number> {
  const interrupt = abortOnInterrupt();
  const progress = createRunProgress(context.output);
  try {
    const outcome = await execute(interrupt.signal, progress.onEvent);
    progress.stop();
    if (!context.output.json) printRunSummary(context.output, outcome);
    return exitCodeForStatus(outcome.status);
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}

async function runAction(
  context: CommandContext,
  workflow: string,
  options: { input: string[]; files?: string; dryRun?: boolean; cache: boolean; mode?: PolicyMode },
): Promise<number> {
  const { planWorkflowRun, startRun } = await import('../../app/run-workflow.js');
  return withProject(context, async (project) => {
    const request = {
      workflow,
      inputs: options.input,
      files: options.files,
      noCache: !options.cache,
      ...(options.mode ? { mode: options.mode } : {}),
    };
    if (options.dryRun) {
      printPlan(context.output, await planWorkflowRun(project, request));
      return ExitCode.success;
    }
    return followRun(context, (signal, onEvent) => startRun(project, { ...request, signal, onEvent }));
  });
}

async function resumeAction(
  context: CommandContext,
  runId: string,
  options: { force?: boolean },
): Promise<number> {
  const { resumeRun } = await import('../../app/run-workflow.js');
  return withProject(context, async (project) => {
    return followRun(context, (signal, onEvent) =>
      resumeRun(project, runId, { force: options.force === true, signal, onEvent }),
    );
  });
}

async function listAction(
  context: CommandContext,
  options: { status?: string[]; workflow?: string; limit: string },
): Promise<number> {
  return withProject(context, async (project) => {
    const store = await project.store();
    const runs = await store.runs.listRuns({
      ...(options.status ? { status: options.status as never } : {}),
      ...(options.workflow ? { workflowName: options.workflow } : {}),
      limit: Number(options.limit),
    });
    if (context.output.json) {
      context.output.document({ runs });
      return ExitCode.success;
    }
    if (runs.length === 0) {
      context.output.line('No runs yet. Start one with: ouro run <workflow>');
      return ExitCode.success;
    }
    context.output.line(
      renderTable(
        ['RUN', 'WORKFLOW', 'STATUS', 'STARTED', 'DURATION'],
        runs.map((run) => [
          run.id,
          run.workflowName,
          run.status,
          formatAge(run.createdAt),
          run.endedAt ? formatDuration(run.endedAt - run.createdAt) : '—',
        ]),
      ),
    );
    return ExitCode.success;
  });
}

async function showAction(
  context: CommandContext,
  runId: string,
  options: { events?: boolean },
): Promise<number> {
  const { getRunOrThrow } = await import('../../app/run-workflow.js');
  return withProject(context, async (project) => {
    const store = await project.store();
    const run = await getRunOrThrow(store, runId);
    const stepRuns = await store.runs.listStepRuns(runId);
    const artifacts = await store.runs.listArtifacts(runId);
    const events = options.events ? await store.runs.listEvents(runId) : undefined;
    if (context.output.json) {
      context.output.document({ run, steps: stepRuns, artifacts, ...(events ? { events } : {}) });
      return ExitCode.success;
    }
    const { output } = context;
    output.line(`${output.colors.bold(run.id)}  ${run.workflowName} (${run.workflowPath})`);
    output.line(
      `status ${run.status} · started ${formatAge(run.createdAt)}${run.endedAt ? ` · took ${formatDuration(run.endedAt - run.createdAt)}` : ''}`,
    );
    if (Object.keys(run.inputs).length > 0) output.line(`inputs ${JSON.stringify(run.inputs)}`);
    output.line();
    output.line(
      renderTable(
        ['STEP', 'ATTEMPT', 'ACTOR', 'STATUS', 'DURATION', 'DETAIL'],
        stepRuns.map((step) => [
          step.stepId,
          String(step.attempt),
          step.actor,
          step.status,
          step.durationMs === null ? '—' : formatDuration(step.durationMs),
          describeStepError(step.error),
        ]),
      ),
    );
    if (artifacts.length > 0) {
      output.line();
      output.line(
        renderTable(
          ['ARTIFACT', 'STEP', 'SIZE', 'SHA256'],
          artifacts.map((artifact) => [
            artifact.path,
            artifact.stepId,
            String(artifact.size),
            artifact.sha256.slice(0, 12),
          ]),
        ),
      );
    }
    if (events) {
      output.line();
      for (const event of events) {
        output.line(
          `${String(event.sequence).padStart(4)} ${new Date(event.createdAt).toISOString()} ${event.type}${event.stepId ? ` ${event.stepId}#${event.attempt}` : ''}`,
        );
      }
    }
    return ExitCode.success;
  });
}

async function cancelAction(context: CommandContext, runId: string): Promise<number> {
  const { cancelRun } = await import('../../app/run-workflow.js');
  return withProject(context, async (project) => {
    const outcome = await cancelRun(project, runId);
    if (context.output.json) context.output.document(outcome);
    else
      context.output.line(
        outcome.result === 'requested'
          ? `Cancellation of ${runId} requested; the process running it stops its steps now.`
          : `Run ${runId} cancelled.`,
      );
    return ExitCode.success;
  });
}

export function registerRunCommands(program: Command): void {
  program
    .command('run')
    .description('run a workflow: a YAML file, or a name from the workflows directory')
    .argument('<workflow>', 'workflow file (e.g. .ai/workflows/quality.yaml) or name (quality)')
    .option('-i, --input <name=value>', 'set a workflow input (repeatable)', collect, [])
    .option('--files <glob>', 'shorthand for --input files=<glob>')
    .option(
      '--dry-run',
      'print the plan (order, parallel groups, cache hits, conditions, estimates) and run nothing',
    )
    .option('--no-cache', 'ignore and do not consult cached step results')
    .addOption(
      new Option(
        '--mode <mode>',
        "decide this run's side effects under this mode instead of orchestrator.mode (shadow: record, change nothing)",
      ).choices(['manual', 'supervised', 'autonomous', 'shadow']),
    )
    .addHelpText(
      'after',
      `
Examples:
  ouro run .ai/workflows/quality.yaml
  ouro run fix --mode shadow        # see what it would do: commands and writes recorded, not done
  ouro run quality --input fix=true
  ouro run quality --dry-run
  ouro run quality --json | jq -c 'select(.type == "step-ended")'

Every side effect of a step is decided by the policy (ouro policy show) and recorded in the audit
log (ouro audit list). A step that needs a person's approval pauses the run (exit 3): decide with
ouro approvals approve <apr_id>, then continue with ouro runs resume <run-id>.

Exit codes: 0 succeeded, 1 failed, 2 invalid workflow or input, 3 paused for review or approval, 130 cancelled.
A run that is interrupted (Ctrl+C, a crash, kill -9) continues with: ouro runs resume <run-id>`,
    )
    .action(commandAction(runAction));

  const runs = program.command('runs').description('list, inspect, resume and cancel runs');
  runs
    .command('list')
    .description('list recent runs, newest first')
    .addOption(
      new Option('--status <status...>', 'only runs with these statuses').choices([
        'pending',
        'running',
        'paused',
        'succeeded',
        'failed',
        'cancelled',
      ]),
    )
    .option('--workflow <name>', 'only runs of this workflow (its name)')
    .option('--limit <n>', 'how many runs', '20')
    .action(commandAction(listAction));
  runs
    .command('show')
    .description('show a run: status, every step attempt, artifacts')
    .argument('<run-id>')
    .option('--events', 'also print the journal')
    .action(commandAction(showAction));
  runs
    .command('resume')
    .description('continue a paused, cancelled or interrupted run; steps that ended are not run again')
    .argument('<run-id>')
    .option('--force', 'resume even though the workflow file changed since the run started')
    .action(commandAction(resumeAction));
  runs
    .command('cancel')
    .description('cancel a run: the process running it aborts its steps, or the run is ended here')
    .argument('<run-id>')
    .action(commandAction(cancelAction));
}

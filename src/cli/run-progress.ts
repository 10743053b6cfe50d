/**
 * Shows a run while it goes: a live tree redrawn in place on a TTY, one plain line per event when
 * output is piped, NDJSON events with --json.
 */
import type { ExecutorEvent, PlannedStepView } from '../engine/execution/executor-events.js';
import { formatDuration } from './format-duration.js';
import type { Output } from './output.js';

interface StepView extends PlannedStepView {
  startedAt?: number;
  durationMs?: number;
  detail?: string;
  attempt?: number;
}

const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface RunProgress {
  onEvent: (event: ExecutorEvent) => void;
  stop: () => void;
}

function icon(output: Output, status: string, frame: number): string {
  const { colors } = output;
  switch (status) {
    case 'succeeded':
      return colors.green('✓');
    case 'cached':
      return colors.cyan('⚡');
    case 'failed':
      return colors.red('✗');
    case 'cancelled':
      return colors.yellow('⊘');
    case 'skipped':
      return colors.dim('↷');
    case 'needs_approval':
      return colors.yellow('⏸');
    case 'running':
      return colors.cyan(spinnerFrames[frame % spinnerFrames.length]!);
    default:
      return colors.dim('○');
  }
}

function stepDetail(event: Extract<ExecutorEvent, { type: 'step-ended' }>): string | undefined {
  if (event.error)
    return `${event.error.code}: ${event.error.message}${event.willRetry ? ' (will retry)' : ''}`;
  if (event.reason) return event.reason;
  return event.summary;
}

export function createRunProgress(
  output: Output,
  stream: NodeJS.WritableStream = process.stdout,
): RunProgress {
  if (output.json) {
    return { onEvent: (event) => output.event(event), stop: () => undefined };
  }
  const live = output.isTty;
  const steps = new Map<string, StepView>();
  let header = '';
  let frame = 0;
  let drawnLines = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const lineFor = (step: StepView, last: boolean): string => {
    const { colors } = output;
    const branch = colors.dim(last ? '└─' : '├─');
    const duration =
      step.status === 'running' && step.startedAt !== undefined
        ? formatDuration(Date.now() - step.startedAt)
        : step.durationMs !== undefined && step.status !== 'skipped'
          ? formatDuration(step.durationMs)
          : '';
    const attempt =
      step.attempt !== undefined && step.attempt > 1 ? colors.yellow(` attempt ${step.attempt}`) : '';
    // The live tree keeps one line per step; `ouro runs show` has the full text.
    const shortDetail =
      step.detail && step.detail.length > 140 ? `${step.detail.slice(0, 139)}…` : step.detail;
    const detail = shortDetail ? colors.dim(` — ${shortDetail}`) : '';
    return `${branch} ${icon(output, step.status, frame)} ${step.id} ${step.name} ${colors.dim(`· ${step.actor}`)}${duration ? colors.dim(` · ${duration}`) : ''}${attempt}${detail}`;
  };

  const draw = (): void => {
    const views = [...steps.values()];
    const lines = [header, ...views.map((step, index) => lineFor(step, index === views.length - 1))];
    let text = '';
    if (drawnLines > 0) text += `\u001b[${drawnLines}F`;
    text += lines.map((line) => `\u001b[2K${line}`).join('\n') + '\n';
    stream.write(text);
    drawnLines = lines.length;
    frame += 1;
  };

  const plain = (text: string): void => {
    output.line(text);
  };

  return {
    onEvent(event) {
      switch (event.type) {
        case 'run-started':
          header = `${output.colors.bold(event.workflow)} ${output.colors.dim(event.runId)}${event.resumed ? output.colors.yellow(' (resumed)') : ''}`;
          for (const step of event.steps)
            steps.set(step.id, { ...step, status: step.status === 'pending' ? 'pending' : step.status });
          if (live) {
            draw();
            timer = setInterval(draw, 100);
            timer.unref();
          } else {
            plain(`${event.resumed ? 'resumed' : 'started'} ${event.workflow} ${event.runId}`);
          }
          break;
        case 'step-started': {
          const step = steps.get(event.stepId);
          if (step)
            Object.assign(step, {
              status: 'running',
              startedAt: Date.now(),
              attempt: event.attempt,
              detail: undefined,
            });
          if (!live)
            plain(
              `▶ ${event.stepId} ${event.name} (${event.actor})${event.attempt > 1 ? ` attempt ${event.attempt}` : ''}`,
            );
          break;
        }
        case 'step-progress': {
          const step = steps.get(event.stepId);
          if (step && event.progress.message) step.detail = event.progress.message;
          break;
        }
        case 'step-ended': {
          const step = steps.get(event.stepId);
          const detail = stepDetail(event);
          if (step) {
            Object.assign(step, {
              status: event.willRetry ? 'running' : event.status,
              durationMs: event.durationMs,
              detail,
              attempt: event.attempt,
            });
          }
          if (!live) {
            const mark =
              event.status === 'succeeded'
                ? '✓'
                : event.status === 'failed'
                  ? '✗'
                  : event.status === 'cached'
                    ? '⚡'
                    : event.status === 'skipped'
                      ? '↷'
                      : '⊘';
            plain(
              `${mark} ${event.stepId} ${event.name} ${event.status} ${formatDuration(event.durationMs)}${detail ? ` — ${detail}` : ''}`,
            );
          }
          break;
        }
        case 'run-paused':
        case 'run-ended':
          if (live) draw();
          break;
      }
    },
    stop() {
      // Idempotent: a redraw after the summary was printed would move the cursor up over it.
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      if (live && drawnLines > 0) draw();
    },
  };
}

/**
 * `ouro policy show`: the effective policy (issue 4 §1). `ouro policy check`: runs the guards and the
 * risk assessment on a diff and exits 1 when the risk reaches --fail-on, so the check can gate CI or
 * a merge.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';

const levels = ['low', 'medium', 'high', 'critical'] as const;
type Level = (typeof levels)[number];

interface PolicyCheckOptions {
  diff?: string;
  base?: string;
  head?: string;
  failOn: Level;
  /** true with --ai-review, false with --no-ai-review, undefined: safety.ai_review.enabled. */
  aiReview?: boolean;
}

function parseLevel(value: string): Level {
  const level = value.toLowerCase();
  if (!(levels as readonly string[]).includes(level)) {
    throw new InvalidArgumentError(`expected one of ${levels.join(', ')}.`);
  }
  return level as Level;
}

async function policyCheckAction(context: CommandContext, options: PolicyCheckOptions): Promise<number> {
  const { loadProjectConfig } = await import('../../app/project-context.js');
  const { aiReviewWanted, policyCheck } = await import('../../app/policy-check.js');
  const { renderReportJson, renderReportMarkdown } = await import('../../policy/risk/risk-report.js');
  const { globals, output } = context;
  const loaded = await loadProjectConfig({ projectDir: globals.cwd, configFile: globals.config });
  const request = {
    projectDir: globals.cwd,
    safety: loaded.config.safety,
    diffFile: options.diff,
    base: options.base,
    head: options.head,
    aiReview: options.aiReview,
  };
  // Only the AI review needs the project opened (the model gateway records its call in the store).
  const report = aiReviewWanted(loaded.config.safety, options.aiReview)
    ? await withProject(context, (project) => policyCheck({ ...request, models: () => project.models() }))
    : await policyCheck(request);
  const failed = levels.indexOf(report.risk.level) >= levels.indexOf(options.failOn);
  if (output.json)
    output.document({ ...(JSON.parse(renderReportJson(report)) as object), failOn: options.failOn, failed });
  else output.line(renderReportMarkdown(report).trimEnd());
  return failed ? ExitCode.failure : ExitCode.success;
}

async function policyShowAction(context: CommandContext): Promise<number> {
  const { showPolicy } = await import('../../app/policy-show.js');
  const { renderPolicy } = await import('./policy-show-rendering.js');
  const { pauseJson } = await import('./pause-commands.js');
  return withProject(context, async (project) => {
    const now = Date.now();
    const policy = await showPolicy(await project.store(), project.config, now);
    if (context.output.json) context.output.document({ ...policy, pause: pauseJson(policy.pause) });
    else renderPolicy(context.output, policy, now);
    return ExitCode.success;
  });
}

export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description('the effective safety policy; guards and risk assessment for changes');
  policy
    .command('show')
    .description('the effective policy: mode, guards, protected paths, approvals, budgets and their use')
    .addHelpText(
      'after',
      `
Everything comes from the effective config (ouro.config.yaml, environment, flags) and, for the
budget use and the pause, from the database. The table shows what each mode does with each action
Ouro takes on its own: allow, approval (a person decides with \`ouro approvals\`), deny, or record
only (shadow mode).

Examples:
  ouro policy show
  ouro policy show --json`,
    )
    .action(commandAction(policyShowAction));
  policy
    .command('check')
    .description('run the guards and the risk assessment on a diff (default: working tree against HEAD)')
    .option('--diff <file>', 'a unified diff file (relative to the project directory)')
    .option('--base <ref>', 'diff from this git ref (with --head)')
    .option('--head <ref>', 'diff to this git ref (with --base)')
    .option(
      '--fail-on <level>',
      'exit 1 when the risk is at or above: low, medium, high, critical',
      parseLevel,
      'high',
    )
    .option('--ai-review', 'also ask a model for a risk review (default: safety.ai_review.enabled)')
    .option('--no-ai-review', 'no AI risk review, whatever safety.ai_review.enabled says')
    .addHelpText(
      'after',
      `
Guards: protected paths (safety.protected_paths), diff size (safety.max_files_changed,
safety.max_lines_changed), weakened tests, dependency changes, secrets in added lines, and with
git (not with --diff) complexity (safety.complexity.max_complexity) and removed exports.
Risk: the highest finding severity, raised by safety.risk rules. See docs/safety.md.
AI review (--ai-review or safety.ai_review.enabled): a model (safety.ai_review.model, default the
models default) reads the diff (at most safety.ai_review.max_diff_lines lines, credentials
redacted) and the findings; it can raise the risk, never lower it, and all its reasons are listed.
If it fails (no model, provider error, invalid answer) the guard risk stands and the reason says so.
Without --diff or --base/--head the working tree is compared with HEAD (tracked files only).

Examples:
  ouro policy check
  ouro policy check --base origin/main --head HEAD --fail-on medium
  ouro policy check --diff change.patch --json
  OURO_MODEL=anthropic:claude-sonnet-4-5 ouro policy check --base main --head HEAD --ai-review

Exit codes: 0 risk below --fail-on, 1 at or above it, 2 invalid options or an unreadable diff.`,
    )
    .action(commandAction(policyCheckAction));
}

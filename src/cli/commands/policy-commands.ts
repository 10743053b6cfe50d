/**
 * `ouro policy check`: runs the guards and the risk assessment on a diff and exits 1 when the risk
 * reaches --fail-on, so the check can gate CI or a merge.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';

const levels = ['low', 'medium', 'high', 'critical'] as const;
type Level = (typeof levels)[number];

interface PolicyCheckOptions {
  diff?: string;
  base?: string;
  head?: string;
  failOn: Level;
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
  const { policyCheck } = await import('../../app/policy-check.js');
  const { renderReportJson, renderReportMarkdown } = await import('../../policy/risk/risk-report.js');
  const { globals, output } = context;
  const loaded = await loadProjectConfig({ projectDir: globals.cwd, configFile: globals.config });
  const report = await policyCheck({
    projectDir: globals.cwd,
    safety: loaded.config.safety,
    diffFile: options.diff,
    base: options.base,
    head: options.head,
  });
  const failed = levels.indexOf(report.risk.level) >= levels.indexOf(options.failOn);
  if (output.json)
    output.document({ ...(JSON.parse(renderReportJson(report)) as object), failOn: options.failOn, failed });
  else output.line(renderReportMarkdown(report).trimEnd());
  return failed ? ExitCode.failure : ExitCode.success;
}

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('safety guards and risk assessment for changes');
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
    .addHelpText(
      'after',
      `
Guards: protected paths (safety.protected_paths), diff size (safety.max_files_changed,
safety.max_lines_changed), weakened tests, dependency changes, secrets in added lines, and with
git (not with --diff) complexity (safety.complexity.max_complexity) and removed exports.
Risk: the highest finding severity, raised by safety.risk rules. See docs/safety.md.
Without --diff or --base/--head the working tree is compared with HEAD (tracked files only).

Examples:
  ouro policy check
  ouro policy check --base origin/main --head HEAD --fail-on medium
  ouro policy check --diff change.patch --json

Exit codes: 0 risk below --fail-on, 1 at or above it, 2 invalid options or an unreadable diff.`,
    )
    .action(commandAction(policyCheckAction));
}

/**
 * `ouro workspaces list` and `ouro workspaces clean` (issue 5 §3): the git worktrees tasks work in,
 * under `.ouro/workspaces/`, and the removal of idle ones.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';
import { renderClean, renderWorkspaces, workspaceJson } from './workspaces-rendering.js';

interface CleanFlags {
  olderThan?: number;
  all?: boolean;
  dryRun?: boolean;
  force?: boolean;
  deleteBranches?: boolean;
}

const unitMilliseconds: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90m`, `24h`, `7d`, `2w` → milliseconds. */
function parseIdleDuration(value: string): number {
  const match = /^(\d+)([mhdw])$/.exec(value.trim());
  if (match === null) throw new InvalidArgumentError('expected a duration such as 90m, 24h, 7d or 2w.');
  return Number(match[1]) * unitMilliseconds[match[2]!]!;
}

async function listAction(context: CommandContext): Promise<number> {
  const { listWorkspaces } = await import('../../app/workspaces.js');
  return withProject(context, async (project) => {
    const workspaces = await listWorkspaces(project);
    if (context.output.json) context.output.document({ workspaces: workspaces.map(workspaceJson) });
    else renderWorkspaces(context.output, workspaces, project.paths.projectDir);
    return ExitCode.success;
  });
}

async function cleanAction(context: CommandContext, flags: CleanFlags): Promise<number> {
  const { cleanWorkspaces } = await import('../../app/workspaces.js');
  return withProject(context, async (project) => {
    const result = await cleanWorkspaces(project, {
      ...(flags.olderThan === undefined ? {} : { olderThanMs: flags.olderThan }),
      all: flags.all === true,
      dryRun: flags.dryRun === true,
      force: flags.force === true,
      deleteBranches: flags.deleteBranches === true,
    });
    if (context.output.json) context.output.document(result);
    else renderClean(context.output, result);
    return ExitCode.success;
  });
}

export function registerWorkspacesCommands(program: Command): void {
  const workspaces = program
    .command('workspaces')
    .description('list and clean the git worktrees tasks work in (.ouro/workspaces/)');
  workspaces
    .command('list')
    .description('list workspaces: key, state, branch, head, uncommitted changes, last use, age, path')
    .addHelpText(
      'after',
      `
Each task works in a git worktree .ouro/workspaces/<name> on branch ouro/<name>; <name> is the
task key made safe for paths and branch names. State: ready, missing (directory gone; clean prunes
it) or broken (not a registered worktree; re-created on next use).

Examples:
  ouro workspaces list
  ouro workspaces list --json

Exit codes: 0 listed, 1 the project is not a git repository.`,
    )
    .action(commandAction<[]>(listAction));
  workspaces
    .command('clean')
    .description(
      'remove idle workspaces (git worktree remove, branch deleted when merged, git worktree prune)',
    )
    .option(
      '--older-than <duration>',
      'idle at least this long (90m, 24h, 7d); default workspaces.cleanup_grace_hours',
      parseIdleDuration,
    )
    .option('--all', 'every workspace, however recently used')
    .option('--dry-run', 'show what would be removed; remove nothing')
    .option('--force', 'remove workspaces with uncommitted changes too (those changes are lost)')
    .option('--delete-branches', 'delete the ouro/<name> branches even when they are not merged')
    .addHelpText(
      'after',
      `
A workspace with uncommitted changes (untracked files included) is kept unless --force; its
before_remove hook runs first (a failure is logged, not fatal). The branch is deleted only when it
is merged into the base branch, or with --delete-branches. Stale worktree entries are pruned.

Examples:
  ouro workspaces clean --dry-run
  ouro workspaces clean --older-than 24h
  ouro workspaces clean --all --force --json

Exit codes: 0 done (kept workspaces are listed with the reason), 1 git failed, 2 invalid flag.`,
    )
    .action(commandAction<[CleanFlags]>(cleanAction));
}

/**
 * `ouro pr list|show|diff|merge|close` (issue 5 §1): the operator's view of the configured forge's
 * pull requests. `merge` asks the policy with the PR's range (its risk is assessed), records a
 * rollback point, and merges only the head that was assessed.
 */
import type { Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import type { ForgePullRequestState } from '../../forges/types.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';
import { parseLimit, parseNumber, stateParser } from './forge-arguments.js';
import {
  outcomeLine,
  pullRequestDetailsJson,
  pullRequestJson,
  renderMergeResult,
  renderPullRequest,
  renderPullRequestList,
} from './forge-rendering.js';

interface ListOptions {
  state?: ForgePullRequestState | 'all';
  limit?: number;
}

async function listAction(context: CommandContext, options: ListOptions): Promise<number> {
  const { openProjectForge, listPullRequests } = await import('../../app/forge/index.js');
  return withProject(context, async (project) => {
    const prs = await listPullRequests(await openProjectForge(project), {
      state: options.state ?? 'open',
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    });
    if (context.output.json) context.output.document({ pullRequests: prs.map(pullRequestJson) });
    else renderPullRequestList(context.output, prs, Date.now());
    return ExitCode.success;
  });
}

async function showAction(context: CommandContext, number: number): Promise<number> {
  const { openProjectForge, showPullRequest } = await import('../../app/forge/index.js');
  return withProject(context, async (project) => {
    const details = await showPullRequest(await openProjectForge(project), number);
    if (context.output.json) context.output.document(pullRequestDetailsJson(details));
    else renderPullRequest(context.output, details, Date.now());
    return ExitCode.success;
  });
}

async function diffAction(context: CommandContext, number: number): Promise<number> {
  const { openProjectForge, diffPullRequest } = await import('../../app/forge/index.js');
  return withProject(context, async (project) => {
    const { pullRequest, diff } = await diffPullRequest(await openProjectForge(project), number, project.env);
    if (context.output.json)
      context.output.document({ pr: number, base: pullRequest.base, headSha: pullRequest.headSha, diff });
    else if (diff !== '') context.output.line(diff.replace(/\n$/, ''));
    return ExitCode.success;
  });
}

async function mergeAction(
  context: CommandContext,
  number: number,
  options: { squash?: boolean },
): Promise<number> {
  const { openProjectForge, mergePullRequest } = await import('../../app/forge/index.js');
  return withProject(context, async (project) => {
    const result = await mergePullRequest(await openProjectForge(project), number, {
      method: options.squash === true ? 'squash' : 'merge',
      env: project.env,
    });
    if (context.output.json) context.output.document(result);
    else renderMergeResult(context.output, result);
    return ExitCode.success;
  });
}

async function closeAction(
  context: CommandContext,
  number: number,
  options: { comment?: string },
): Promise<number> {
  const { openProjectForge, closePullRequest } = await import('../../app/forge/index.js');
  return withProject(context, async (project) => {
    const result = await closePullRequest(await openProjectForge(project), number, options.comment);
    if (context.output.json)
      context.output.document({ ...result, pullRequest: pullRequestJson(result.pullRequest) });
    else if (result.alreadyDone) {
      context.output.line(`PR #${number} is already closed; nothing to do.`);
    } else context.output.line(outcomeLine(result, `Closed PR #${number}`, `closing PR #${number}`));
    return ExitCode.success;
  });
}

export function registerPrCommands(program: Command): void {
  const pr = program
    .command('pr')
    .description(
      'pull requests on the configured forge (the local forge by default): list, show, diff, merge, close',
    )
    .addHelpText(
      'after',
      `
On the local forge a pull request is a branch of the project's repository proposed for another
(the loop opens them); a merge is a real git merge (or squash) into the base branch, made where
that branch is checked out (its tracked files must be clean) or in a temporary worktree.

Examples:
  ouro pr list --state all
  ouro pr show 13
  ouro pr diff 13
  ouro pr merge 13 --squash
  ouro pr close 13 --comment "Superseded by #15"

Exit codes: 0 done (or recorded in shadow mode), 1 failed (not found, head moved, conflicts,
denied by the policy), 2 invalid arguments, 3 waiting for an approval.`,
    );
  pr.command('list')
    .description('list pull requests, newest first (open ones unless --state says otherwise)')
    .option(
      '--state <state>',
      'open, closed, merged or all',
      stateParser(['open', 'closed', 'merged', 'all'] as const),
    )
    .option('--limit <n>', 'at most this many', parseLimit)
    .action(commandAction<[ListOptions]>(listAction));
  pr.command('show')
    .description('a pull request with its checks, reviews and comments')
    .argument('<number>', 'the PR number', parseNumber)
    .action(commandAction<[number]>(showAction));
  pr.command('diff')
    .description('the change a pull request makes (git diff base...head)')
    .argument('<number>', 'the PR number', parseNumber)
    .action(commandAction<[number]>(diffAction));
  pr.command('merge')
    .description('merge a pull request after the policy assessed its risk; records a rollback point first')
    .argument('<number>', 'the PR number', parseNumber)
    .option('--squash', 'squash its commits into one instead of a merge commit')
    .action(commandAction<[number, { squash?: boolean }]>(mergeAction));
  pr.command('close')
    .description('close a pull request without merging it')
    .argument('<number>', 'the PR number', parseNumber)
    .option('--comment <text>', 'a comment saying why')
    .action(commandAction<[number, { comment?: string }]>(closeAction));
}

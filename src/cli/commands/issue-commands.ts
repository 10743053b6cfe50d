/**
 * `ouro issue create|list|show|comment|close|reopen` (issue 5 §1): the operator's view of the
 * configured forge's issues (the local forge by default). Changes ask the policy first as the
 * operator (`user:<OS user>`); in shadow mode they are recorded in the audit log, not made.
 */
import type { Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import type { ForgeIssueState } from '../../forges/types.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';
import { collectLabels, parseLimit, parseNumber, stateParser } from './forge-arguments.js';
import { commentJson, issueJson, outcomeLine, renderIssue, renderIssueList } from './forge-rendering.js';

interface CreateOptions {
  title: string;
  body?: string;
  label?: string[];
}

interface ListOptions {
  state?: ForgeIssueState | 'all';
  label?: string[];
  allLabels?: boolean;
  limit?: number;
}

const exitCodes = `
Exit codes: 0 done (or recorded in shadow mode), 1 failed (not found, denied by the policy),
2 invalid arguments, 3 waiting for an approval.`;

async function createAction(context: CommandContext, options: CreateOptions): Promise<number> {
  const { openProjectForge, createIssue } = await import('../../app/forge/index.js');
  return withProject(context, async (project) => {
    const forge = await openProjectForge(project);
    const result = await createIssue(forge, {
      title: options.title,
      body: options.body ?? '',
      labels: options.label ?? [],
    });
    if (context.output.json) {
      context.output.document({ ...result, issue: result.issue === null ? null : issueJson(result.issue) });
    } else {
      context.output.line(
        outcomeLine(
          result,
          `Created issue #${result.issue?.number ?? '?'}: ${options.title}`,
          `creating the issue`,
        ),
      );
    }
    return ExitCode.success;
  });
}

async function listAction(context: CommandContext, options: ListOptions): Promise<number> {
  const { openProjectForge, listIssues } = await import('../../app/forge/index.js');
  return withProject(context, async (project) => {
    const issues = await listIssues(await openProjectForge(project), {
      state: options.state ?? 'open',
      ...(options.label ? { labels: options.label } : {}),
      labelMatch: options.allLabels === true ? 'all' : 'any',
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    });
    if (context.output.json) context.output.document({ issues: issues.map(issueJson) });
    else renderIssueList(context.output, issues, Date.now());
    return ExitCode.success;
  });
}

async function showAction(context: CommandContext, number: number): Promise<number> {
  const { openProjectForge, showIssue } = await import('../../app/forge/index.js');
  return withProject(context, async (project) => {
    const { issue, comments } = await showIssue(await openProjectForge(project), number);
    if (context.output.json)
      context.output.document({ issue: issueJson(issue), comments: comments.map(commentJson) });
    else renderIssue(context.output, issue, comments, Date.now());
    return ExitCode.success;
  });
}

async function commentAction(
  context: CommandContext,
  number: number,
  options: { body: string },
): Promise<number> {
  const { openProjectForge, commentOnIssue } = await import('../../app/forge/index.js');
  return withProject(context, async (project) => {
    const result = await commentOnIssue(await openProjectForge(project), number, options.body);
    if (context.output.json) {
      context.output.document({
        ...result,
        comment: result.comment === null ? null : commentJson(result.comment),
      });
    } else {
      context.output.line(
        outcomeLine(result, `Commented on #${number} (${result.comment?.id ?? ''})`, `the comment`),
      );
    }
    return ExitCode.success;
  });
}

function stateAction(state: ForgeIssueState) {
  return async (context: CommandContext, number: number, options: { comment?: string }): Promise<number> => {
    const { openProjectForge, setIssueState } = await import('../../app/forge/index.js');
    return withProject(context, async (project) => {
      const result = await setIssueState(await openProjectForge(project), number, state, options.comment);
      const verb = state === 'closed' ? 'Closed' : 'Reopened';
      if (context.output.json) context.output.document({ ...result, issue: issueJson(result.issue) });
      else if (result.alreadyDone) {
        context.output.line(`Issue #${number} is already ${state}; nothing to do.`);
      } else {
        context.output.line(
          outcomeLine(result, `${verb} issue #${number}`, `${verb.toLowerCase()} issue #${number}`),
        );
      }
      return ExitCode.success;
    });
  };
}

export function registerIssueCommands(program: Command): void {
  const issue = program
    .command('issue')
    .description(
      'issues on the configured forge (the local forge by default): create, list, show, comment, close, reopen',
    )
    .addHelpText(
      'after',
      `
The local forge keeps issues in Ouro's database; issues and pull requests share one number
sequence. Every change asks the policy first and lands in the audit log; in shadow mode it is only
recorded.

Examples:
  ouro issue create --title "Fix the lint errors" --label ouro:ready
  ouro issue list --label bug --label ouro:ready --all-labels
  ouro issue show 12
  ouro issue comment 12 --body "Looking into it"
  ouro issue close 12 --comment "Fixed in #13"
  ouro issue reopen 12 --json
${exitCodes}`,
    );
  issue
    .command('create')
    .description('open a new issue')
    .requiredOption('--title <text>', 'the title')
    .option('--body <text>', 'the description (Markdown)')
    .option('--label <name>', 'a label (repeatable, or comma-separated)', collectLabels)
    .action(commandAction<[CreateOptions]>(createAction));
  issue
    .command('list')
    .description('list issues, newest first (open ones unless --state says otherwise)')
    .option('--state <state>', 'open, closed or all', stateParser(['open', 'closed', 'all'] as const))
    .option('--label <name>', 'only issues with this label (repeatable, or comma-separated)', collectLabels)
    .option('--all-labels', 'require every --label instead of any one of them')
    .option('--limit <n>', 'at most this many', parseLimit)
    .action(commandAction<[ListOptions]>(listAction));
  issue
    .command('show')
    .description('an issue with its comments')
    .argument('<number>', 'the issue number', parseNumber)
    .action(commandAction<[number]>(showAction));
  issue
    .command('comment')
    .description('add a comment to an issue or pull request')
    .argument('<number>', 'the issue number', parseNumber)
    .requiredOption('--body <text>', 'the comment (Markdown)')
    .action(commandAction<[number, { body: string }]>(commentAction));
  issue
    .command('close')
    .description('close an issue (nothing happens when it is closed already)')
    .argument('<number>', 'the issue number', parseNumber)
    .option('--comment <text>', 'a comment saying why')
    .action(commandAction<[number, { comment?: string }]>(stateAction('closed')));
  issue
    .command('reopen')
    .description('reopen a closed issue (with a comment saying why)')
    .argument('<number>', 'the issue number', parseNumber)
    .option('--comment <text>', 'why (default: "Reopened by user:<you>.")')
    .action(commandAction<[number, { comment?: string }]>(stateAction('open')));
}

/**
 * `ouro approvals list|view|approve|deny` (issue 4 §4): a person decides what the policy would not
 * let Ouro do alone. The deciding identity is the OS user (`user:<name>`), checked against
 * `safety.approvers` when that list is set; every decision lands in the audit log.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import type { ApprovalState } from '../../store/types.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';
import {
  approvalJson,
  approvalViewJson,
  decisionResultJson,
  renderApprovalList,
  renderApprovalView,
  renderDecisionResults,
} from './approval-rendering.js';

const states: readonly ApprovalState[] = ['pending', 'approved', 'denied', 'expired', 'stale'];

interface ListOptions {
  all?: boolean;
  state?: ApprovalState[];
}

function collectState(value: string, previous: ApprovalState[] = []): ApprovalState[] {
  const parsed = value
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
  for (const item of parsed) {
    if (!(states as readonly string[]).includes(item)) {
      throw new InvalidArgumentError(`expected one of ${states.join(', ')}.`);
    }
  }
  return [...previous, ...(parsed as ApprovalState[])];
}

async function listAction(context: CommandContext, options: ListOptions): Promise<number> {
  const { listApprovals } = await import('../../app/approvals/index.js');
  return withProject(context, async (project) => {
    const now = Date.now();
    const approvals = await listApprovals(await project.store(), {
      all: options.all,
      states: options.state,
      now,
    });
    const { output } = context;
    if (output.json) {
      output.document({ approvals: approvals.map(approvalJson) });
      return ExitCode.success;
    }
    const title =
      options.all === true
        ? 'Approvals'
        : options.state === undefined
          ? 'Pending Approvals'
          : `Approvals (${options.state.join(', ')})`;
    if (approvals.length === 0) {
      output.line(
        `No ${options.all === true ? '' : `${(options.state ?? ['pending']).join(' or ')} `}approvals.`,
      );
      return ExitCode.success;
    }
    renderApprovalList(output, title, approvals, now);
    return ExitCode.success;
  });
}

async function viewAction(context: CommandContext, id: string): Promise<number> {
  const { viewApproval } = await import('../../app/approvals/index.js');
  return withProject(context, async (project) => {
    const now = Date.now();
    const view = await viewApproval(await project.store(), id, now);
    if (context.output.json) context.output.document(approvalViewJson(view));
    else renderApprovalView(context.output, view, now);
    return ExitCode.success;
  });
}

async function approveAction(
  context: CommandContext,
  ids: string[],
  options: { comment?: string },
): Promise<number> {
  const { approve } = await import('../../app/approvals/index.js');
  const { operatorIdentity } = await import('../../app/operator-identity.js');
  return withProject(context, async (project) => {
    const results = await approve(await project.store(), project.config, ids, {
      by: operatorIdentity(),
      comment: options.comment,
    });
    if (context.output.json) context.output.document({ results: results.map(decisionResultJson) });
    else renderDecisionResults(context.output, results);
    return results.every((result) => result.ok) ? ExitCode.success : ExitCode.failure;
  });
}

async function denyAction(context: CommandContext, id: string, options: { reason: string }): Promise<number> {
  const { deny } = await import('../../app/approvals/index.js');
  const { operatorIdentity } = await import('../../app/operator-identity.js');
  return withProject(context, async (project) => {
    const result = await deny(await project.store(), project.config, id, {
      by: operatorIdentity(),
      reason: options.reason,
    });
    if (context.output.json) context.output.document({ results: [decisionResultJson(result)] });
    else renderDecisionResults(context.output, [result]);
    return result.ok ? ExitCode.success : ExitCode.failure;
  });
}

const identityHelp = `
You decide as user:<your OS user name> (not configurable: safety.approvers would mean nothing if
anyone could claim another name). When safety.approvers is set, only the identities it lists may
approve or deny. With safety.approval_quorum > 1, that many different people must approve.`;

export function registerApprovalsCommands(program: Command): void {
  const approvals = program
    .command('approvals')
    .description('review and decide what the policy would not let Ouro do on its own');
  approvals
    .command('list')
    .description('list approvals (default: pending), newest first')
    .option('--all', 'every approval, whatever its state')
    .option(
      '--state <state>',
      `only these states (${states.join(', ')}); repeat or separate with commas`,
      collectState,
    )
    .addHelpText(
      'after',
      `
Due approvals become expired first (each expiry is audited).

Examples:
  ouro approvals list
  ouro approvals list --state expired,stale
  ouro approvals list --all --json`,
    )
    .action(commandAction<[ListOptions]>(listAction));
  approvals
    .command('view')
    .description('show one approval: operation, risk assessment, changed files, tests, cost, decisions')
    .argument('<id>', 'the approval id (apr_…)')
    .addHelpText(
      'after',
      `
Parts the requester did not record are shown as "not recorded".

Examples:
  ouro approvals view apr_1a2b3c4d
  ouro approvals view apr_1a2b3c4d --json`,
    )
    .action(commandAction<[string]>(viewAction));
  approvals
    .command('approve')
    .description('approve one or more pending approvals')
    .argument('<id...>', 'approval ids (apr_…)')
    .option('--comment <text>', 'why (kept with the decision and in the audit log)')
    .addHelpText(
      'after',
      `${identityHelp}

Examples:
  ouro approvals approve apr_1a2b3c4d --comment "Reviewed and approved. Tests passing."
  ouro approvals approve apr_1a2b3c4d apr_5e6f7a8b

Each id is decided on its own and reported; exit 1 when any could not be approved
(unknown, expired, stale, already decided), 0 otherwise.`,
    )
    .action(commandAction<[string[], { comment?: string }]>(approveAction));
  approvals
    .command('deny')
    .description('deny a pending approval (the action will not happen)')
    .argument('<id>', 'the approval id (apr_…)')
    .requiredOption('--reason <text>', 'why (required: the requester and the audit log keep it)')
    .addHelpText(
      'after',
      `${identityHelp}

Examples:
  ouro approvals deny apr_1a2b3c4d --reason "Security concerns. Need additional review."`,
    )
    .action(commandAction<[string, { reason: string }]>(denyAction));
}

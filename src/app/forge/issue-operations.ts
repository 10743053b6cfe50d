/**
 * The operator's issue commands (`ouro issue …`) over the configured forge. Reads go straight to
 * the forge; every change asks the policy first as the operator, so shadow mode records it instead.
 */
import { randomBytes } from 'node:crypto';
import type { PolicyAction, PolicyRequest } from '../../adapters/policy-port.js';
import type { ForgeComment, ForgeIssue, ForgeIssueState } from '../../forges/types.js';
import { verdictOutcome, type ForgeActionOutcome } from './forge-verdict.js';
import type { ProjectForge } from './project-forge.js';

export interface IssueListOptions {
  state?: ForgeIssueState | 'all';
  labels?: string[];
  labelMatch?: 'any' | 'all';
  limit?: number;
}

export function listIssues(context: ProjectForge, options: IssueListOptions = {}): Promise<ForgeIssue[]> {
  return context.forge.listIssues(options);
}

export async function showIssue(
  context: ProjectForge,
  number: number,
): Promise<{ issue: ForgeIssue; comments: ForgeComment[] }> {
  const issue = await context.forge.getIssue(number);
  return { issue, comments: await context.forge.listComments(number) };
}

async function authorize(
  context: ProjectForge,
  action: PolicyAction,
  subject: string,
  subjectKey: string,
  effect: Record<string, unknown>,
): Promise<ForgeActionOutcome> {
  const request: PolicyRequest = {
    action,
    subject,
    subjectKey,
    initiator: 'operator',
    effect: { forge: context.forge.id, ...effect },
  };
  return verdictOutcome(await context.gate.authorize(request), request);
}

export async function createIssue(
  context: ProjectForge,
  issue: { title: string; body: string; labels: string[] },
): Promise<ForgeActionOutcome & { issue: ForgeIssue | null }> {
  const outcome = await authorize(
    context,
    'create_issue',
    `new issue "${issue.title}"`,
    `issue:new:${issue.title}`,
    issue,
  );
  if (!outcome.performed) return { ...outcome, issue: null };
  const created = await context.forge.createIssue(issue);
  await context.gate.recordEffect('create_issue', `issue #${created.number}`, {
    forge: context.forge.id,
    issue: created.number,
  });
  return { ...outcome, issue: created };
}

export async function commentOnIssue(
  context: ProjectForge,
  number: number,
  body: string,
): Promise<ForgeActionOutcome & { comment: ForgeComment | null }> {
  await context.forge.getIssue(number);
  const subject = `issue #${number}`;
  const outcome = await authorize(context, 'comment', subject, `issue:${number}`, { issue: number, body });
  if (!outcome.performed) return { ...outcome, comment: null };
  // Every operator comment is a new one: a fresh marker never matches an earlier comment.
  const comment = await context.forge.ensureComment(
    number,
    `operator-${randomBytes(6).toString('hex')}`,
    body,
  );
  await context.gate.recordEffect('comment', subject, {
    forge: context.forge.id,
    issue: number,
    comment: comment.id,
  });
  return { ...outcome, comment };
}

/** Closes or reopens; when it is in that state already nobody is asked and `alreadyDone` says so. */
export async function setIssueState(
  context: ProjectForge,
  number: number,
  state: ForgeIssueState,
  comment: string | undefined,
): Promise<ForgeActionOutcome & { issue: ForgeIssue; alreadyDone: boolean }> {
  const issue = await context.forge.getIssue(number);
  if (issue.state === state) {
    return {
      performed: false,
      mode: context.gate.mode,
      decision: 'allow',
      reasons: [`issue #${number} is already ${state}`],
      issue,
      alreadyDone: true,
    };
  }
  const subject = `issue #${number}`;
  // Reopening is the inverse of closing: the same action, so the same rules apply to it.
  const outcome = await authorize(context, 'close_issue', subject, `issue:${number}`, {
    issue: number,
    state,
    ...(comment !== undefined ? { comment } : {}),
  });
  if (!outcome.performed) return { ...outcome, issue, alreadyDone: false };
  if (state === 'closed') await context.forge.closeIssue(number, comment);
  else await context.forge.reopenIssue(number, comment ?? `Reopened by ${context.actor}.`);
  await context.gate.recordEffect('close_issue', subject, { forge: context.forge.id, issue: number, state });
  return { ...outcome, issue: await context.forge.getIssue(number), alreadyDone: false };
}

/**
 * The GitHub webhook handler: verifies a delivery and turns it into typed events. Pure of HTTP: the
 * server (a later issue) passes headers and the raw body. Bad input is an OuroError with a stable code
 * (the server maps it to 400/401), never a crash; events Ouro does not act on give no event.
 */
import type { z } from 'zod';
import { OuroError, isOuroError } from '../../errors/index.js';
import type { ForgePermission } from '../types.js';
import { parseCommands } from './webhook-commands.js';
import { handledEvents, type WebhookEvent } from './webhook-events.js';
import {
  checkRunPayload,
  checkSuitePayload,
  issueCommentPayload,
  issuesPayload,
  pullRequestReviewPayload,
  workflowRunPayload,
} from './webhook-payloads.js';
import { verifyWebhookSignature } from './webhook-signature.js';

export interface GitHubWebhookInput {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string | Buffer;
  secret: string;
  getPermission: (user: string) => Promise<ForgePermission>;
}

const mayWrite = (permission: ForgePermission) => permission === 'write' || permission === 'admin';
const reviewStates = {
  approved: 'approved',
  changes_requested: 'changes_requested',
  commented: 'commented',
  dismissed: 'dismissed',
} as const;

export async function handleGitHubWebhook(input: GitHubWebhookInput): Promise<WebhookEvent[]> {
  const headers = lowerCaseHeaders(input.headers);
  const rawBody = typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8');
  await verifyWebhookSignature(rawBody, headers['x-hub-signature-256'], input.secret);
  const event = headers['x-github-event'] ?? '';
  const deliveryId = headers['x-github-delivery'] ?? '';
  // GitHub sends `ping` when a webhook is created: valid, nothing to do.
  if (event === 'ping') return [];
  if (!(handledEvents as readonly string[]).includes(event)) {
    throw new OuroError('OURO_GITHUB_WEBHOOK_EVENT_UNSUPPORTED', { event: event === '' ? '(none)' : event });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch (error) {
    throw new OuroError(
      'OURO_GITHUB_WEBHOOK_PAYLOAD_INVALID',
      { event, reason: 'the body is not JSON' },
      { cause: error },
    );
  }
  const parse = <T extends z.ZodType>(schema: T): z.infer<T> => {
    const result = schema.safeParse(payload);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new OuroError('OURO_GITHUB_WEBHOOK_PAYLOAD_INVALID', {
        event,
        reason: `${issue?.path.join('.') || '(body)'}: ${issue?.message ?? 'unexpected shape'}`,
      });
    }
    return result.data;
  };

  try {
    switch (event) {
      case 'issues': {
        const body = parse(issuesPayload);
        if (body.action !== 'labeled' || body.label === undefined) return [];
        const permission = await input.getPermission(body.sender.login);
        return [
          {
            kind: 'issue_labeled',
            deliveryId,
            issue: body.issue.number,
            label: body.label.name,
            sender: body.sender.login,
            authorized: mayWrite(permission),
          },
        ];
      }
      case 'issue_comment': {
        const body = parse(issueCommentPayload);
        if (body.action !== 'created') return [];
        const commands = parseCommands(body.comment.body ?? '');
        if (commands.length === 0) return [];
        const author = body.comment.user.login;
        const permission = await input.getPermission(author);
        const common = {
          deliveryId,
          issue: body.issue.number,
          commentId: String(body.comment.id),
          sender: author,
        };
        return commands.map((command): WebhookEvent =>
          mayWrite(permission)
            ? { kind: 'command', ...common, isPullRequest: body.issue.pull_request != null, command }
            : { kind: 'command_refused', ...common, permission, command },
        );
      }
      case 'pull_request_review': {
        const body = parse(pullRequestReviewPayload);
        const state = reviewStates[body.review.state.toLowerCase() as keyof typeof reviewStates];
        if (body.action !== 'submitted' || state === undefined) return [];
        return [
          {
            kind: 'review_submitted',
            deliveryId,
            pr: body.pull_request.number,
            reviewId: String(body.review.id),
            state,
            sender: body.sender.login,
          },
        ];
      }
      case 'check_run': {
        const body = parse(checkRunPayload);
        if (body.action !== 'completed') return [];
        const run = body.check_run;
        return [completed('check_run', run.name, run.head_sha, run.conclusion, run.pull_requests)];
      }
      case 'check_suite': {
        const body = parse(checkSuitePayload);
        if (body.action !== 'completed') return [];
        const suite = body.check_suite;
        return [
          completed(
            'check_suite',
            suite.app?.slug ?? 'check suite',
            suite.head_sha,
            suite.conclusion,
            suite.pull_requests,
          ),
        ];
      }
      default: {
        const body = parse(workflowRunPayload);
        if (body.action !== 'completed') return [];
        const run = body.workflow_run;
        return [
          completed('workflow_run', run.name ?? 'workflow', run.head_sha, run.conclusion, run.pull_requests),
        ];
      }
    }
  } catch (error) {
    if (isOuroError(error)) throw error;
    throw new OuroError(
      'OURO_GITHUB_WEBHOOK_PAYLOAD_INVALID',
      { event, reason: String(error) },
      { cause: error },
    );
  }

  function completed(
    source: 'check_run' | 'check_suite' | 'workflow_run',
    name: string,
    headSha: string,
    conclusion: string | null,
    pullRequests: Array<{ number: number }>,
  ): WebhookEvent {
    return {
      kind: 'checks_completed',
      deliveryId,
      source,
      name,
      headSha,
      conclusion,
      pullRequests: pullRequests.map((pr) => pr.number),
    };
  }
}

function lowerCaseHeaders(headers: GitHubWebhookInput['headers']): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers))
    result[key.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  return result;
}

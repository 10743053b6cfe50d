import type { ForgePermission } from '../types.js';
import type { OuroCommand } from './webhook-commands.js';

/** What a GitHub webhook delivery means to Ouro: the typed events the loop reacts to. */
export type WebhookEvent =
  | {
      kind: 'issue_labeled';
      deliveryId: string;
      issue: number;
      label: string;
      sender: string;
      /** The label counts as a trigger only when whoever applied it may write to the repository. */
      authorized: boolean;
    }
  | {
      kind: 'command';
      deliveryId: string;
      issue: number;
      isPullRequest: boolean;
      commentId: string;
      sender: string;
      command: OuroCommand;
    }
  | {
      /** A command from someone without write permission: not honoured, reported for the audit log. */
      kind: 'command_refused';
      deliveryId: string;
      issue: number;
      commentId: string;
      sender: string;
      permission: ForgePermission;
      command: OuroCommand;
    }
  | {
      kind: 'review_submitted';
      deliveryId: string;
      pr: number;
      reviewId: string;
      state: 'approved' | 'changes_requested' | 'commented' | 'dismissed';
      sender: string;
    }
  | {
      kind: 'checks_completed';
      deliveryId: string;
      source: 'check_run' | 'check_suite' | 'workflow_run';
      name: string;
      headSha: string;
      conclusion: string | null;
      pullRequests: number[];
    };

export const handledEvents = [
  'issues',
  'issue_comment',
  'pull_request_review',
  'check_run',
  'check_suite',
  'workflow_run',
] as const;

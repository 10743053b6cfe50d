/**
 * GitHub REST/GraphQL answers → the forge's shapes. Only the fields the forge reads are typed here:
 * Octokit's generated types are far larger than what Ouro needs, and the fake GitHub builds these
 * same shapes.
 */
import type {
  CheckConclusion,
  CheckStatus,
  ForgeCheckRun,
  ForgeComment,
  ForgeIssue,
  ForgePullRequest,
  ForgeReview,
  ForgeReviewThread,
} from '../types.js';

interface GitHubUser {
  login: string;
}
interface GitHubLabel {
  name?: string;
}

export interface GitHubIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  labels: Array<GitHubLabel | string>;
  user: GitHubUser | null;
  created_at: string;
  updated_at: string;
  html_url: string;
  pull_request?: unknown;
}

export interface GitHubComment {
  id: number;
  body?: string;
  user: GitHubUser | null;
  created_at: string;
  updated_at: string;
}

export interface GitHubPullRequest {
  number: number;
  title: string;
  body: string | null;
  state: string;
  head: { ref: string; sha: string };
  base: { ref: string };
  user: GitHubUser | null;
  labels: GitHubLabel[];
  mergeable?: boolean | null;
  merged_at: string | null;
  merge_commit_sha: string | null;
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface GitHubCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  html_url: string | null;
  details_url?: string | null;
  app?: { slug?: string } | null;
}

export interface GitHubReview {
  id: number;
  user: GitHubUser | null;
  state: string;
  body: string;
  submitted_at?: string;
}

export interface GitHubThreadNode {
  id: string;
  isResolved: boolean;
  path: string;
  line: number | null;
  comments: {
    nodes: Array<{
      databaseId: number;
      author: GitHubUser | null;
      body: string;
      createdAt: string;
      updatedAt: string;
    }>;
  };
}

const time = (iso: string | undefined | null): number => (iso ? Date.parse(iso) : 0);
const login = (user: GitHubUser | null | undefined): string => user?.login ?? 'ghost';
const labelNames = (labels: Array<GitHubLabel | string>): string[] =>
  labels
    .map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
    .filter((name) => name !== '');

export function toForgeIssue(issue: GitHubIssue): ForgeIssue {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'closed' ? 'closed' : 'open',
    labels: labelNames(issue.labels),
    author: login(issue.user),
    createdAt: time(issue.created_at),
    updatedAt: time(issue.updated_at),
    url: issue.html_url,
  };
}

export function toForgeComment(comment: GitHubComment): ForgeComment {
  return {
    id: String(comment.id),
    author: login(comment.user),
    body: comment.body ?? '',
    createdAt: time(comment.created_at),
    updatedAt: time(comment.updated_at),
  };
}

export function toForgePullRequest(pr: GitHubPullRequest): ForgePullRequest {
  const merged = pr.merged_at !== null;
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    state: merged ? 'merged' : pr.state === 'closed' ? 'closed' : 'open',
    head: pr.head.ref,
    headSha: pr.head.sha,
    base: pr.base.ref,
    author: login(pr.user),
    labels: labelNames(pr.labels),
    mergeable: pr.mergeable ?? null,
    mergeSha: merged ? pr.merge_commit_sha : null,
    createdAt: time(pr.created_at),
    updatedAt: time(pr.updated_at),
    url: pr.html_url,
  };
}

const checkStatuses: readonly string[] = ['queued', 'in_progress', 'completed'];
const checkConclusions: readonly string[] = [
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
];

export function toForgeCheckRun(run: GitHubCheckRun): ForgeCheckRun {
  // GitHub also reports `waiting`, `requested`, `pending` (queued in all but name) and `stale`.
  const status = (checkStatuses.includes(run.status) ? run.status : 'queued') as CheckStatus;
  const conclusion =
    run.conclusion === null
      ? null
      : ((checkConclusions.includes(run.conclusion) ? run.conclusion : 'neutral') as CheckConclusion);
  return {
    id: String(run.id),
    name: run.name,
    headSha: run.head_sha,
    status,
    conclusion: status === 'completed' ? conclusion : null,
    url: run.html_url ?? run.details_url ?? null,
  };
}

const reviewStates: Record<string, ForgeReview['state']> = {
  APPROVED: 'approved',
  CHANGES_REQUESTED: 'changes_requested',
  COMMENTED: 'commented',
  DISMISSED: 'dismissed',
};

/** undefined for a PENDING review (a draft its author has not submitted). */
export function toForgeReview(review: GitHubReview): ForgeReview | undefined {
  const state = reviewStates[review.state];
  if (state === undefined) return undefined;
  return {
    id: String(review.id),
    author: login(review.user),
    state,
    body: review.body,
    submittedAt: time(review.submitted_at),
  };
}

export function toForgeReviewThread(thread: GitHubThreadNode): ForgeReviewThread {
  return {
    id: thread.id,
    path: thread.path,
    line: thread.line,
    resolved: thread.isResolved,
    comments: thread.comments.nodes.map((comment) => ({
      id: String(comment.databaseId),
      author: login(comment.author),
      body: comment.body,
      createdAt: time(comment.createdAt),
      updatedAt: time(comment.updatedAt),
    })),
  };
}

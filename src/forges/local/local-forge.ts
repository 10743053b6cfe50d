/**
 * The local forge (issue 5 §1), the default when no `forge` is configured: issues, comments, labels,
 * pull requests, reviews and check results live in the store; the repository is the project's git
 * repository, whose branches are the PR heads and bases. A merge is a real git merge (or squash) into
 * the base branch and a revert a real revert commit there. Checks are recorded by whoever runs the
 * project's check workflow on a PR head (`recordCheckRun`).
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { OuroError } from '../../errors/index.js';
import type { ForgeItemRecord, ForgePullRequestRecord, Store } from '../../store/types.js';
import { bodyWithMarker } from '../comment-marker.js';
import type {
  CheckConclusion,
  CheckStatus,
  Forge,
  ForgeCheckRun,
  ForgeComment,
  ForgeIssue,
  ForgeJobLog,
  ForgePermission,
  ForgePullRequest,
  ForgePullRequestState,
  ForgeRateLimit,
  ForgeReview,
  ForgeReviewThread,
  IssueQuery,
  ReviewEvent,
} from '../types.js';
import { LocalGit } from './local-git.js';
import { mergeIntoBase, mergeTrailer, revertOnBase, revertTrailer } from './local-merge.js';

export interface LocalForgeOptions {
  store: Store;
  /** The project's git repository (any directory of it). */
  repositoryDir: string;
  /** Who the forge acts as (author of what it creates); default the OS user, `user:<name>`. */
  actor?: string;
  /** Permissions of other identities (`user:bob` → `write`); the OS user is always `admin`. */
  collaborators?: Readonly<Record<string, ForgePermission>>;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

/** What the check workflow reports for a PR head. */
export interface LocalCheckRunInput {
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  url?: string | null;
  /** The failing step and its log, for `getFailedJobLogs`. */
  failedStep?: string | null;
  log?: string | null;
  /** The commit checked; default the PR's current head. */
  headSha?: string;
}

const failedConclusions: ReadonlySet<string> = new Set([
  'failure',
  'timed_out',
  'cancelled',
  'action_required',
]);

const reviewStates: Record<ReviewEvent, ForgeReview['state']> = {
  approve: 'approved',
  request_changes: 'changes_requested',
  comment: 'commented',
};

function issueUrl(number: number): string {
  return `local:issue/${number}`;
}

function pullRequestUrl(number: number): string {
  return `local:pr/${number}`;
}

/** A marker for a one-off comment (close, reopen): the same text posted again is the same comment. */
function textMarker(kind: string, text: string): string {
  return `${kind}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

export class LocalForge implements Forge {
  readonly id = 'local';
  private readonly store: Store;
  private readonly git: LocalGit;
  private readonly actor: string;
  private readonly operator: string;
  private readonly collaborators: Readonly<Record<string, ForgePermission>>;
  private readonly now: () => number;

  constructor(options: LocalForgeOptions) {
    this.store = options.store;
    this.git = new LocalGit(options.repositoryDir, options.env ?? process.env);
    this.operator = `user:${os.userInfo().username}`;
    this.actor = options.actor ?? this.operator;
    this.collaborators = options.collaborators ?? {};
    this.now = options.now ?? Date.now;
  }

  private notFound(kind: 'issue' | 'pull request' | 'issue or pull request', number: number): OuroError {
    return new OuroError('OURO_FORGE_NOT_FOUND', { kind, number, forge: this.id });
  }

  private async item(number: number): Promise<ForgeItemRecord> {
    const item = await this.store.forge.getItem(number);
    if (item === undefined) throw this.notFound('issue or pull request', number);
    return item;
  }

  private async issueItem(number: number): Promise<ForgeItemRecord> {
    const item = await this.store.forge.getItem(number);
    if (item?.kind !== 'issue') throw this.notFound('issue', number);
    return item;
  }

  private toIssue(item: ForgeItemRecord): ForgeIssue {
    return {
      number: item.number,
      title: item.title,
      body: item.body,
      state: item.state === 'open' ? 'open' : 'closed',
      labels: item.labels,
      author: item.author,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      url: issueUrl(item.number),
    };
  }

  private toPullRequest(record: ForgePullRequestRecord, mergeable: boolean | null): ForgePullRequest {
    return {
      number: record.number,
      title: record.title,
      body: record.body,
      state: record.state,
      head: record.head,
      headSha: record.headSha,
      base: record.base,
      author: record.author,
      labels: record.labels,
      mergeable,
      mergeSha: record.mergeSha,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      url: pullRequestUrl(record.number),
    };
  }

  async listIssues(query: IssueQuery = {}): Promise<ForgeIssue[]> {
    const state = query.state ?? 'open';
    const items = await this.store.forge.listItems({
      kind: 'issue',
      ...(state === 'all' ? {} : { states: [state] }),
      ...(query.labels ? { labels: query.labels } : {}),
      labelMatch: query.labelMatch ?? 'any',
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
    return items.map((item) => this.toIssue(item));
  }

  async getIssue(issue: number): Promise<ForgeIssue> {
    return this.toIssue(await this.issueItem(issue));
  }

  async createIssue(issue: { title: string; body: string; labels?: string[] }): Promise<ForgeIssue> {
    const created = await this.store.forge.createIssue({
      title: issue.title,
      body: issue.body,
      author: this.actor,
      labels: issue.labels ?? [],
      now: this.now(),
    });
    return this.toIssue(created);
  }

  async closeIssue(issue: number, comment?: string): Promise<void> {
    const item = await this.item(issue);
    if (item.kind === 'pull_request') {
      await this.closePullRequest(issue, comment);
      return;
    }
    if (item.state !== 'open') return;
    if (comment !== undefined) await this.ensureComment(issue, textMarker('close', comment), comment);
    await this.store.forge.setState(issue, 'closed', this.now());
  }

  async reopenIssue(issue: number, comment: string): Promise<void> {
    const item = await this.issueItem(issue);
    if (item.state === 'open') return;
    await this.ensureComment(issue, textMarker('reopen', comment), comment);
    await this.store.forge.setState(issue, 'open', this.now());
  }

  async ensureLabels(issue: number, change: { add?: string[]; remove?: string[] }): Promise<string[]> {
    await this.item(issue);
    return this.store.forge.changeLabels(
      issue,
      { add: change.add ?? [], remove: change.remove ?? [] },
      this.now(),
    );
  }

  async ensureComment(issue: number, marker: string, body: string): Promise<ForgeComment> {
    await this.item(issue);
    const comment = await this.store.forge.ensureComment({
      itemNumber: issue,
      marker,
      author: this.actor,
      body: bodyWithMarker(body, marker),
      now: this.now(),
    });
    return {
      id: comment.id,
      author: comment.author,
      body: comment.body,
      createdAt: comment.createdAt,
      updatedAt: comment.updatedAt,
    };
  }

  async listComments(issue: number): Promise<ForgeComment[]> {
    await this.item(issue);
    return (await this.store.forge.listComments(issue)).map((comment) => ({
      id: comment.id,
      author: comment.author,
      body: comment.body,
      createdAt: comment.createdAt,
      updatedAt: comment.updatedAt,
    }));
  }

  async listPullRequests(
    query: { state?: ForgePullRequestState | 'all'; limit?: number } = {},
  ): Promise<ForgePullRequest[]> {
    const state = query.state ?? 'open';
    const records = await this.store.forge.listPullRequests({
      ...(state === 'all' ? {} : { states: [state] }),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
    // Mergeability costs a git merge-tree per PR: computed by getPullRequest only.
    return records.map((record) => this.toPullRequest(record, null));
  }

  /** The stored PR with its head refreshed from the branch while it is open. */
  private async refreshedPullRequest(number: number): Promise<ForgePullRequestRecord> {
    const record = await this.store.forge.getPullRequest(number);
    if (record === undefined) throw this.notFound('pull request', number);
    if (record.state !== 'open') return record;
    const head = await this.git.branchHead(record.head);
    if (head === undefined || head === record.headSha) return record;
    await this.store.forge.updateHeadSha(number, head, this.now());
    return { ...record, headSha: head };
  }

  async getPullRequest(pr: number): Promise<ForgePullRequest> {
    const record = await this.refreshedPullRequest(pr);
    const mergeable =
      record.state === 'open' && (await this.git.branchHead(record.base)) !== undefined
        ? await this.git.mergeable(`refs/heads/${record.base}`, record.headSha)
        : null;
    return this.toPullRequest(record, mergeable);
  }

  async findPullRequest(query: { head: string }): Promise<ForgePullRequest | undefined> {
    const record = await this.store.forge.findOpenPullRequest(query.head);
    return record === undefined ? undefined : this.getPullRequest(record.number);
  }

  private async requireBranch(branch: string): Promise<string> {
    const head = await this.git.branchHead(branch);
    if (head === undefined) {
      throw new OuroError('OURO_FORGE_BRANCH_NOT_FOUND', { branch, repository: this.git.repositoryDir });
    }
    return head;
  }

  async ensurePullRequest(pr: {
    head: string;
    base: string;
    title: string;
    body: string;
  }): Promise<ForgePullRequest> {
    const headSha = await this.requireBranch(pr.head);
    await this.requireBranch(pr.base);
    const { pullRequest } = await this.store.forge.ensurePullRequest({
      ...pr,
      author: this.actor,
      headSha,
      now: this.now(),
    });
    return this.getPullRequest(pullRequest.number);
  }

  async closePullRequest(pr: number, comment?: string): Promise<void> {
    const record = await this.store.forge.getPullRequest(pr);
    if (record === undefined) throw this.notFound('pull request', pr);
    if (record.state === 'closed') return;
    if (record.state === 'merged') {
      throw new OuroError('OURO_FORGE_PR_NOT_OPEN', { number: pr, state: 'merged', action: 'closed' });
    }
    if (comment !== undefined) await this.ensureComment(pr, textMarker('close', comment), comment);
    await this.store.forge.closePullRequest(pr, this.now());
  }

  async getChecks(pr: number): Promise<ForgeCheckRun[]> {
    const record = await this.refreshedPullRequest(pr);
    return (await this.store.forge.listCheckRuns(record.headSha)).map((run) => ({
      id: run.id,
      name: run.name,
      headSha: run.headSha,
      status: run.status,
      conclusion: run.conclusion as CheckConclusion | null,
      url: run.url,
    }));
  }

  async getFailedJobLogs(pr: number): Promise<ForgeJobLog[]> {
    const record = await this.refreshedPullRequest(pr);
    return (await this.store.forge.listCheckRuns(record.headSha))
      .filter((run) => run.conclusion !== null && failedConclusions.has(run.conclusion))
      .map((run) => ({
        checkName: run.name,
        jobId: run.id,
        step: run.failedStep,
        log: run.log ?? '',
        url: run.url,
      }));
  }

  /** Stores the result of a check on the PR's head (or `run.headSha`); a re-run replaces it. */
  async recordCheckRun(pr: number, run: LocalCheckRunInput): Promise<ForgeCheckRun> {
    const headSha = run.headSha ?? (await this.refreshedPullRequest(pr)).headSha;
    const stored = await this.store.forge.recordCheckRun({
      headSha,
      name: run.name,
      status: run.status,
      conclusion: run.status === 'completed' ? run.conclusion : null,
      url: run.url ?? null,
      failedStep: run.failedStep ?? null,
      log: run.log ?? null,
      updatedAt: this.now(),
    });
    return {
      id: stored.id,
      name: stored.name,
      headSha: stored.headSha,
      status: stored.status,
      conclusion: stored.conclusion as CheckConclusion | null,
      url: stored.url,
    };
  }

  private async pullRequestRecord(pr: number): Promise<ForgePullRequestRecord> {
    const record = await this.store.forge.getPullRequest(pr);
    if (record === undefined) throw this.notFound('pull request', pr);
    return record;
  }

  async listReviews(pr: number): Promise<ForgeReview[]> {
    await this.pullRequestRecord(pr);
    return (await this.store.forge.listReviews(pr)).map((review) => ({
      id: review.id,
      author: review.author,
      state: review.state,
      body: review.body,
      submittedAt: review.submittedAt,
    }));
  }

  async createReview(
    pr: number,
    review: {
      event: ReviewEvent;
      body: string;
      comments?: Array<{ path: string; line: number; body: string }>;
    },
  ): Promise<ForgeReview> {
    await this.pullRequestRecord(pr);
    const now = this.now();
    for (const comment of review.comments ?? []) {
      await this.store.forge.addThread({ prNumber: pr, ...comment, author: this.actor, now });
    }
    const stored = await this.store.forge.addReview({
      prNumber: pr,
      author: this.actor,
      state: reviewStates[review.event],
      body: review.body,
      submittedAt: now,
    });
    return {
      id: stored.id,
      author: stored.author,
      state: stored.state,
      body: stored.body,
      submittedAt: stored.submittedAt,
    };
  }

  async getReviewThreads(pr: number): Promise<ForgeReviewThread[]> {
    await this.pullRequestRecord(pr);
    return (await this.store.forge.listThreads(pr)).map((thread) => ({
      id: thread.id,
      path: thread.path,
      line: thread.line,
      resolved: thread.resolved,
      comments: thread.comments,
    }));
  }

  private async thread(pr: number, threadId: string) {
    await this.pullRequestRecord(pr);
    const thread = await this.store.forge.getThread(threadId);
    if (thread?.prNumber !== pr)
      throw new OuroError('OURO_FORGE_THREAD_NOT_FOUND', { thread: threadId, number: pr });
    return thread;
  }

  async replyToThread(pr: number, threadId: string, body: string): Promise<ForgeComment> {
    await this.thread(pr, threadId);
    return this.store.forge.addThreadComment({ threadId, author: this.actor, body, now: this.now() });
  }

  async resolveThread(pr: number, threadId: string): Promise<void> {
    await this.thread(pr, threadId);
    await this.store.forge.resolveThread(threadId);
  }

  async mergePullRequest(
    pr: number,
    options: { method: 'merge' | 'squash'; expectedHeadSha: string; message?: string },
  ): Promise<{ mergeSha: string }> {
    const record = await this.refreshedPullRequest(pr);
    if (record.state === 'merged' && record.mergeSha !== null) return { mergeSha: record.mergeSha };
    if (record.state !== 'open') {
      throw new OuroError('OURO_FORGE_PR_NOT_OPEN', { number: pr, state: record.state, action: 'merged' });
    }
    if (record.headSha !== options.expectedHeadSha) {
      throw new OuroError('OURO_FORGE_HEAD_MOVED', {
        number: pr,
        head: record.head,
        actual: record.headSha,
        expected: options.expectedHeadSha,
      });
    }
    await this.requireBranch(record.base);
    // A merge made before a crash (git done, store not) is on the base branch already: record that one.
    const earlier = await this.git.findCommitWithLine(record.base, mergeTrailer(pr, record.headSha));
    const mergeSha =
      earlier ??
      (await mergeIntoBase(this.git, {
        number: pr,
        base: record.base,
        head: record.head,
        headSha: record.headSha,
        method: options.method,
        message: options.message ?? `Merge pull request #${pr} from ${record.head}\n\n${record.title}`,
      }));
    const marked = await this.store.forge.markMerged(
      pr,
      { sha: mergeSha, method: options.method },
      this.now(),
    );
    if (!marked) {
      const after = await this.pullRequestRecord(pr);
      if (after.mergeSha !== null) return { mergeSha: after.mergeSha };
    }
    return { mergeSha };
  }

  async revert(
    pr: number,
    options: { title: string; body: string },
  ): Promise<{ pr: number | null; sha: string | null }> {
    const record = await this.pullRequestRecord(pr);
    if (record.revertSha !== null) return { pr: null, sha: record.revertSha };
    if (record.state !== 'merged' || record.mergeSha === null) {
      throw new OuroError('OURO_FORGE_PR_NOT_OPEN', {
        number: pr,
        state: record.state,
        action: 'reverted (it is not merged)',
      });
    }
    await this.requireBranch(record.base);
    const earlier = await this.git.findCommitWithLine(record.base, revertTrailer(pr, record.mergeSha));
    const sha =
      earlier ??
      (await revertOnBase(this.git, {
        number: pr,
        base: record.base,
        mergeSha: record.mergeSha,
        method: record.mergeMethod ?? 'merge',
        title: options.title,
        body: options.body,
      }));
    if (!(await this.store.forge.markReverted(pr, sha))) {
      const after = await this.pullRequestRecord(pr);
      return { pr: null, sha: after.revertSha ?? sha };
    }
    return { pr: null, sha };
  }

  getPermission(user: string): Promise<ForgePermission> {
    if (user === this.operator) return Promise.resolve('admin');
    return Promise.resolve(this.collaborators[user] ?? 'none');
  }

  rateLimit(): ForgeRateLimit | undefined {
    return undefined;
  }
}

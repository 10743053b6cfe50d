/**
 * The GitHub forge: the `Forge` contract over the REST API (GraphQL for review threads, which REST
 * does not expose as threads). Idempotent verbs look before they write: a retried task finds the
 * comment, pull request or revert branch the first attempt made.
 */
import { OuroError } from '../../errors/index.js';
import { bodyWithMarker, markerOf } from '../comment-marker.js';
import type {
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
import type { GitHubClient, GitHubOctokitClient } from './github-client.js';
import {
  toForgeCheckRun,
  toForgeComment,
  toForgeIssue,
  toForgePullRequest,
  toForgeReview,
  toForgeReviewThread,
  type GitHubCheckRun,
  type GitHubComment,
  type GitHubIssue,
  type GitHubPullRequest,
  type GitHubReview,
  type GitHubThreadNode,
} from './github-mappers.js';
import { githubRequestFailed, statusOf } from './github-request-error.js';
import { trimJobLog } from './job-log-trimming.js';

export interface GitHubForgeOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  /** At most this many bytes of each failed job's log (default 64 KiB). */
  maxJobLogBytes?: number;
}

const failedConclusions = new Set(['failure', 'timed_out', 'cancelled', 'action_required']);
const reviewEvents: Record<ReviewEvent, 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT'> = {
  approve: 'APPROVE',
  request_changes: 'REQUEST_CHANGES',
  comment: 'COMMENT',
};

export class GitHubForge implements Forge {
  readonly id = 'github';
  readonly #client: GitHubClient;
  readonly #octokit: GitHubOctokitClient;
  readonly #repository: { owner: string; repo: string };
  readonly #maxJobLogBytes: number;

  constructor(options: GitHubForgeOptions) {
    this.#client = options.client;
    this.#octokit = options.client.octokit;
    this.#repository = { owner: options.owner, repo: options.repo };
    this.#maxJobLogBytes = options.maxJobLogBytes ?? 64 * 1024;
  }

  rateLimit(): ForgeRateLimit | undefined {
    return this.#client.rateLimit.current();
  }

  // Issues ------------------------------------------------------------------------------------------

  async listIssues(query: IssueQuery = {}): Promise<ForgeIssue[]> {
    const limit = query.limit ?? 100;
    const labels = query.labels ?? [];
    // GitHub's `labels` filter means "all of them"; "any" is one request per label, merged.
    const filters =
      labels.length === 0 || query.labelMatch === 'all' ? [labels] : labels.map((label) => [label]);
    const found = new Map<number, ForgeIssue>();
    for (const filter of filters) {
      const issues = await this.#call('read issues', () =>
        this.#paginate<GitHubIssue>(
          'GET /repos/{owner}/{repo}/issues',
          {
            state: query.state ?? 'open',
            ...(filter.length > 0 ? { labels: filter.join(',') } : {}),
            sort: 'created',
            direction: 'asc',
          },
          limit,
          (issue) => issue.pull_request === undefined,
        ),
      );
      for (const issue of issues) found.set(issue.number, toForgeIssue(issue));
    }
    return [...found.values()].sort((left, right) => left.number - right.number).slice(0, limit);
  }

  async getIssue(issue: number): Promise<ForgeIssue> {
    const found = await this.#getIssueOrPull(issue);
    if (found.pull_request !== undefined) throw this.#notFound('issue', issue);
    return toForgeIssue(found);
  }

  async createIssue(issue: { title: string; body: string; labels?: string[] }): Promise<ForgeIssue> {
    const { data } = await this.#call('write issues', () =>
      this.#octokit.rest.issues.create({ ...this.#repository, ...issue }),
    );
    return toForgeIssue(data);
  }

  async closeIssue(issue: number, comment?: string): Promise<void> {
    const current = await this.#getIssueOrPull(issue);
    if (current.state === 'closed') return;
    if (comment !== undefined) await this.#postComment(issue, comment);
    await this.#call('write issues', () =>
      this.#octokit.rest.issues.update({ ...this.#repository, issue_number: issue, state: 'closed' }),
    );
  }

  async reopenIssue(issue: number, comment: string): Promise<void> {
    const current = await this.#getIssueOrPull(issue);
    if (current.state === 'open') return;
    await this.#postComment(issue, comment);
    await this.#call('write issues', () =>
      this.#octokit.rest.issues.update({ ...this.#repository, issue_number: issue, state: 'open' }),
    );
  }

  async ensureLabels(issue: number, change: { add?: string[]; remove?: string[] }): Promise<string[]> {
    await this.#getIssueOrPull(issue);
    for (const name of change.remove ?? []) {
      try {
        await this.#octokit.rest.issues.removeLabel({ ...this.#repository, issue_number: issue, name });
      } catch (error) {
        // Not on the issue: already the state asked for.
        if (statusOf(error) !== 404) throw githubRequestFailed(error, this.#need('write issues'));
      }
    }
    const added = change.add ?? [];
    const { data } = await this.#call('write issues', () =>
      added.length > 0
        ? this.#octokit.rest.issues.addLabels({ ...this.#repository, issue_number: issue, labels: added })
        : this.#octokit.rest.issues.listLabelsOnIssue({
            ...this.#repository,
            issue_number: issue,
            per_page: 100,
          }),
    );
    return data.map((label) => label.name);
  }

  async ensureComment(issue: number, marker: string, body: string): Promise<ForgeComment> {
    const wanted = bodyWithMarker(body, marker);
    const comments = await this.#listRawComments(issue);
    const existing = comments.find((comment) => markerOf(comment.body ?? '') === marker);
    if (existing === undefined) return toForgeComment(await this.#postComment(issue, wanted));
    if (existing.body === wanted) return toForgeComment(existing);
    const { data } = await this.#call('write issues', () =>
      this.#octokit.rest.issues.updateComment({ ...this.#repository, comment_id: existing.id, body: wanted }),
    );
    return toForgeComment(data);
  }

  async listComments(issue: number): Promise<ForgeComment[]> {
    return (await this.#listRawComments(issue)).map(toForgeComment);
  }

  // Pull requests -----------------------------------------------------------------------------------

  async listPullRequests(
    query: { state?: ForgePullRequestState | 'all'; limit?: number } = {},
  ): Promise<ForgePullRequest[]> {
    const state = query.state ?? 'open';
    const pulls = await this.#call('read pull requests', () =>
      this.#paginate<GitHubPullRequest>(
        'GET /repos/{owner}/{repo}/pulls',
        { state: state === 'merged' ? 'closed' : state === 'all' ? 'all' : state },
        query.limit ?? 100,
        (pull) => state === 'all' || toForgePullRequest(pull).state === state,
      ),
    );
    return pulls.map(toForgePullRequest);
  }

  async getPullRequest(pr: number): Promise<ForgePullRequest> {
    return toForgePullRequest(await this.#getRawPull(pr));
  }

  async findPullRequest(query: { head: string }): Promise<ForgePullRequest | undefined> {
    const found = await this.#findPulls(query.head, 'open');
    return found[0] === undefined ? undefined : toForgePullRequest(found[0]);
  }

  async ensurePullRequest(pr: {
    head: string;
    base: string;
    title: string;
    body: string;
  }): Promise<ForgePullRequest> {
    const existing = (await this.#findPulls(pr.head, 'open'))[0];
    if (existing === undefined) {
      const { data } = await this.#call('write pull requests', () =>
        this.#octokit.rest.pulls.create({ ...this.#repository, ...pr }),
      );
      return toForgePullRequest(data);
    }
    if (existing.title === pr.title && (existing.body ?? '') === pr.body) return toForgePullRequest(existing);
    const { data } = await this.#call('write pull requests', () =>
      this.#octokit.rest.pulls.update({
        ...this.#repository,
        pull_number: existing.number,
        title: pr.title,
        body: pr.body,
      }),
    );
    return toForgePullRequest(data);
  }

  async closePullRequest(pr: number, comment?: string): Promise<void> {
    const current = await this.#getRawPull(pr);
    if (current.state === 'closed') return;
    if (comment !== undefined) await this.#postComment(pr, comment);
    await this.#call('write pull requests', () =>
      this.#octokit.rest.pulls.update({ ...this.#repository, pull_number: pr, state: 'closed' }),
    );
  }

  // Checks ------------------------------------------------------------------------------------------

  async getChecks(pr: number): Promise<ForgeCheckRun[]> {
    return (await this.#rawChecks(pr)).map(toForgeCheckRun);
  }

  async getFailedJobLogs(pr: number): Promise<ForgeJobLog[]> {
    const failed = (await this.#rawChecks(pr)).filter(
      (run) => run.status === 'completed' && run.conclusion !== null && failedConclusions.has(run.conclusion),
    );
    const logs: ForgeJobLog[] = [];
    for (const run of failed) {
      if (run.app?.slug !== undefined && run.app.slug !== 'github-actions') {
        // Another CI posts its own check runs: its logs live there, only the link is known here.
        logs.push({
          checkName: run.name,
          jobId: String(run.id),
          step: null,
          log: '',
          url: run.details_url ?? null,
        });
        continue;
      }
      // For GitHub Actions the check run id is the job id.
      const { data: job } = await this.#call('read actions', () =>
        this.#octokit.rest.actions.getJobForWorkflowRun({ ...this.#repository, job_id: run.id }),
      );
      const failedStep = (job.steps ?? []).find((step) => step.conclusion === 'failure')?.name ?? null;
      const { data: raw } = await this.#call('read actions', () =>
        this.#octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...this.#repository, job_id: run.id }),
      );
      const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw as ArrayBuffer);
      const trimmed = trimJobLog(text, { failedStep, maxBytes: this.#maxJobLogBytes });
      logs.push({
        checkName: run.name,
        jobId: String(run.id),
        step: trimmed.step,
        log: trimmed.log,
        url: job.html_url ?? run.html_url ?? null,
      });
    }
    return logs;
  }

  // Reviews -----------------------------------------------------------------------------------------

  async listReviews(pr: number): Promise<ForgeReview[]> {
    await this.#getRawPull(pr);
    const reviews = await this.#call('read pull requests', () =>
      this.#octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
        ...this.#repository,
        pull_number: pr,
        per_page: 100,
      }),
    );
    return (reviews as GitHubReview[]).map(toForgeReview).filter((review) => review !== undefined);
  }

  async createReview(
    pr: number,
    review: {
      event: ReviewEvent;
      body: string;
      comments?: Array<{ path: string; line: number; body: string }>;
    },
  ): Promise<ForgeReview> {
    const pull = await this.#getRawPull(pr);
    const { data } = await this.#call('write pull requests', () =>
      this.#octokit.rest.pulls.createReview({
        ...this.#repository,
        pull_number: pr,
        commit_id: pull.head.sha,
        event: reviewEvents[review.event],
        body: review.body,
        comments: (review.comments ?? []).map((comment) => ({ ...comment, side: 'RIGHT' as const })),
      }),
    );
    const mapped = toForgeReview(data);
    if (mapped === undefined)
      throw githubRequestFailed(new Error('the review stayed pending'), this.#need('review'));
    return mapped;
  }

  async getReviewThreads(pr: number): Promise<ForgeReviewThread[]> {
    const result = await this.#call('read pull requests', () =>
      this.#octokit.graphql<{
        repository: { pullRequest: { reviewThreads: { nodes: GitHubThreadNode[] } } | null };
      }>(
        `query ($owner: String!, $repo: String!, $number: Int!) {
          repository(owner: $owner, name: $repo) {
            pullRequest(number: $number) {
              reviewThreads(first: 100) {
                nodes {
                  id isResolved path line
                  comments(first: 100) { nodes { databaseId author { login } body createdAt updatedAt } }
                }
              }
            }
          }
        }`,
        { ...this.#repository, number: pr },
      ),
    );
    const pull = result.repository.pullRequest;
    if (pull === null) throw this.#notFound('pull request', pr);
    return pull.reviewThreads.nodes.map(toForgeReviewThread);
  }

  async replyToThread(pr: number, threadId: string, body: string): Promise<ForgeComment> {
    const result = await this.#threadMutation(pr, threadId, () =>
      this.#octokit.graphql<{
        addPullRequestReviewThreadReply: { comment: GitHubThreadNode['comments']['nodes'][number] };
      }>(
        `mutation ($thread: ID!, $body: String!) {
          addPullRequestReviewThreadReply(input: { pullRequestReviewThreadId: $thread, body: $body }) {
            comment { databaseId author { login } body createdAt updatedAt }
          }
        }`,
        { thread: threadId, body },
      ),
    );
    const comment = result.addPullRequestReviewThreadReply.comment;
    return toForgeReviewThread({
      id: threadId,
      isResolved: false,
      path: '',
      line: null,
      comments: { nodes: [comment] },
    }).comments[0] as ForgeComment;
  }

  async resolveThread(pr: number, threadId: string): Promise<void> {
    await this.#threadMutation(pr, threadId, () =>
      this.#octokit.graphql(
        `mutation ($thread: ID!) { resolveReviewThread(input: { threadId: $thread }) { thread { id isResolved } } }`,
        { thread: threadId },
      ),
    );
  }

  // Merge and revert --------------------------------------------------------------------------------

  async mergePullRequest(
    pr: number,
    options: { method: 'merge' | 'squash'; expectedHeadSha: string; message?: string },
  ): Promise<{ mergeSha: string }> {
    const pull = await this.#getRawPull(pr);
    if (pull.merged_at !== null && pull.merge_commit_sha !== null) return { mergeSha: pull.merge_commit_sha };
    if (pull.state === 'closed') {
      throw new OuroError('OURO_FORGE_PR_NOT_OPEN', { number: pr, state: 'closed', action: 'merged' });
    }
    if (pull.head.sha !== options.expectedHeadSha) throw this.#headMoved(pull, options.expectedHeadSha);
    try {
      const { data } = await this.#octokit.rest.pulls.merge({
        ...this.#repository,
        pull_number: pr,
        sha: options.expectedHeadSha,
        merge_method: options.method,
        ...(options.message === undefined ? {} : { commit_message: options.message }),
      });
      return { mergeSha: data.sha };
    } catch (error) {
      const status = statusOf(error);
      if (status === 409) throw this.#headMoved(await this.#getRawPull(pr), options.expectedHeadSha);
      if (status === 405) {
        throw new OuroError('OURO_FORGE_MERGE_NOT_POSSIBLE', {
          number: pr,
          base: pull.base.ref,
          reason: (error as Error).message,
          hint: 'Look at the pull request on GitHub: required checks, reviews or conflicts block it.',
        });
      }
      throw githubRequestFailed(error, this.#need('write contents and pull requests'));
    }
  }

  async revert(
    pr: number,
    options: { title: string; body: string },
  ): Promise<{ pr: number | null; sha: string | null }> {
    const pull = await this.#getRawPull(pr);
    if (pull.merged_at === null || pull.merge_commit_sha === null) {
      throw this.#revertNotPossible(pull, 'it is not merged', 'Only a merged pull request can be reverted.');
    }
    const branch = `ouro/revert-${pr}`;
    const previous = (await this.#findPulls(branch, 'all'))[0];
    if (previous !== undefined) return { pr: previous.number, sha: previous.head.sha };

    let revertSha = await this.#branchSha(branch);
    if (revertSha === undefined) {
      revertSha = await this.#createRevertCommit(pull, pull.merge_commit_sha);
      const sha = revertSha;
      await this.#call('write contents', () =>
        this.#octokit.rest.git.createRef({ ...this.#repository, ref: `refs/heads/${branch}`, sha }),
      );
    }
    const { data } = await this.#call('write pull requests', () =>
      this.#octokit.rest.pulls.create({
        ...this.#repository,
        head: branch,
        base: pull.base.ref,
        title: options.title,
        body: options.body,
      }),
    );
    return { pr: data.number, sha: revertSha };
  }

  async getPermission(user: string): Promise<ForgePermission> {
    try {
      const { data } = await this.#octokit.rest.repos.getCollaboratorPermissionLevel({
        ...this.#repository,
        username: user,
      });
      // `permission` folds maintain into write and triage into read: the four levels Ouro uses.
      const permission = data.permission;
      return permission === 'admin' || permission === 'write' || permission === 'read' ? permission : 'none';
    } catch (error) {
      if (statusOf(error) === 404) return 'none';
      throw githubRequestFailed(error, this.#need('read collaborators (metadata)'));
    }
  }

  // Internals ---------------------------------------------------------------------------------------

  /**
   * The revert of a merge as one commit on the base branch: the tree of the merge commit's first
   * parent (the base before the merge). That is exact only while the base still points at the merge
   * commit; once other commits landed after it, GitHub cannot three-way-merge through this API, so
   * it refuses instead of also undoing those commits.
   */
  async #createRevertCommit(pull: GitHubPullRequest, mergeSha: string): Promise<string> {
    const baseSha = await this.#branchSha(pull.base.ref);
    if (baseSha !== mergeSha) {
      throw this.#revertNotPossible(
        pull,
        `${pull.base.ref} moved past the merge commit ${mergeSha.slice(0, 12)}`,
        'Use the Revert button of the pull request on GitHub, or revert the merge commit locally and open a pull request.',
      );
    }
    const { data: merge } = await this.#call('read contents', () =>
      this.#octokit.rest.git.getCommit({ ...this.#repository, commit_sha: mergeSha }),
    );
    const parent = merge.parents[0];
    if (parent === undefined) throw this.#revertNotPossible(pull, 'the merge commit has no parent', '');
    const { data: before } = await this.#call('read contents', () =>
      this.#octokit.rest.git.getCommit({ ...this.#repository, commit_sha: parent.sha }),
    );
    const { data: commit } = await this.#call('write contents', () =>
      this.#octokit.rest.git.createCommit({
        ...this.#repository,
        message: `Revert "${pull.title}"\n\nThis reverts commit ${mergeSha} (pull request #${pull.number}).`,
        tree: before.tree.sha,
        parents: [mergeSha],
      }),
    );
    return commit.sha;
  }

  async #branchSha(branch: string): Promise<string | undefined> {
    try {
      const { data } = await this.#octokit.rest.git.getRef({ ...this.#repository, ref: `heads/${branch}` });
      return data.object.sha;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw githubRequestFailed(error, this.#need('read contents'));
    }
  }

  async #threadMutation<T>(pr: number, threadId: string, mutate: () => Promise<T>): Promise<T> {
    try {
      return await mutate();
    } catch (error) {
      const errors = (error as { errors?: Array<{ type?: string }> }).errors;
      if (errors?.some((entry) => entry.type === 'NOT_FOUND') === true) {
        throw new OuroError(
          'OURO_FORGE_THREAD_NOT_FOUND',
          { thread: threadId, number: pr },
          { cause: error },
        );
      }
      throw githubRequestFailed(error, this.#need('write pull requests'));
    }
  }

  async #rawChecks(pr: number): Promise<GitHubCheckRun[]> {
    const pull = await this.#getRawPull(pr);
    const runs = await this.#call('read checks', () =>
      this.#octokit.paginate('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
        ...this.#repository,
        ref: pull.head.sha,
        per_page: 100,
      }),
    );
    return runs;
  }

  async #findPulls(head: string, state: 'open' | 'all'): Promise<GitHubPullRequest[]> {
    const { data } = await this.#call('read pull requests', () =>
      this.#octokit.rest.pulls.list({
        ...this.#repository,
        head: `${this.#repository.owner}:${head}`,
        state,
      }),
    );
    return data;
  }

  async #getRawPull(pr: number): Promise<GitHubPullRequest> {
    try {
      const { data } = await this.#octokit.rest.pulls.get({ ...this.#repository, pull_number: pr });
      return data;
    } catch (error) {
      if (statusOf(error) === 404) throw this.#notFound('pull request', pr);
      throw githubRequestFailed(error, this.#need('read pull requests'));
    }
  }

  async #getIssueOrPull(issue: number): Promise<GitHubIssue> {
    try {
      const { data } = await this.#octokit.rest.issues.get({ ...this.#repository, issue_number: issue });
      return data;
    } catch (error) {
      // 410: the issue was deleted.
      if (statusOf(error) === 404 || statusOf(error) === 410) throw this.#notFound('issue', issue);
      throw githubRequestFailed(error, this.#need('read issues'));
    }
  }

  async #listRawComments(issue: number): Promise<GitHubComment[]> {
    await this.#getIssueOrPull(issue);
    const comments = await this.#call('read issues', () =>
      this.#octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...this.#repository,
        issue_number: issue,
        per_page: 100,
      }),
    );
    return comments;
  }

  async #postComment(issue: number, body: string): Promise<GitHubComment> {
    const { data } = await this.#call('write issues', () =>
      this.#octokit.rest.issues.createComment({ ...this.#repository, issue_number: issue, body }),
    );
    return data;
  }

  /** Pages of `route` until `limit` items pass `keep`. */
  async #paginate<T>(
    route: string,
    parameters: Record<string, unknown>,
    limit: number,
    keep: (item: T) => boolean,
  ) {
    const kept: T[] = [];
    for await (const page of this.#octokit.paginate.iterator(route, {
      ...this.#repository,
      ...parameters,
      per_page: 100,
    })) {
      for (const item of page.data as T[]) if (keep(item) && kept.length < limit) kept.push(item);
      if (kept.length >= limit) break;
    }
    return kept;
  }

  async #call<T>(need: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw githubRequestFailed(error, this.#need(need));
    }
  }

  #need(need: string) {
    return { ...this.#repository, need };
  }

  #notFound(kind: string, number: number): OuroError {
    return new OuroError('OURO_FORGE_NOT_FOUND', { kind, number, forge: 'github' });
  }

  #headMoved(pull: GitHubPullRequest, expected: string): OuroError {
    return new OuroError('OURO_FORGE_HEAD_MOVED', {
      number: pull.number,
      actual: pull.head.sha,
      expected,
      head: pull.head.ref,
    });
  }

  #revertNotPossible(pull: GitHubPullRequest, reason: string, hint: string): OuroError {
    return new OuroError('OURO_FORGE_REVERT_NOT_POSSIBLE', {
      number: pull.number,
      reason,
      base: pull.base.ref,
      hint,
    });
  }
}

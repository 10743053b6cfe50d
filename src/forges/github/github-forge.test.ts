import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OuroError } from '../../errors/index.js';
import { silentLogger } from '../../observability/silent-logger.js';
import {
  fakeGitHubUrl,
  startFakeGitHub,
  type FakeGitHub,
} from '../../../test/support/fake-github/fake-github-server.js';
import { createGitHubForge } from './create-github-forge.js';
import type { GitHubForge } from './github-forge.js';

let fake: FakeGitHub;
let forge: GitHubForge;

beforeEach(() => {
  fake = startFakeGitHub();
  forge = createGitHubForge(
    {
      owner: fake.state.owner,
      repo: fake.state.repo,
      token_env: 'TEST_GITHUB_TOKEN',
      api_url: fakeGitHubUrl,
    },
    { env: { TEST_GITHUB_TOKEN: 'ghp_test' }, logger: silentLogger, pacing: 'none', retryAfterUnitMs: 5 },
  );
});
afterEach(() => fake.close());

const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return error instanceof OuroError ? error.code : error;
};

describe('GitHubForge issues', () => {
  it('creates, lists with label filters, closes and reopens issues idempotently', async () => {
    const bug = await forge.createIssue({ title: 'Bug', body: 'broken', labels: ['bug', 'ouro'] });
    await forge.createIssue({ title: 'Docs', body: '', labels: ['docs'] });
    await forge.createIssue({ title: 'Plain', body: '' });
    expect(bug).toMatchObject({
      number: 1,
      title: 'Bug',
      state: 'open',
      labels: ['bug', 'ouro'],
      author: 'ouro-bot',
    });

    expect((await forge.listIssues({ labels: ['bug', 'docs'] })).map((issue) => issue.title)).toEqual([
      'Bug',
      'Docs',
    ]);
    expect(
      (await forge.listIssues({ labels: ['bug', 'docs'], labelMatch: 'all' })).map((issue) => issue.title),
    ).toEqual([]);
    expect(
      (await forge.listIssues({ labels: ['bug', 'ouro'], labelMatch: 'all' })).map((issue) => issue.title),
    ).toEqual(['Bug']);
    expect(await forge.listIssues({ limit: 2 })).toHaveLength(2);

    await forge.closeIssue(1, 'done');
    await forge.closeIssue(1, 'done');
    expect((await forge.getIssue(1)).state).toBe('closed');
    expect((await forge.listComments(1)).map((comment) => comment.body)).toEqual(['done']);
    await forge.reopenIssue(1, 'the fix was reverted');
    await forge.reopenIssue(1, 'the fix was reverted');
    expect((await forge.getIssue(1)).state).toBe('open');
    expect(await forge.listComments(1)).toHaveLength(2);
  });

  it('raises OURO_FORGE_NOT_FOUND for unknown numbers and for pull requests asked as issues', async () => {
    expect(await codeOf(forge.getIssue(99))).toBe('OURO_FORGE_NOT_FOUND');
    expect(await codeOf(forge.getPullRequest(99))).toBe('OURO_FORGE_NOT_FOUND');
    fake.state.pushBranch('feature');
    const pr = await forge.ensurePullRequest({ head: 'feature', base: 'main', title: 't', body: 'b' });
    expect(await codeOf(forge.getIssue(pr.number))).toBe('OURO_FORGE_NOT_FOUND');
    expect(await forge.listIssues({ state: 'all' })).toEqual([]);
  });

  it('adds and removes labels, and repeating the change changes nothing', async () => {
    await forge.createIssue({ title: 'x', body: '', labels: ['ouro:claimed'] });
    const change = { add: ['ouro:in-progress'], remove: ['ouro:claimed'] };
    expect(await forge.ensureLabels(1, change)).toEqual(['ouro:in-progress']);
    expect(await forge.ensureLabels(1, change)).toEqual(['ouro:in-progress']);
    expect(await forge.ensureLabels(1, { remove: ['ouro:in-progress'] })).toEqual([]);
  });

  it('ensureComment posts once and edits the marked comment afterwards', async () => {
    await forge.createIssue({ title: 'x', body: '' });
    const first = await forge.ensureComment(1, 'status', 'Claimed');
    const again = await forge.ensureComment(1, 'status', 'Claimed');
    const edited = await forge.ensureComment(1, 'status', 'Implementing');
    const other = await forge.ensureComment(1, 'plan', 'Plan');
    expect(again.id).toBe(first.id);
    expect(edited.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    const comments = await forge.listComments(1);
    expect(comments).toHaveLength(2);
    expect(comments[0]?.body).toMatch(/^Implementing\n\n<!-- ouro-marker:status -->$/);
    expect(fake.state.requests.filter((request) => request.startsWith('PATCH'))).toHaveLength(1);
  });
});

describe('GitHubForge pull requests', () => {
  it('ensurePullRequest finds by head first, updates title and body, and lists by state', async () => {
    const headSha = fake.state.pushBranch('ouro/issue-1');
    const created = await forge.ensurePullRequest({
      head: 'ouro/issue-1',
      base: 'main',
      title: 'Fix',
      body: 'one',
    });
    const again = await forge.ensurePullRequest({
      head: 'ouro/issue-1',
      base: 'main',
      title: 'Fix',
      body: 'one',
    });
    const updated = await forge.ensurePullRequest({
      head: 'ouro/issue-1',
      base: 'main',
      title: 'Fix',
      body: 'two',
    });
    expect(created).toMatchObject({
      head: 'ouro/issue-1',
      base: 'main',
      headSha,
      state: 'open',
      mergeSha: null,
    });
    expect(again.number).toBe(created.number);
    expect(updated).toMatchObject({ number: created.number, body: 'two' });
    expect((await forge.findPullRequest({ head: 'ouro/issue-1' }))?.number).toBe(created.number);
    expect(await forge.findPullRequest({ head: 'other' })).toBeUndefined();
    expect(await forge.listPullRequests()).toHaveLength(1);

    await forge.closePullRequest(created.number, 'superseded');
    await forge.closePullRequest(created.number, 'superseded');
    expect((await forge.getPullRequest(created.number)).state).toBe('closed');
    expect(await forge.listComments(created.number)).toHaveLength(1);
    expect(await forge.listPullRequests({ state: 'closed' })).toHaveLength(1);
    expect(await forge.listPullRequests({ state: 'merged' })).toHaveLength(0);
  });

  it('merges with the expected head SHA, returns the same SHA when merged twice', async () => {
    const headSha = fake.state.pushBranch('feature');
    const pr = await forge.ensurePullRequest({ head: 'feature', base: 'main', title: 'F', body: '' });
    const merged = await forge.mergePullRequest(pr.number, { method: 'squash', expectedHeadSha: headSha });
    expect(fake.state.refs.get('main')).toBe(merged.mergeSha);
    expect(await forge.mergePullRequest(pr.number, { method: 'squash', expectedHeadSha: headSha })).toEqual(
      merged,
    );
    expect(await forge.getPullRequest(pr.number)).toMatchObject({
      state: 'merged',
      mergeSha: merged.mergeSha,
    });
    expect(await forge.listPullRequests({ state: 'merged' })).toHaveLength(1);
  });

  it('refuses a stale expected SHA, and maps GitHub 409 (a push during the merge) to OURO_FORGE_HEAD_MOVED', async () => {
    const first = fake.state.pushBranch('feature');
    const pr = await forge.ensurePullRequest({ head: 'feature', base: 'main', title: 'F', body: '' });
    fake.state.pushBranch('feature');
    expect(await codeOf(forge.mergePullRequest(pr.number, { method: 'merge', expectedHeadSha: first }))).toBe(
      'OURO_FORGE_HEAD_MOVED',
    );
    const current = (await forge.getPullRequest(pr.number)).headSha;
    fake.state.pushBeforeNextMerge = { pr: pr.number, sha: current };
    const error = await forge
      .mergePullRequest(pr.number, { method: 'merge', expectedHeadSha: current })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OuroError);
    expect((error as OuroError).code).toBe('OURO_FORGE_HEAD_MOVED');
    expect((error as OuroError).message).toContain(current);
    // One PUT: a 409 is not retried.
    expect(fake.state.requests.filter((request) => request.startsWith('PUT'))).toHaveLength(1);
    expect((await forge.getPullRequest(pr.number)).state).toBe('open');
  });

  it('reverts a merged PR with a revert PR whose tree is the base before the merge, once', async () => {
    const treeBefore = fake.state.commits.get(fake.state.refs.get('main') ?? '')?.tree;
    const headSha = fake.state.pushBranch('feature');
    const pr = await forge.ensurePullRequest({ head: 'feature', base: 'main', title: 'F', body: '' });
    const { mergeSha } = await forge.mergePullRequest(pr.number, {
      method: 'merge',
      expectedHeadSha: headSha,
    });
    const revert = await forge.revert(pr.number, { title: 'Revert F', body: 'post-merge checks failed' });
    const again = await forge.revert(pr.number, { title: 'Revert F', body: 'post-merge checks failed' });
    expect(again).toEqual(revert);
    expect(revert.pr).not.toBeNull();
    const revertCommit = fake.state.commits.get(revert.sha ?? '');
    expect(revertCommit).toMatchObject({ tree: treeBefore, parents: [mergeSha] });
    expect(await forge.getPullRequest(revert.pr ?? 0)).toMatchObject({ head: 'ouro/revert-1', base: 'main' });
  });

  it('refuses to revert an unmerged PR or one whose base moved on', async () => {
    const headSha = fake.state.pushBranch('feature');
    const pr = await forge.ensurePullRequest({ head: 'feature', base: 'main', title: 'F', body: '' });
    expect(await codeOf(forge.revert(pr.number, { title: 'r', body: '' }))).toBe(
      'OURO_FORGE_REVERT_NOT_POSSIBLE',
    );
    await forge.mergePullRequest(pr.number, { method: 'merge', expectedHeadSha: headSha });
    fake.state.pushBranch('main');
    expect(await codeOf(forge.revert(pr.number, { title: 'r', body: '' }))).toBe(
      'OURO_FORGE_REVERT_NOT_POSSIBLE',
    );
  });
});

describe('GitHubForge checks, reviews and permissions', () => {
  it('returns the check runs of the PR head and the failed job logs trimmed to the failing step', async () => {
    const headSha = fake.state.pushBranch('feature');
    const pr = await forge.ensurePullRequest({ head: 'feature', base: 'main', title: 'F', body: '' });
    fake.state.addCheckRun({ name: 'lint', head_sha: headSha, status: 'completed', conclusion: 'success' });
    fake.state.addCheckRun({ name: 'build', head_sha: headSha, status: 'in_progress', conclusion: null });
    const log = [
      '2026-01-01T00:00:00.0000000Z ##[group]Run actions/checkout@v4',
      '2026-01-01T00:00:01.0000000Z checking out',
      '2026-01-01T00:00:02.0000000Z ##[endgroup]',
      '2026-01-01T00:00:03.0000000Z ##[group]Run npm test',
      '2026-01-01T00:00:04.0000000Z FAIL src/sum.test.ts',
      '2026-01-01T00:00:05.0000000Z ##[error]Process completed with exit code 1.',
      '2026-01-01T00:00:06.0000000Z ##[group]Run actions/cache/post',
      '2026-01-01T00:00:07.0000000Z post job cleanup',
    ].join('\n');
    const failed = fake.state.addCheckRun({
      name: 'test',
      head_sha: headSha,
      status: 'completed',
      conclusion: 'failure',
      log,
      failedStep: 'npm test',
    });
    fake.state.addCheckRun({
      name: 'old',
      head_sha: 'f'.repeat(40),
      status: 'completed',
      conclusion: 'failure',
    });

    const checks = await forge.getChecks(pr.number);
    expect(checks.map((check) => [check.name, check.status, check.conclusion])).toEqual([
      ['lint', 'completed', 'success'],
      ['build', 'in_progress', null],
      ['test', 'completed', 'failure'],
    ]);
    const logs = await forge.getFailedJobLogs(pr.number);
    expect(logs).toEqual([
      {
        checkName: 'test',
        jobId: String(failed.id),
        step: 'npm test',
        log: '##[group]Run npm test\nFAIL src/sum.test.ts\n##[error]Process completed with exit code 1.',
        url: expect.stringContaining(`/job/${failed.id}`),
      },
    ]);
  });

  it('creates and lists reviews, reads threads over GraphQL, replies and resolves', async () => {
    fake.state.pushBranch('feature');
    const pr = await forge.ensurePullRequest({ head: 'feature', base: 'main', title: 'F', body: '' });
    const review = await forge.createReview(pr.number, {
      event: 'request_changes',
      body: 'Two things',
      comments: [{ path: 'src/a.ts', line: 3, body: 'rename this' }],
    });
    expect(review).toMatchObject({ state: 'changes_requested', body: 'Two things', author: 'ouro-bot' });
    expect(await forge.listReviews(pr.number)).toEqual([review]);
    const [thread] = await forge.getReviewThreads(pr.number);
    expect(thread).toMatchObject({ path: 'src/a.ts', line: 3, resolved: false });
    const reply = await forge.replyToThread(pr.number, thread?.id ?? '', 'renamed');
    expect(reply.body).toBe('renamed');
    await forge.resolveThread(pr.number, thread?.id ?? '');
    const [after] = await forge.getReviewThreads(pr.number);
    expect(after?.resolved).toBe(true);
    expect(after?.comments.map((comment) => comment.body)).toEqual(['rename this', 'renamed']);
    expect(await codeOf(forge.resolveThread(pr.number, 'PRRT_missing'))).toBe('OURO_FORGE_THREAD_NOT_FOUND');
    expect(await codeOf(forge.getReviewThreads(99))).toBe('OURO_FORGE_NOT_FOUND');
  });

  it('reads permissions, with unknown users as none', async () => {
    fake.state.collaborators.set('alice', 'write');
    fake.state.collaborators.set('bob', 'read');
    expect(await forge.getPermission('alice')).toBe('write');
    expect(await forge.getPermission('bob')).toBe('read');
    expect(await forge.getPermission('ouro-bot')).toBe('admin');
    expect(await forge.getPermission('mallory')).toBe('none');
  });
});

describe('GitHubForge rate limits and conditional requests', () => {
  it('tracks the budget from headers and answers repeated polls from the ETag cache (304 spends nothing)', async () => {
    expect(forge.rateLimit()).toBeUndefined();
    await forge.createIssue({ title: 'x', body: '', labels: ['ouro'] });
    await forge.listIssues({ labels: ['ouro'] });
    const before = forge.rateLimit();
    expect(before).toMatchObject({ limit: 5000, remaining: 4998 });
    expect(before?.resetAt).toBe(fake.state.rateLimit.reset * 1000);

    const again = await forge.listIssues({ labels: ['ouro'] });
    expect(again.map((issue) => issue.title)).toEqual(['x']);
    expect(forge.rateLimit()?.remaining).toBe(4998);
    expect(fake.state.rateLimit.remaining).toBe(4998);

    // A change invalidates the ETag: the next poll sees it.
    await forge.ensureLabels(1, { add: ['bug'] });
    expect((await forge.listIssues({ labels: ['ouro'] }))[0]?.labels).toEqual(['ouro', 'bug']);
  });

  it('backs off a secondary rate limit (403 with retry-after) and then succeeds', async () => {
    fake.state.secondaryRateLimitsPending = 1;
    const issue = await forge.createIssue({ title: 'after the limit', body: '' });
    expect(issue.title).toBe('after the limit');
    expect(fake.state.requests.filter((request) => request === 'POST /repos/octo/demo/issues')).toHaveLength(
      2,
    );
    expect(fake.state.issues.size).toBe(1);
  });

  it('gives up after repeated secondary limits with OURO_GITHUB_REQUEST_FAILED', async () => {
    fake.state.secondaryRateLimitsPending = 10;
    expect(await codeOf(forge.getIssue(1))).toBe('OURO_GITHUB_REQUEST_FAILED');
  });

  it('needs the token variable', () => {
    expect(() =>
      createGitHubForge(
        { owner: 'o', repo: 'r', token_env: 'MISSING_TOKEN', api_url: fakeGitHubUrl },
        { env: {}, logger: silentLogger },
      ),
    ).toThrow(expect.objectContaining({ code: 'OURO_GITHUB_TOKEN_MISSING' }) as unknown);
  });
});

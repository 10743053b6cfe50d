/**
 * The forge contract suite (issue 5 §1): one set of tests every Forge must pass — the local forge on
 * each store dialect, and the GitHub forge behind its fake server. A forge's test file calls
 * `describeForgeContract(name, setup)`; `setup` gives a fresh forge whose repository has a base
 * branch with one commit, and the means to move branches and report checks the way that forge's
 * world does (git for the local forge, the fake server's state for GitHub).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckConclusion, Forge } from '../../src/forges/types.js';

export interface ForgeContractEnvironment {
  forge: Forge;
  /** The branch pull requests merge into; it exists with at least one commit. */
  base: string;
  /** Creates `branch` from the base (or advances it) with one commit writing `file`; returns the commit. */
  commitToBranch(branch: string, change: { file: string; content: string; message: string }): Promise<string>;
  /** The commit `branch` points at now (on the remote, for GitHub). */
  branchHead(branch: string): Promise<string>;
  /** The full text of `file` on `branch`, undefined when it does not exist there. */
  fileOnBranch(branch: string, file: string): Promise<string | undefined>;
  /** Reports a completed check on a PR's head the way that forge learns of one. */
  recordCheck(
    pr: number,
    check: { name: string; conclusion: CheckConclusion; log?: string; step?: string },
  ): Promise<void>;
  /** An identity with admin permission on the repository, and one without any. */
  users: { admin: string; stranger: string };
  cleanup(): Promise<void>;
}

function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  return expect(promise).rejects.toMatchObject({ code });
}

export function describeForgeContract(name: string, setup: () => Promise<ForgeContractEnvironment>): void {
  describe(`forge contract: ${name}`, () => {
    let environment: ForgeContractEnvironment;
    let forge: Forge;

    beforeEach(async () => {
      environment = await setup();
      forge = environment.forge;
    });

    afterEach(async () => {
      await environment.cleanup();
    });

    /** A branch with one change on it and an open PR for it. */
    async function openPullRequest(branch: string, file = `${branch}.txt`) {
      const headSha = await environment.commitToBranch(branch, {
        file,
        content: `${branch}\n`,
        message: `add ${file}`,
      });
      const pr = await forge.ensurePullRequest({
        head: branch,
        base: environment.base,
        title: `Change ${branch}`,
        body: 'Why and how',
      });
      return { pr, headSha };
    }

    it('creates, reads and lists issues with label filters (any and all)', async () => {
      const both = await forge.createIssue({ title: 'Both', body: 'b', labels: ['bug', 'ouro'] });
      const bug = await forge.createIssue({ title: 'Bug only', body: 'x', labels: ['bug'] });
      const plain = await forge.createIssue({ title: 'Plain', body: '' });
      expect(both).toMatchObject({ title: 'Both', body: 'b', state: 'open', labels: ['bug', 'ouro'] });
      expect(await forge.getIssue(bug.number)).toMatchObject({
        number: bug.number,
        title: 'Bug only',
        labels: ['bug'],
      });
      expect(new Set([both.number, bug.number, plain.number]).size).toBe(3);

      const numbers = async (query: Parameters<Forge['listIssues']>[0]) =>
        (await forge.listIssues(query)).map((issue) => issue.number).sort((a, b) => a - b);
      expect(await numbers({ labels: ['bug', 'ouro'] })).toEqual(
        [both.number, bug.number].sort((a, b) => a - b),
      );
      expect(await numbers({ labels: ['bug', 'ouro'], labelMatch: 'all' })).toEqual([both.number]);
      expect(await numbers({ labels: ['missing'] })).toEqual([]);
      expect(await numbers({})).toEqual([both.number, bug.number, plain.number].sort((a, b) => a - b));
      expect(await forge.listIssues({ limit: 1 })).toHaveLength(1);
    });

    it('closes and reopens idempotently, with one comment each however often it is called', async () => {
      const issue = await forge.createIssue({ title: 'To close', body: '' });
      await forge.closeIssue(issue.number, 'Done in #99');
      await forge.closeIssue(issue.number, 'Done in #99');
      expect((await forge.getIssue(issue.number)).state).toBe('closed');
      expect(await forge.listIssues({ state: 'open' })).toEqual([]);
      expect((await forge.listIssues({ state: 'closed' })).map((found) => found.number)).toEqual([
        issue.number,
      ]);
      await forge.reopenIssue(issue.number, 'The change was rolled back');
      await forge.reopenIssue(issue.number, 'The change was rolled back');
      expect((await forge.getIssue(issue.number)).state).toBe('open');
      const comments = await forge.listComments(issue.number);
      expect(comments).toHaveLength(2);
      expect(comments[0]!.body).toContain('Done in #99');
      expect(comments[1]!.body).toContain('The change was rolled back');
    });

    it('ensureLabels adds and removes, and repeating it changes nothing', async () => {
      const issue = await forge.createIssue({ title: 'Labels', body: '', labels: ['a'] });
      expect(await forge.ensureLabels(issue.number, { add: ['b', 'c'], remove: ['a'] })).toEqual(['b', 'c']);
      expect(await forge.ensureLabels(issue.number, { add: ['b', 'c'], remove: ['a'] })).toEqual(['b', 'c']);
      expect(await forge.ensureLabels(issue.number, {})).toEqual(['b', 'c']);
      expect((await forge.getIssue(issue.number)).labels).toEqual(['b', 'c']);
    });

    it('ensureComment creates one comment and edits it in place on the next call', async () => {
      const issue = await forge.createIssue({ title: 'Status', body: '' });
      const first = await forge.ensureComment(issue.number, 'ouro:status', 'Claimed');
      const second = await forge.ensureComment(issue.number, 'ouro:status', 'In progress');
      await forge.ensureComment(issue.number, 'ouro:other', 'Another');
      expect(second.id).toBe(first.id);
      expect(second.body).toContain('In progress');
      expect(second.body).not.toContain('Claimed');
      const comments = await forge.listComments(issue.number);
      expect(comments.map((comment) => comment.id)).toEqual([first.id, expect.any(String)]);
      expect(comments[0]!.body).toContain('In progress');
    });

    it('answers OURO_FORGE_NOT_FOUND for unknown numbers', async () => {
      await rejectsWith(forge.getIssue(9999), 'OURO_FORGE_NOT_FOUND');
      await rejectsWith(forge.getPullRequest(9999), 'OURO_FORGE_NOT_FOUND');
      await rejectsWith(forge.listComments(9999), 'OURO_FORGE_NOT_FOUND');
      await rejectsWith(forge.ensureComment(9999, 'ouro:status', 'x'), 'OURO_FORGE_NOT_FOUND');
      await rejectsWith(forge.closeIssue(9999), 'OURO_FORGE_NOT_FOUND');
      await rejectsWith(
        forge.mergePullRequest(9999, { method: 'merge', expectedHeadSha: 'f'.repeat(40) }),
        'OURO_FORGE_NOT_FOUND',
      );
      await rejectsWith(forge.getChecks(9999), 'OURO_FORGE_NOT_FOUND');
    });

    it('ensurePullRequest finds the open PR of a branch instead of opening a second one', async () => {
      const issue = await forge.createIssue({ title: 'Numbers are shared', body: '' });
      const { pr, headSha } = await openPullRequest('feature-one');
      expect(pr).toMatchObject({
        state: 'open',
        head: 'feature-one',
        base: environment.base,
        headSha,
        mergeSha: null,
      });
      expect(pr.number).not.toBe(issue.number);
      const again = await forge.ensurePullRequest({
        head: 'feature-one',
        base: environment.base,
        title: 'Better title',
        body: 'Better body',
      });
      expect(again).toMatchObject({ number: pr.number, title: 'Better title', body: 'Better body' });
      expect((await forge.listPullRequests()).map((found) => found.number)).toEqual([pr.number]);
      expect((await forge.findPullRequest({ head: 'feature-one' }))?.number).toBe(pr.number);
      expect(await forge.findPullRequest({ head: 'no-such-branch' })).toBeUndefined();
      expect((await forge.getPullRequest(pr.number)).mergeable).not.toBe(false);
    });

    it('follows new commits on the head branch', async () => {
      const { pr } = await openPullRequest('feature-moving');
      const newer = await environment.commitToBranch('feature-moving', {
        file: 'more.txt',
        content: 'more\n',
        message: 'more',
      });
      expect((await forge.getPullRequest(pr.number)).headSha).toBe(newer);
    });

    it('merges only the expected head, once, and answers the same merge commit again', async () => {
      const { pr, headSha } = await openPullRequest('feature-merge');
      await rejectsWith(
        forge.mergePullRequest(pr.number, { method: 'merge', expectedHeadSha: 'a'.repeat(40) }),
        'OURO_FORGE_HEAD_MOVED',
      );
      const merged = await forge.mergePullRequest(pr.number, { method: 'merge', expectedHeadSha: headSha });
      expect(merged.mergeSha).toMatch(/^[0-9a-f]{40}$/);
      expect(await environment.branchHead(environment.base)).toBe(merged.mergeSha);
      expect(await environment.fileOnBranch(environment.base, 'feature-merge.txt')).toBe('feature-merge\n');
      expect(await forge.mergePullRequest(pr.number, { method: 'merge', expectedHeadSha: headSha })).toEqual(
        merged,
      );
      expect(await environment.branchHead(environment.base)).toBe(merged.mergeSha);
      expect(await forge.getPullRequest(pr.number)).toMatchObject({
        state: 'merged',
        mergeSha: merged.mergeSha,
      });
      expect(await forge.findPullRequest({ head: 'feature-merge' })).toBeUndefined();
      expect(await forge.listPullRequests({ state: 'open' })).toEqual([]);
      expect((await forge.listPullRequests({ state: 'merged' })).map((found) => found.number)).toEqual([
        pr.number,
      ]);
    });

    it('squash-merges into one commit on the base branch', async () => {
      const { pr, headSha } = await openPullRequest('feature-squash');
      const before = await environment.branchHead(environment.base);
      const { mergeSha } = await forge.mergePullRequest(pr.number, {
        method: 'squash',
        expectedHeadSha: headSha,
      });
      expect(mergeSha).not.toBe(headSha);
      expect(mergeSha).not.toBe(before);
      expect(await environment.branchHead(environment.base)).toBe(mergeSha);
      expect(await environment.fileOnBranch(environment.base, 'feature-squash.txt')).toBe('feature-squash\n');
    });

    it('reverts a merged PR once however often it is asked', async () => {
      const { pr, headSha } = await openPullRequest('feature-revert');
      await forge.mergePullRequest(pr.number, { method: 'merge', expectedHeadSha: headSha });
      const first = await forge.revert(pr.number, { title: 'Revert feature', body: 'Checks went red' });
      const second = await forge.revert(pr.number, { title: 'Revert feature', body: 'Checks went red' });
      expect(second).toEqual(first);
      expect(first.sha ?? first.pr).not.toBeNull();
      if (first.pr === null) {
        expect(await environment.branchHead(environment.base)).toBe(first.sha);
        expect(await environment.fileOnBranch(environment.base, 'feature-revert.txt')).toBeUndefined();
      }
    });

    it('closes a PR idempotently, after which the branch can get a new PR', async () => {
      const { pr } = await openPullRequest('feature-close');
      await forge.closePullRequest(pr.number, 'Superseded');
      await forge.closePullRequest(pr.number, 'Superseded');
      expect((await forge.getPullRequest(pr.number)).state).toBe('closed');
      expect(await forge.listComments(pr.number)).toHaveLength(1);
      expect(await forge.findPullRequest({ head: 'feature-close' })).toBeUndefined();
      const reopened = await forge.ensurePullRequest({
        head: 'feature-close',
        base: environment.base,
        title: 'Again',
        body: '',
      });
      expect(reopened.number).not.toBe(pr.number);
      expect(reopened.state).toBe('open');
    });

    it('labels and comments work on pull requests as on issues', async () => {
      const { pr } = await openPullRequest('feature-labels');
      expect(await forge.ensureLabels(pr.number, { add: ['ouro'] })).toEqual(['ouro']);
      await forge.ensureComment(pr.number, 'ouro:review', 'Looks good');
      expect((await forge.getPullRequest(pr.number)).labels).toEqual(['ouro']);
      expect(await forge.listComments(pr.number)).toHaveLength(1);
    });

    it('reports the checks of the head and the logs of the failed ones', async () => {
      const { pr, headSha } = await openPullRequest('feature-checks');
      await environment.recordCheck(pr.number, { name: 'lint', conclusion: 'success' });
      await environment.recordCheck(pr.number, {
        name: 'test',
        conclusion: 'failure',
        step: 'npm test',
        log: 'FAIL src/a.test.ts\nexpected 1 to be 2',
      });
      const checks = await forge.getChecks(pr.number);
      expect(
        checks.map((check) => [check.name, check.status, check.conclusion, check.headSha]).sort(),
      ).toEqual([
        ['lint', 'completed', 'success', headSha],
        ['test', 'completed', 'failure', headSha],
      ]);
      const logs = await forge.getFailedJobLogs(pr.number);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({ checkName: 'test' });
      expect(logs[0]!.log).toContain('expected 1 to be 2');

      // A new head has no checks yet: old results do not vouch for new code.
      await environment.commitToBranch('feature-checks', { file: 'b.txt', content: 'b\n', message: 'b' });
      expect(await forge.getChecks(pr.number)).toEqual([]);
    });

    it('stores reviews and review threads; replies and resolves', async () => {
      const { pr } = await openPullRequest('feature-review');
      const review = await forge.createReview(pr.number, {
        event: 'request_changes',
        body: 'Two things',
        comments: [{ path: 'feature-review.txt', line: 1, body: 'Rename this' }],
      });
      expect(review).toMatchObject({ state: 'changes_requested', body: 'Two things' });
      expect((await forge.listReviews(pr.number)).map((found) => found.id)).toEqual([review.id]);
      const [thread] = await forge.getReviewThreads(pr.number);
      expect(thread).toMatchObject({ path: 'feature-review.txt', line: 1, resolved: false });
      expect(thread!.comments.map((comment) => comment.body)).toEqual(['Rename this']);
      const reply = await forge.replyToThread(pr.number, thread!.id, 'Renamed');
      expect(reply.body).toBe('Renamed');
      await forge.resolveThread(pr.number, thread!.id);
      const [after] = await forge.getReviewThreads(pr.number);
      expect(after!.resolved).toBe(true);
      expect(after!.comments.map((comment) => comment.body)).toEqual(['Rename this', 'Renamed']);
    });

    it('knows who may trigger work', async () => {
      expect(await forge.getPermission(environment.users.admin)).toBe('admin');
      expect(await forge.getPermission(environment.users.stranger)).toBe('none');
    });
  });
}

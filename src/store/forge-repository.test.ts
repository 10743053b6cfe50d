/** The local forge's store on both dialects: what must happen once happens once, even when raced. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../../test/support/database.js';
import type { Store } from './types.js';

describe.each(storeFactories())('forge repository on $name', (factory) => {
  let store: Store;
  const now = Date.UTC(2026, 10, 22, 12);

  beforeEach(async () => {
    store = await factory.create();
  });

  afterEach(async () => {
    await store.close();
  });

  it('gives racing issues and pull requests distinct numbers from one sequence', async () => {
    const made = await Promise.all([
      ...Array.from({ length: 6 }, (_, index) =>
        store.forge.createIssue({ title: `issue ${index}`, body: '', author: 'user:a', labels: ['x'], now }),
      ),
      ...Array.from({ length: 4 }, (_, index) =>
        store.forge
          .ensurePullRequest({
            head: `b${index}`,
            base: 'main',
            title: 't',
            body: '',
            author: 'user:a',
            headSha: 'a'.repeat(40),
            now,
          })
          .then((outcome) => outcome.pullRequest),
      ),
    ]);
    expect(new Set(made.map((item) => item.number)).size).toBe(10);
    expect(made.map((item) => item.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('opens one PR per branch however many callers race for it', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        store.forge.ensurePullRequest({
          head: 'feature',
          base: 'main',
          title: `title ${index}`,
          body: '',
          author: 'user:a',
          headSha: 'b'.repeat(40),
          now,
        }),
      ),
    );
    expect(new Set(outcomes.map((outcome) => outcome.pullRequest.number)).size).toBe(1);
    expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
    expect(await store.forge.listPullRequests({})).toHaveLength(1);
  });

  it('keeps one comment per marker however many callers race for it', async () => {
    const issue = await store.forge.createIssue({ title: 'i', body: '', author: 'user:a', labels: [], now });
    const comments = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        store.forge.ensureComment({
          itemNumber: issue.number,
          marker: 'ouro:status',
          author: 'ouro',
          body: `v${index}`,
          now: now + index,
        }),
      ),
    );
    expect(new Set(comments.map((comment) => comment.id)).size).toBe(1);
    const stored = await store.forge.listComments(issue.number);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.body).toMatch(/^v\d$/);
  });

  it('merges, closes and reverts only once', async () => {
    const { pullRequest } = await store.forge.ensurePullRequest({
      head: 'feature',
      base: 'main',
      title: 't',
      body: '',
      author: 'user:a',
      headSha: 'c'.repeat(40),
      now,
    });
    const merges = await Promise.all([
      store.forge.markMerged(pullRequest.number, { sha: 'd'.repeat(40), method: 'merge' }, now),
      store.forge.markMerged(pullRequest.number, { sha: 'e'.repeat(40), method: 'squash' }, now),
    ]);
    expect(merges.filter(Boolean)).toHaveLength(1);
    expect(await store.forge.closePullRequest(pullRequest.number, now)).toBe(false);
    expect(await store.forge.markReverted(pullRequest.number, 'f'.repeat(40))).toBe(true);
    expect(await store.forge.markReverted(pullRequest.number, '0'.repeat(40))).toBe(false);
    expect(await store.forge.getPullRequest(pullRequest.number)).toMatchObject({
      state: 'merged',
      revertSha: 'f'.repeat(40),
    });
    expect(await store.forge.findOpenPullRequest('feature')).toBeUndefined();
  });

  it('replaces a re-run check on the same commit and keeps other commits apart', async () => {
    const base = { status: 'completed' as const, url: null, failedStep: null, log: null, updatedAt: now };
    const first = await store.forge.recordCheckRun({
      ...base,
      headSha: 'a'.repeat(40),
      name: 'test',
      conclusion: 'failure',
    });
    const rerun = await store.forge.recordCheckRun({
      ...base,
      headSha: 'a'.repeat(40),
      name: 'test',
      conclusion: 'success',
    });
    await store.forge.recordCheckRun({
      ...base,
      headSha: 'b'.repeat(40),
      name: 'test',
      conclusion: 'failure',
    });
    expect(rerun.id).toBe(first.id);
    expect(await store.forge.listCheckRuns('a'.repeat(40))).toEqual([rerun]);
    expect(rerun.conclusion).toBe('success');
  });
});

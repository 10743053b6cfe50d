import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../../../test/support/database.js';
import { createRecordingLogger } from '../../../test/support/step-context.js';
import { createTestStepContext } from '../../../test/support/step-context.js';
import {
  createTemporaryGitRepository,
  type TemporaryGitRepository,
} from '../../../test/support/temporary-git-repository.js';
import { gitAdapter } from '../../adapters/deterministic/git.js';
import type { PolicyMode } from '../../adapters/policy-port.js';
import { ouroConfigSchema, type OuroConfig } from '../../config/index.js';
import type { IssueReopener } from '../../forges/types.js';
import { verifyAuditChain } from '../../policy/audit/index.js';
import { createPolicyGate } from '../../policy/policy-gate.js';
import type { Store } from '../../store/types.js';
import { cleanupRollbackPoints } from './cleanup-rollback-points.js';
import { listRollbackPoints } from './list-rollback-points.js';
import { rollback } from './rollback.js';
import type { RollbackTarget } from './rollback-target.js';

const operator = 'user:tester';

describe.each(storeFactories())('rollback on $name', (factory) => {
  let store: Store;
  let repo: TemporaryGitRepository;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let clock: number;

  beforeEach(async () => {
    store = await factory.create();
    repo = createTemporaryGitRepository();
    home = mkdtempSync(path.join(os.tmpdir(), 'ouro-rollback-home-'));
    env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
    clock = Date.UTC(2026, 10, 22, 12);
    repo.write('a.txt', 'one\ntwo\nthree\n');
    repo.commit('initial');
  });
  afterEach(async () => {
    await store.close();
    repo.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  const config = (mode: PolicyMode = 'autonomous'): OuroConfig =>
    ouroConfigSchema.parse({ orchestrator: { mode } });

  const gate = (actor: string, mode: PolicyMode = 'autonomous') =>
    createPolicyGate({
      store,
      config: config(mode),
      actor,
      logger: createRecordingLogger([]),
      now: () => clock,
      // The guards are tested elsewhere; here every merge is a small, low-risk change.
      assessChange: () => Promise.resolve({ risk: 'low', reasons: ['test change'], assessment: {} }),
    });

  /** A branch with one commit writing `file`, merged into main by the git adapter under the real gate. */
  async function mergeBranch(
    name: string,
    file: string,
    content: string,
    method: 'merge' | 'squash' = 'merge',
  ): Promise<{ pointId: string; mergeSha: string }> {
    repo.git('checkout', '--quiet', '-b', name);
    repo.write(file, content);
    repo.commit(`feat: ${name}`);
    repo.git('checkout', '--quiet', 'main');
    clock += 60_000;
    const step = createTestStepContext({
      workDir: repo.dir,
      env,
      runId: 'run_merge',
      stepId: `merge_${name}`,
      policy: gate('ouro'),
    });
    try {
      const result = await gitAdapter.execute(
        gitAdapter.params.parse({ action: 'merge', branch: name, method }),
        step,
      );
      expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
      return { pointId: String(result.outputs.rollback_point), mergeSha: String(result.outputs.merge_sha) };
    } finally {
      step.cleanup();
    }
  }

  const roll = (target: RollbackTarget, options: { forge?: IssueReopener; mode?: PolicyMode } = {}) =>
    rollback({
      store,
      gate: gate(operator, options.mode),
      target,
      by: operator,
      directory: repo.dir,
      env,
      now: () => clock,
      ...(options.forge ? { forge: options.forge } : {}),
    });

  const head = () => repo.git('rev-parse', 'HEAD').trim();
  const status = () => repo.git('status', '--porcelain', '--untracked-files=no').trim();

  it('reverts a merge commit with a new commit and marks the point, all in the audit log', async () => {
    const { pointId, mergeSha } = await mergeBranch('feature', 'b.txt', 'b\n');
    expect(existsSync(path.join(repo.dir, 'b.txt'))).toBe(true);
    const point = await store.rollbackPoints.get(pointId);
    expect(point).toMatchObject({
      state: 'ready',
      mergeSha,
      mergeMethod: 'merge',
      branch: 'main',
      runId: 'run_merge',
    });

    const result = await roll({ id: pointId });
    expect(result).toMatchObject({
      performed: true,
      kind: 'revert',
      decision: 'allow',
      pointId,
      branch: 'main',
      commit: mergeSha,
      rollbackSha: head(),
      temporaryWorktree: false,
      issue: null,
    });
    expect(repo.git('rev-parse', 'HEAD^').trim()).toBe(mergeSha);
    expect(existsSync(path.join(repo.dir, 'b.txt'))).toBe(false);
    expect(repo.git('log', '-1', '--format=%B')).toContain(`This reverts commit ${mergeSha}.`);
    expect(repo.git('log', '-1', '--format=%B')).toContain(`ouro rollback ${pointId}`);
    expect(await store.rollbackPoints.get(pointId)).toMatchObject({
      state: 'rolled_back',
      rollbackRef: head(),
      rolledBackBy: operator,
      rolledBackAt: clock,
    });
    const entries = await store.audit.list({});
    const rollbackEntries = entries.filter((entry) => entry.action === 'rollback');
    expect(rollbackEntries.map((entry) => [entry.actor, entry.decision])).toEqual([
      [operator, 'allow'],
      [operator, null],
    ]);
    expect(rollbackEntries[1]?.details).toMatchObject({ revertSha: head(), point: pointId });
    expect((await verifyAuditChain(store)).valid).toBe(true);
    expect(await listRollbackPoints(store)).toEqual([]);
    expect(await listRollbackPoints(store, { all: true })).toHaveLength(1);
  });

  it('reverts a squash merge found by a short merge commit, without -m', async () => {
    const { pointId, mergeSha } = await mergeBranch('squashed', 'c.txt', 'c\n', 'squash');
    const result = await roll({ commit: mergeSha.slice(0, 8) });
    expect(result).toMatchObject({ performed: true, pointId, commit: mergeSha });
    expect(existsSync(path.join(repo.dir, 'c.txt'))).toBe(false);
    expect(repo.git('rev-list', '--parents', '-1', 'HEAD').trim()).toBe(`${head()} ${mergeSha}`);
  });

  it('--latest takes the newest point not rolled back yet, then the one before', async () => {
    const first = await mergeBranch('first', 'f1.txt', '1\n');
    const second = await mergeBranch('second', 'f2.txt', '2\n');
    expect((await roll({ latest: true })).pointId).toBe(second.pointId);
    expect((await roll({ latest: true })).pointId).toBe(first.pointId);
    await expect(roll({ latest: true })).rejects.toMatchObject({ code: 'OURO_ROLLBACK_POINT_NOT_FOUND' });
    expect(readFileSync(path.join(repo.dir, 'a.txt'), 'utf8')).toBe('one\ntwo\nthree\n');
  });

  it('refuses a second rollback of the same point and leaves the branch alone', async () => {
    const { pointId } = await mergeBranch('feature', 'b.txt', 'b\n');
    await roll({ id: pointId });
    const after = head();
    await expect(roll({ id: pointId })).rejects.toMatchObject({ code: 'OURO_ROLLBACK_ALREADY_DONE' });
    expect(head()).toBe(after);
    await expect(roll({ id: 'rb_missing' })).rejects.toMatchObject({ code: 'OURO_ROLLBACK_POINT_NOT_FOUND' });
  });

  it('looks again just before reverting: a rollback that finished meanwhile stops this one', async () => {
    const { pointId, mergeSha } = await mergeBranch('feature', 'b.txt', 'b\n');
    const real = gate(operator);
    const racing = {
      ...real,
      async authorize(request: Parameters<typeof real.authorize>[0]) {
        const verdict = await real.authorize(request);
        await store.rollbackPoints.markRolledBack(pointId, 'f'.repeat(40), 'user:other', clock);
        return verdict;
      },
    };
    await expect(
      rollback({ store, gate: racing, target: { id: pointId }, by: operator, directory: repo.dir, env }),
    ).rejects.toMatchObject({
      code: 'OURO_ROLLBACK_ALREADY_DONE',
      message: expect.stringContaining('user:other'),
    });
    expect(head()).toBe(mergeSha);
  });

  it('reports a rollback that lost the race after reverting, without undoing anything', async () => {
    const { pointId } = await mergeBranch('feature', 'b.txt', 'b\n');
    const points = store.rollbackPoints;
    const racingStore: Store = Object.create(store, {
      rollbackPoints: {
        value: {
          ...Object.fromEntries(
            (['create', 'completeMerge', 'get', 'list', 'deleteOlderThan'] as const).map((name) => [
              name,
              points[name].bind(points),
            ]),
          ),
          async markRolledBack(id: string, ref: string, by: string, now: number) {
            await points.markRolledBack(id, 'e'.repeat(40), 'user:other', now);
            return points.markRolledBack(id, ref, by, now);
          },
        },
      },
    }) as Store;
    const error = await rollback({
      store: racingStore,
      gate: gate(operator),
      target: { id: pointId },
      by: operator,
      directory: repo.dir,
      env,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'OURO_ROLLBACK_RACE' });
    expect((error as Error).message).toContain(head());
    const effect = (await store.audit.list({})).find(
      (entry) => entry.action === 'rollback' && entry.decision === null,
    );
    expect(effect?.details).toMatchObject({ concurrent: true, revertSha: head() });
  });

  it('reverts in a temporary worktree when the branch is checked out nowhere', async () => {
    const { pointId, mergeSha } = await mergeBranch('feature', 'b.txt', 'b\n');
    repo.git('checkout', '--quiet', '-b', 'elsewhere');
    const result = await roll({ id: pointId });
    expect(result).toMatchObject({ performed: true, temporaryWorktree: true });
    expect(repo.git('rev-parse', 'main^').trim()).toBe(mergeSha);
    expect(repo.git('rev-parse', 'main').trim()).toBe(result.rollbackSha);
    expect(repo.git('branch', '--show-current').trim()).toBe('elsewhere');
    expect(existsSync(path.join(repo.dir, 'b.txt'))).toBe(true);
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  it('aborts a conflicting revert cleanly and names the manual steps', async () => {
    const { pointId, mergeSha } = await mergeBranch('feature', 'a.txt', 'one\nTWO\nthree\n');
    repo.write('a.txt', 'one\nTWO, later\nthree\n');
    const later = repo.commit('later edit of the same line');
    const error = await roll({ id: pointId }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'OURO_ROLLBACK_CONFLICT' });
    expect((error as Error).message).toContain('a.txt');
    expect((error as { remedy: string }).remedy).toContain(`git revert -m 1 ${mergeSha}`);
    expect((error as { remedy: string }).remedy).not.toMatch(/reset --hard|--force/);
    expect(head()).toBe(later);
    expect(status()).toBe('');
    expect(existsSync(path.join(repo.dir, '.git', 'REVERT_HEAD'))).toBe(false);
    expect((await store.rollbackPoints.get(pointId))?.state).toBe('ready');
  });

  it('refuses before asking when the branch has uncommitted changes', async () => {
    const { pointId } = await mergeBranch('feature', 'b.txt', 'b\n');
    repo.write('a.txt', 'local work\n');
    await expect(roll({ id: pointId })).rejects.toMatchObject({ code: 'OURO_ROLLBACK_NOT_POSSIBLE' });
    expect(readFileSync(path.join(repo.dir, 'a.txt'), 'utf8')).toBe('local work\n');
    expect((await store.audit.list({})).filter((entry) => entry.action === 'rollback')).toEqual([]);
  });

  it('rolls the branch back to an ancestor commit with one new commit, marking the points it undoes', async () => {
    const initial = head();
    const { pointId } = await mergeBranch('feature', 'b.txt', 'b\n');
    repo.write('d.txt', 'd\n');
    const before = repo.commit('direct commit');
    const result = await roll({ commit: initial.slice(0, 10) });
    expect(result).toMatchObject({
      performed: true,
      kind: 'restore',
      commit: initial,
      pointId: null,
      rolledBackPoints: [pointId],
    });
    expect(repo.git('rev-parse', 'HEAD^').trim()).toBe(before);
    expect(repo.git('rev-parse', 'HEAD^{tree}').trim()).toBe(
      repo.git('rev-parse', `${initial}^{tree}`).trim(),
    );
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe(`Roll back to ${initial.slice(0, 12)}`);
    expect(status()).toBe('');
    expect((await store.rollbackPoints.get(pointId))?.state).toBe('rolled_back');

    repo.git('checkout', '--quiet', '-b', 'side', initial);
    repo.write('side.txt', 's\n');
    const side = repo.commit('side');
    repo.git('checkout', '--quiet', 'main');
    await expect(roll({ commit: side })).rejects.toMatchObject({ code: 'OURO_ROLLBACK_TARGET_INVALID' });
    await expect(roll({ commit: 'no-such-ref' })).rejects.toMatchObject({
      code: 'OURO_ROLLBACK_TARGET_INVALID',
    });
  });

  it('reopens the issue through the forge, and says so when there is no forge', async () => {
    // The loop records PR and issue with the point; here a person merged and the point is written directly.
    const merged = async (name: string, pr: number, issue: number) => {
      repo.git('checkout', '--quiet', '-b', name);
      repo.write(`${name}.txt`, `${name}\n`);
      repo.commit(`feat: ${name}`);
      repo.git('checkout', '--quiet', 'main');
      const base = head();
      repo.git('merge', '--quiet', '--no-ff', '--no-edit', name);
      const id = `rb_${name}`;
      clock += 60_000;
      await store.rollbackPoints.create({
        id,
        repository: repo.git('rev-parse', '--show-toplevel').trim(),
        branch: 'main',
        baseSha: base,
        headSha: repo.git('rev-parse', name).trim(),
        pr,
        issue,
        taskId: 'task_1',
        runId: null,
        description: `Merge PR #${pr}`,
        createdAt: clock,
      });
      await store.rollbackPoints.completeMerge(id, head(), 'merge');
      return id;
    };
    const first = await merged('first', 456, 12);
    const calls: Array<[number, string]> = [];
    const forge: IssueReopener = {
      id: 'test',
      reopenIssue: (issue, comment) => {
        calls.push([issue, comment]);
        return Promise.resolve();
      },
    };
    const withForge = await roll({ pr: 456 }, { forge });
    expect(withForge).toMatchObject({ pointId: first, pr: 456, issue: { number: 12, reopened: true } });
    expect(calls).toEqual([
      [
        12,
        expect.stringMatching(
          new RegExp(`^Reopened: the change was rolled back \\(${first}, revert [0-9a-f]{12}\\)$`),
        ),
      ],
    ]);

    await merged('second', 457, 13);
    const withoutForge = await roll({ pr: 457 });
    expect(withoutForge.issue).toEqual({
      number: 13,
      reopened: false,
      note: 'issue #13 not reopened: no forge configured',
    });
    await expect(roll({ pr: 999 })).rejects.toMatchObject({ code: 'OURO_ROLLBACK_POINT_NOT_FOUND' });
  });

  it('in shadow mode records the decision and changes nothing', async () => {
    const { pointId, mergeSha } = await mergeBranch('feature', 'b.txt', 'b\n');
    const result = await roll({ id: pointId }, { mode: 'shadow' });
    expect(result).toMatchObject({ performed: false, mode: 'shadow', rollbackSha: null });
    expect(head()).toBe(mergeSha);
    expect((await store.rollbackPoints.get(pointId))?.state).toBe('ready');
    const entries = (await store.audit.list({})).filter((entry) => entry.action === 'rollback');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.details).toMatchObject({ mode: 'shadow', performed: false });
  });

  it('refuses a point whose merge never completed, or that is not in a local repository', async () => {
    await store.rollbackPoints.create({
      id: 'rb_incomplete',
      repository: repo.dir,
      branch: 'main',
      baseSha: head(),
      headSha: null,
      pr: null,
      issue: null,
      taskId: null,
      runId: null,
      description: 'never merged',
      createdAt: clock,
    });
    await store.rollbackPoints.create({
      id: 'rb_elsewhere',
      repository: 'octo/repo',
      branch: 'main',
      baseSha: head(),
      headSha: null,
      pr: 3,
      issue: null,
      taskId: null,
      runId: null,
      description: 'merged on a forge',
      createdAt: clock,
    });
    await store.rollbackPoints.completeMerge('rb_elsewhere', 'a'.repeat(40), 'merge');
    await expect(roll({ id: 'rb_elsewhere' })).rejects.toMatchObject({
      code: 'OURO_ROLLBACK_NOT_POSSIBLE',
      message: expect.stringContaining('octo/repo is not a local repository'),
    });
    await expect(roll({ id: 'rb_incomplete' })).rejects.toMatchObject({
      code: 'OURO_ROLLBACK_MERGE_INCOMPLETE',
    });
  });

  it('cleans up old points with one audit entry', async () => {
    const old = await mergeBranch('old', 'old.txt', 'o\n');
    clock += 40 * 86_400_000;
    const recent = await mergeBranch('recent', 'recent.txt', 'r\n');
    const result = await cleanupRollbackPoints(store, {
      olderThanMs: 30 * 86_400_000,
      by: operator,
      now: () => clock,
    });
    expect(result.deleted).toEqual([old.pointId]);
    expect((await listRollbackPoints(store, { all: true })).map((point) => point.id)).toEqual([
      recent.pointId,
    ]);
    const entry = (await store.audit.list({})).find((candidate) => candidate.action === 'rollback_cleanup');
    expect(entry).toMatchObject({ actor: operator, details: { ids: [old.pointId] } });
  });
});

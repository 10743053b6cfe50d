import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { storeFactories } from '../../../test/support/database.js';
import {
  describeForgeContract,
  type ForgeContractEnvironment,
} from '../../../test/support/forge-contract.js';
import { createTemporaryGitRepository } from '../../../test/support/temporary-git-repository.js';
import { LocalForge } from './local-forge.js';

async function localEnvironment(
  factory: ReturnType<typeof storeFactories>[number],
): Promise<
  ForgeContractEnvironment & { localForge: LocalForge; repo: ReturnType<typeof createTemporaryGitRepository> }
> {
  const store = await factory.create();
  const repo = createTemporaryGitRepository();
  repo.write('README.md', '# project\n');
  repo.commit('initial');
  const forge = new LocalForge({
    store,
    repositoryDir: repo.dir,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
  });
  const show = (branch: string, file: string): string | undefined =>
    repo.git('ls-tree', '--name-only', branch, '--', file).trim() === ''
      ? undefined
      : repo.git('show', `${branch}:${file}`);
  return {
    forge,
    localForge: forge,
    repo,
    base: 'main',
    commitToBranch(branch, change) {
      // Branches are made and advanced without leaving main, as a workspace would.
      const exists = repo.git('branch', '--list', branch).trim() !== '';
      repo.git('switch', '--quiet', ...(exists ? [branch] : ['-c', branch, 'main']));
      repo.write(change.file, change.content);
      const sha = repo.commit(change.message);
      repo.git('switch', '--quiet', 'main');
      return Promise.resolve(sha);
    },
    branchHead: (branch) => Promise.resolve(repo.git('rev-parse', `refs/heads/${branch}`).trim()),
    fileOnBranch: (branch, file) => Promise.resolve(show(branch, file)),
    async recordCheck(pr, check) {
      await forge.recordCheckRun(pr, {
        name: check.name,
        status: 'completed',
        conclusion: check.conclusion,
        failedStep: check.step ?? null,
        log: check.log ?? null,
      });
    },
    users: { admin: `user:${os.userInfo().username}`, stranger: 'user:someone-else' },
    async cleanup() {
      await store.close();
      repo.cleanup();
    },
  };
}

describe.each(storeFactories())('local forge on $name', (factory) => {
  describeForgeContract(`local (${factory.name})`, () => localEnvironment(factory));

  it('merges in a temporary worktree when the base branch is checked out nowhere', async () => {
    const environment = await localEnvironment(factory);
    try {
      const { repo, forge } = environment;
      const headSha = await environment.commitToBranch('feature', {
        file: 'f.txt',
        content: 'f\n',
        message: 'f',
      });
      repo.git('switch', '--quiet', '--detach', 'main');
      const pr = await forge.ensurePullRequest({ head: 'feature', base: 'main', title: 'F', body: '' });
      const { mergeSha } = await forge.mergePullRequest(pr.number, {
        method: 'merge',
        expectedHeadSha: headSha,
      });
      expect(await environment.branchHead('main')).toBe(mergeSha);
      expect(repo.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
      // The checked-out (detached) tree was not touched.
      expect(repo.git('status', '--porcelain')).toBe('');
    } finally {
      await environment.cleanup();
    }
  });

  it('refuses to merge into a checked-out base with uncommitted changes, changing nothing', async () => {
    const environment = await localEnvironment(factory);
    try {
      const { repo, forge } = environment;
      const headSha = await environment.commitToBranch('feature', {
        file: 'f.txt',
        content: 'f\n',
        message: 'f',
      });
      const before = await environment.branchHead('main');
      repo.write('README.md', '# edited\n');
      const pr = await forge.ensurePullRequest({ head: 'feature', base: 'main', title: 'F', body: '' });
      await expect(
        forge.mergePullRequest(pr.number, { method: 'merge', expectedHeadSha: headSha }),
      ).rejects.toMatchObject({ code: 'OURO_FORGE_MERGE_NOT_POSSIBLE' });
      expect(await environment.branchHead('main')).toBe(before);
      expect((await forge.getPullRequest(pr.number)).state).toBe('open');
    } finally {
      await environment.cleanup();
    }
  });

  it('reports a conflicting PR as not mergeable and aborts its merge cleanly', async () => {
    const environment = await localEnvironment(factory);
    try {
      const { repo, forge } = environment;
      const headSha = await environment.commitToBranch('feature', {
        file: 'README.md',
        content: '# feature\n',
        message: 'feature readme',
      });
      repo.write('README.md', '# main\n');
      const before = repo.commit('main readme');
      const pr = await forge.ensurePullRequest({ head: 'feature', base: 'main', title: 'F', body: '' });
      expect(pr.mergeable).toBe(false);
      await expect(
        forge.mergePullRequest(pr.number, { method: 'merge', expectedHeadSha: headSha }),
      ).rejects.toMatchObject({ code: 'OURO_FORGE_MERGE_NOT_POSSIBLE' });
      expect(await environment.branchHead('main')).toBe(before);
      expect(repo.git('status', '--porcelain')).toBe('');
    } finally {
      await environment.cleanup();
    }
  });

  it('finds a merge made before a crash instead of merging twice', async () => {
    const environment = await localEnvironment(factory);
    try {
      const { repo, forge } = environment;
      const headSha = await environment.commitToBranch('feature', {
        file: 'f.txt',
        content: 'f\n',
        message: 'f',
      });
      const pr = await forge.ensurePullRequest({ head: 'feature', base: 'main', title: 'F', body: '' });
      // The git half of a merge whose store half never happened.
      repo.git(
        'merge',
        '--no-ff',
        '-m',
        `Merge\n\nOuro-Local-Pull-Request: ${pr.number} ${headSha}`,
        headSha,
      );
      const crashed = await environment.branchHead('main');
      const { mergeSha } = await forge.mergePullRequest(pr.number, {
        method: 'merge',
        expectedHeadSha: headSha,
      });
      expect(mergeSha).toBe(crashed);
      expect(await environment.branchHead('main')).toBe(crashed);
    } finally {
      await environment.cleanup();
    }
  });

  it('refuses a PR for a branch that does not exist', async () => {
    const environment = await localEnvironment(factory);
    try {
      await expect(
        environment.forge.ensurePullRequest({ head: 'nope', base: 'main', title: 'x', body: '' }),
      ).rejects.toMatchObject({ code: 'OURO_FORGE_BRANCH_NOT_FOUND' });
    } finally {
      await environment.cleanup();
    }
  });

  it('gives listed collaborators their permission and ignores nobody else', async () => {
    const store = await factory.create();
    try {
      const forge = new LocalForge({
        store,
        repositoryDir: os.tmpdir(),
        collaborators: { 'user:bob': 'write' },
      });
      expect(await forge.getPermission('user:bob')).toBe('write');
      expect(await forge.getPermission('user:eve')).toBe('none');
      expect(forge.rateLimit()).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliDialects, type CliDatabase } from '../../../test/support/cli-dialects.js';
import { runCli } from '../../../test/support/run-cli.js';
import {
  createTemporaryGitRepository,
  type TemporaryGitRepository,
} from '../../../test/support/temporary-git-repository.js';
import { LocalForge } from '../../forges/local/local-forge.js';
import { openStore } from '../../store/open-store.js';

let repo: TemporaryGitRepository;
let home: string;
let database: CliDatabase;

function ouro(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(['-C', repo.dir, ...args], {
    env: { ...database.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', ...env },
  });
}

/** A branch with one commit and an open PR for it, as the loop would leave them; returns the PR number. */
async function openPullRequest(
  branch: string,
  checks: 'success' | 'failure' | 'none' = 'none',
): Promise<number> {
  repo.git('switch', '--quiet', '-c', branch, 'main');
  repo.write(`${branch}.txt`, `${branch}\n`);
  repo.commit(`add ${branch}`);
  repo.git('switch', '--quiet', 'main');
  const store = await openStore({
    projectDir: repo.dir,
    url: database.databaseUrl === '' ? undefined : database.databaseUrl,
  });
  try {
    await store.migrate();
    const forge = new LocalForge({ store, repositoryDir: repo.dir });
    const pr = await forge.ensurePullRequest({
      head: branch,
      base: 'main',
      title: `Add ${branch}`,
      body: 'Because',
    });
    if (checks !== 'none') {
      await forge.recordCheckRun(pr.number, { name: 'quality', status: 'completed', conclusion: checks });
    }
    return pr.number;
  } finally {
    await store.close();
  }
}

beforeEach(() => {
  repo = createTemporaryGitRepository();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-pr-cli-home-'));
  repo.write('.gitignore', '.ouro/\n');
  repo.commit('initial');
});

afterEach(() => {
  repo.cleanup();
  fs.rmSync(home, { recursive: true, force: true });
});

describe.each(cliDialects())('ouro pr ($name, the built binary)', (dialect) => {
  beforeEach(async () => {
    database = await dialect.prepare();
  });
  afterEach(async () => {
    await database.cleanup();
  });

  it('lists, shows, diffs, merges with a rollback point, and closes pull requests', async () => {
    const feature = await openPullRequest('feature', 'success');
    const other = await openPullRequest('other');
    const headSha = repo.git('rev-parse', 'feature').trim();

    const list = await ouro(['pr', 'list']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toMatch(
      /^#\s+STATE\s+TITLE\s+BRANCH\s+HEAD\s+UPDATED\n2\s+open\s+Add other\s+other → main/,
    );

    const show = await ouro(['pr', 'show', String(feature)]);
    expect(show.exitCode, show.stderr).toBe(0);
    expect(show.stdout).toContain(
      `#1 Add feature\nState: open\nBranch: feature → main\nHead: ${headSha}\nMergeable: yes\n`,
    );
    expect(show.stdout).toContain('Checks:\n  quality: success');
    const shown = JSON.parse((await ouro(['--json', 'pr', 'show', '1'])).stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({
      pullRequest: { number: 1, url: 'local:pr/1', headSha },
      checks: [{ name: 'quality' }],
    });

    const diff = await ouro(['pr', 'diff', '1']);
    expect(diff.exitCode, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('+++ b/feature.txt');
    expect(diff.stdout).not.toContain('other.txt');

    const merge = await ouro(['--json', 'pr', 'merge', '1', '--squash']);
    expect(merge.exitCode, merge.stderr).toBe(0);
    const merged = JSON.parse(merge.stdout) as {
      performed: boolean;
      mergeSha: string;
      rollbackPoint: string;
      method: string;
    };
    expect(merged).toMatchObject({ performed: true, method: 'squash', alreadyMerged: false });
    expect(repo.git('rev-parse', 'main').trim()).toBe(merged.mergeSha);
    expect(fs.readFileSync(path.join(repo.dir, 'feature.txt'), 'utf8')).toBe('feature\n');
    const points = JSON.parse((await ouro(['--json', 'rollback', 'list'])).stdout) as {
      points: Array<{ id: string; pr: number; mergeSha: string; mergeMethod: string; headSha: string }>;
    };
    expect(points.points).toEqual([
      expect.objectContaining({
        id: merged.rollbackPoint,
        pr: 1,
        mergeSha: merged.mergeSha,
        mergeMethod: 'squash',
        headSha,
      }),
    ]);
    expect((await ouro(['pr', 'merge', '1'])).stdout).toContain('PR #1 is already merged');

    const close = await ouro(['pr', 'close', String(other), '--comment', 'Not needed']);
    expect(close.exitCode, close.stderr).toBe(0);
    expect(close.stdout).toContain('Closed PR #2');
    expect((await ouro(['pr', 'close', '2'])).stdout).toContain('PR #2 is already closed; nothing to do.');
    expect(JSON.parse((await ouro(['--json', 'pr', 'list', '--state', 'all'])).stdout)).toMatchObject({
      pullRequests: [
        { number: 2, state: 'closed' },
        { number: 1, state: 'merged', mergeSha: merged.mergeSha },
      ],
    });
    const audit = JSON.parse((await ouro(['--json', 'audit', 'list'])).stdout) as {
      entries: Array<{ action: string }>;
    };
    expect(audit.entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['merge', 'rollback_point']),
    );
  });

  it('records a merge in shadow mode without merging, and refuses a closed PR', async () => {
    await openPullRequest('feature');
    const before = repo.git('rev-parse', 'main').trim();
    const shadow = await ouro(['pr', 'merge', '1'], { OURO_MODE: 'shadow' });
    expect(shadow.exitCode, shadow.stderr).toBe(0);
    expect(shadow.stdout).toContain(
      'Shadow mode: merging PR #1 was recorded in the audit log, nothing was changed',
    );
    expect(repo.git('rev-parse', 'main').trim()).toBe(before);
    expect(JSON.parse((await ouro(['--json', 'rollback', 'list'])).stdout)).toEqual({ points: [] });

    await ouro(['pr', 'close', '1']);
    const refused = await ouro(['pr', 'merge', '1']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('error OURO_FORGE_PR_NOT_OPEN');
    expect(repo.git('rev-parse', 'main').trim()).toBe(before);
  });
});

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
import { openStore } from '../../store/open-store.js';

let repo: TemporaryGitRepository;
let home: string;
let database: CliDatabase;

function ouro(...args: string[]) {
  return runCli(['-C', repo.dir, ...args], {
    env: { ...database.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** A branch merged into main by hand, recorded as a rollback point created `ageMs` ago. */
async function mergedPoint(
  id: string,
  name: string,
  options: { ageMs: number; pr: number | null; issue: number | null },
): Promise<string> {
  repo.git('checkout', '--quiet', '-b', name);
  repo.write(`${name}.txt`, `${name}\n`);
  repo.commit(`feat: ${name}`);
  repo.git('checkout', '--quiet', 'main');
  const base = repo.git('rev-parse', 'HEAD').trim();
  repo.git('merge', '--quiet', '--no-ff', '--no-edit', name);
  const mergeSha = repo.git('rev-parse', 'HEAD').trim();
  const store = await openStore({
    projectDir: repo.dir,
    url: database.databaseUrl === '' ? undefined : database.databaseUrl,
  });
  try {
    await store.migrate();
    await store.rollbackPoints.create({
      id,
      repository: repo.git('rev-parse', '--show-toplevel').trim(),
      branch: 'main',
      baseSha: base,
      headSha: repo.git('rev-parse', name).trim(),
      pr: options.pr,
      issue: options.issue,
      taskId: null,
      runId: null,
      description: `Add ${name}`,
      createdAt: Date.now() - options.ageMs,
    });
    await store.rollbackPoints.completeMerge(id, mergeSha, 'merge');
  } finally {
    await store.close();
  }
  return mergeSha;
}

beforeEach(() => {
  repo = createTemporaryGitRepository();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-rollback-cli-home-'));
  repo.write('.gitignore', '.ouro/\n');
  repo.write('a.txt', 'a\n');
  repo.commit('initial');
});

afterEach(() => {
  repo.cleanup();
  fs.rmSync(home, { recursive: true, force: true });
});

describe.each(cliDialects())('ouro rollback ($name, the built binary)', (dialect) => {
  beforeEach(async () => {
    database = await dialect.prepare();
  });
  afterEach(async () => {
    await database.cleanup();
  });

  it('lists points, rolls back the latest and by PR, refuses twice, cleans up', async () => {
    const authSha = await mergedPoint('rb_aaaa1111', 'auth', { ageMs: 2 * 3_600_000, pr: 456, issue: 12 });
    const depsSha = await mergedPoint('rb_bbbb2222', 'deps', { ageMs: 3_600_000, pr: null, issue: null });

    const list = await ouro('rollback', 'list');
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toContain('Rollback Points\n---------------\nID: rb_bbbb2222\nPR: none\n');
    expect(list.stdout).toContain(
      `ID: rb_aaaa1111\nPR: #456\nDescription: Add auth\nCreated: 2 hours ago\nCommit: ${authSha.slice(0, 12)}\n`,
    );
    expect(list.stdout).toContain('State: ready');
    const listed = JSON.parse((await ouro('--json', 'rollback', 'list')).stdout) as {
      points: Array<{ id: string; mergeSha: string; createdAt: string }>;
    };
    expect(listed.points.map((point) => [point.id, point.mergeSha])).toEqual([
      ['rb_bbbb2222', depsSha],
      ['rb_aaaa1111', authSha],
    ]);
    expect(Number.isNaN(Date.parse(listed.points[0]!.createdAt))).toBe(false);

    const latest = await ouro('rollback', '--latest');
    expect(latest.exitCode, latest.stderr).toBe(0);
    expect(latest.stdout).toContain('Rolled back rb_bbbb2222');
    expect(latest.stdout).toContain(`Reverted ${depsSha.slice(0, 12)} on main with `);
    expect(fs.existsSync(path.join(repo.dir, 'deps.txt'))).toBe(false);

    const twice = await ouro('rollback', 'rb_bbbb2222');
    expect(twice.exitCode).toBe(1);
    expect(twice.stderr).toContain('error OURO_ROLLBACK_ALREADY_DONE');

    const byPr = await ouro('--json', 'rollback', '--pr', '456');
    expect(byPr.exitCode, byPr.stderr).toBe(0);
    const result = JSON.parse(byPr.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      performed: true,
      kind: 'revert',
      pointId: 'rb_aaaa1111',
      pr: 456,
      commit: authSha,
      rollbackSha: repo.git('rev-parse', 'HEAD').trim(),
      issue: { number: 12, reopened: false, note: 'issue #12 not reopened: no forge configured' },
    });
    expect(repo.git('log', '--format=%s', '-3').trim().split('\n')).toEqual([
      'Revert "Merge branch \'auth\'"',
      'Revert "Merge branch \'deps\'"',
      "Merge branch 'deps'",
    ]);

    expect((await ouro('rollback', 'list')).stdout).toContain('No rollback points to roll back');
    const all = await ouro('rollback', 'list', '--all');
    expect(all.stdout).toMatch(/State: rolled back (just now|\d+ seconds? ago) by user:\S+ \([0-9a-f]{12}\)/);

    const cleanup = await ouro('--json', 'rollback', 'cleanup', '--older-than', '90m');
    expect(cleanup.exitCode, cleanup.stderr).toBe(0);
    expect(JSON.parse(cleanup.stdout)).toMatchObject({ deleted: ['rb_aaaa1111'] });
    const nothing = await ouro('rollback', 'cleanup', '--older-than', '30d');
    expect(nothing.stdout).toMatch(/^No rollback points created before \d{4}-/);
    const audit = JSON.parse((await ouro('--json', 'audit', 'list')).stdout) as {
      entries: Array<{ action: string; decision: string | null; details: Record<string, unknown> }>;
    };
    expect(audit.entries.map((entry) => [entry.action, entry.decision])).toEqual([
      ['rollback', 'allow'],
      ['rollback', null],
      ['rollback', 'allow'],
      ['rollback', null],
      ['rollback_cleanup', null],
      ['rollback_cleanup', null],
    ]);
    expect(audit.entries[4]?.details).toMatchObject({ ids: ['rb_aaaa1111'] });
  });

  it('rolls back to a commit, and rejects bad targets with exit 2', async () => {
    const initial = repo.git('rev-parse', 'HEAD').trim();
    repo.write('later.txt', 'later\n');
    repo.commit('later work');
    const restored = await ouro('rollback', '--commit', initial.slice(0, 9));
    expect(restored.exitCode, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`Rolled back main to ${initial.slice(0, 12)}`);
    expect(fs.existsSync(path.join(repo.dir, 'later.txt'))).toBe(false);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('3');

    const none = await ouro('rollback');
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('OURO_ROLLBACK_TARGET_INVALID');
    expect((await ouro('rollback', '--latest', '--pr', '4')).exitCode).toBe(2);
    expect((await ouro('rollback', '--pr', 'abc')).exitCode).toBe(2);
    const missing = await ouro('--json', 'rollback', 'rb_nothing');
    expect(missing.exitCode).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'OURO_ROLLBACK_POINT_NOT_FOUND' } });
    const badDuration = await ouro('rollback', 'cleanup', '--older-than', 'soon');
    expect(badDuration.exitCode).toBe(2);
    expect((await ouro('rollback', 'list')).stdout).toContain('No rollback points to roll back');
  });
});

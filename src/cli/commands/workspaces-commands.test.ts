/**
 * `ouro workspaces list | clean` through the real binary (dist/) on a real repository whose
 * workspaces were made by the manager. No database is involved: workspaces live in git and markers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.js';
import {
  createWorkspaceFixture,
  type WorkspaceFixture,
} from '../../workspaces/test-support/workspace-fixture.js';

const dayMs = 86_400_000;

interface ListedWorkspace {
  key: string;
  state: string;
  idleMs: number;
}
interface CleanReport {
  dryRun: boolean;
  removed: Array<{ key: string }>;
  kept: Array<{ name: string; reason: string }>;
}

describe('ouro workspaces', () => {
  let project: WorkspaceFixture;
  const ouro = (...args: string[]) => runCli(['-C', project.dir, ...args]);

  beforeEach(async () => {
    project = createWorkspaceFixture();
    // The fixture's clock is in the past (2026-01-01): markers written with it look long idle.
    const manager = project.manager();
    await manager.ensure('issue-1');
    const dirty = await manager.ensure('issue 2');
    fs.writeFileSync(path.join(dirty.path, 'wip.txt'), 'work in progress');
  });

  afterEach(() => project.cleanup());

  it('lists the workspaces as JSON', async () => {
    const result = await ouro('workspaces', 'list', '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    const { workspaces } = JSON.parse(result.stdout) as { workspaces: ListedWorkspace[] };
    expect(workspaces).toHaveLength(2);
    const byKey = Object.fromEntries(workspaces.map((workspace) => [workspace.key, workspace]));
    expect(byKey['issue-1']).toMatchObject({
      name: 'issue-1',
      path: path.join(project.workDir, 'workspaces', 'issue-1'),
      state: 'ready',
      branch: 'ouro/issue-1',
      head: project.git('rev-parse', 'main').trim(),
      dirty: false,
      lastUsedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(byKey['issue 2']).toMatchObject({ dirty: true, changedFiles: ['wip.txt'] });
    expect(byKey['issue 2']!.idleMs).toBeGreaterThan(dayMs);
  });

  it('lists the workspaces as a table', async () => {
    const result = await ouro('workspaces', 'list');
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^KEY\s+STATE\s+BRANCH\s+HEAD\s+DIRTY\s+LAST USED\s+AGE\s+PATH$/);
    expect(result.stdout).toMatch(
      /issue-1\s+ready\s+ouro\/issue-1\s+[0-9a-f]{12}\s+no\s+.* ago\s+.*\.ouro\/workspaces\/issue-1/,
    );
    expect(result.stdout).toMatch(/issue 2\s+ready\s+ouro\/issue-2-[0-9a-f]{10}\s+[0-9a-f]{12}\s+yes \(1\)/);
  });

  it('dry run shows what clean would remove and removes nothing', async () => {
    const result = await ouro('workspaces', 'clean', '--dry-run', '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as CleanReport;
    expect(report.dryRun).toBe(true);
    expect(report.removed.map((removed) => removed.key)).toEqual(['issue-1']);
    expect(report.kept[0]!.reason).toContain('uncommitted changes (wip.txt)');
    expect(fs.existsSync(path.join(project.workDir, 'workspaces', 'issue-1'))).toBe(true);
  });

  it('clean removes idle clean workspaces, keeps dirty ones unless --force', async () => {
    const first = await ouro('workspaces', 'clean', '--older-than', '24h');
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain('Removed issue-1, branch ouro/issue-1 deleted');
    expect(first.stdout).toMatch(/Kept issue-2-[0-9a-f]{10}: uncommitted changes/);
    expect(fs.existsSync(path.join(project.workDir, 'workspaces', 'issue-1'))).toBe(false);
    expect(project.git('branch', '--list', 'ouro/issue-1').trim()).toBe('');

    const forced = await ouro('workspaces', 'clean', '--all', '--force', '--json');
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect((JSON.parse(forced.stdout) as CleanReport).removed.map((removed) => removed.key)).toEqual([
      'issue 2',
    ]);
    const listed = await ouro('workspaces', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toEqual({ workspaces: [] });
  });

  it('prunes a workspace deleted by hand', async () => {
    fs.rmSync(path.join(project.workDir, 'workspaces', 'issue-1'), { recursive: true, force: true });
    const listed = JSON.parse((await ouro('workspaces', 'list', '--json')).stdout) as {
      workspaces: ListedWorkspace[];
    };
    expect(listed.workspaces.find((workspace) => workspace.key === 'issue-1')!.state).toBe('missing');
    const cleaned = await ouro('workspaces', 'clean', '--all', '--json');
    expect(cleaned.exitCode, cleaned.stderr).toBe(0);
    expect(project.git('worktree', 'list')).not.toContain('issue-1');
  });

  it('rejects an invalid --older-than with exit code 2', async () => {
    const result = await ouro('workspaces', 'clean', '--older-than', 'soon');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('expected a duration');
  });

  it('fails with a clear error outside a git repository', async () => {
    fs.rmSync(path.join(project.dir, '.git'), { recursive: true, force: true });
    const result = await ouro('workspaces', 'list', '--json');
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('OURO_WORKSPACE_NOT_A_REPOSITORY');
  });
});

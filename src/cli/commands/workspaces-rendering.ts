/** How workspaces look to people (a table, a clean summary) and in `--json` (ISO times, a dirty flag). */
import path from 'node:path';
import type { CleanResult, WorkspaceInfo } from '../../workspaces/index.js';
import type { Output } from '../output.js';
import { renderTable } from '../render-table.js';
import { formatRelative, formatSpan } from './relative-time.js';

const iso = (time: number | undefined): string | null =>
  time === undefined ? null : new Date(time).toISOString();

export function workspaceJson(workspace: WorkspaceInfo) {
  return {
    name: workspace.name,
    key: workspace.key ?? null,
    path: workspace.path,
    state: workspace.state,
    branch: workspace.branch ?? null,
    head: workspace.head ?? null,
    dirty: workspace.changedFiles === undefined ? null : workspace.changedFiles.length > 0,
    changedFiles: workspace.changedFiles ?? null,
    createdAt: iso(workspace.createdAt),
    lastUsedAt: iso(workspace.lastUsedAt),
    ageMs: workspace.ageMs ?? null,
    idleMs: workspace.idleMs ?? null,
  };
}

function dirtyCell(output: Output, workspace: WorkspaceInfo): string {
  if (workspace.changedFiles === undefined) return '-';
  const count = workspace.changedFiles.length;
  return count === 0 ? 'no' : output.colors.yellow(`yes (${count})`);
}

function stateCell(output: Output, workspace: WorkspaceInfo): string {
  return workspace.state === 'ready' ? workspace.state : output.colors.red(workspace.state);
}

export function renderWorkspaces(output: Output, workspaces: WorkspaceInfo[], projectDir: string): void {
  if (workspaces.length === 0) {
    output.line('No workspaces (the loop creates one per task under .ouro/workspaces/).');
    return;
  }
  const now = Date.now();
  const rows = workspaces.map((workspace) => [
    workspace.key ?? workspace.name,
    stateCell(output, workspace),
    workspace.branch ?? '-',
    workspace.head?.slice(0, 12) ?? '-',
    dirtyCell(output, workspace),
    workspace.lastUsedAt === undefined ? '-' : formatRelative(workspace.lastUsedAt, now),
    workspace.ageMs === undefined ? '-' : formatSpan(workspace.ageMs),
    path.relative(projectDir, workspace.path) || '.',
  ]);
  output.line(renderTable(['KEY', 'STATE', 'BRANCH', 'HEAD', 'DIRTY', 'LAST USED', 'AGE', 'PATH'], rows));
  if (workspaces.some((workspace) => workspace.state !== 'ready')) {
    output.line(
      output.colors.dim(
        '\nmissing: the directory is gone (`ouro workspaces clean --all` prunes it); broken: not a git worktree (re-created on next use).',
      ),
    );
  }
}

export function renderClean(output: Output, result: CleanResult): void {
  const verb = result.dryRun ? 'Would remove' : 'Removed';
  if (result.removed.length === 0)
    output.line(result.dryRun ? 'Nothing would be removed.' : 'Nothing removed.');
  for (const removed of result.removed) {
    const branch =
      removed.branch === undefined
        ? ''
        : removed.branchDeleted
          ? `, branch ${removed.branch} deleted`
          : result.dryRun
            ? ''
            : `, branch ${removed.branch} kept (not merged; --delete-branches deletes it)`;
    output.line(`${verb} ${removed.key ?? removed.name}${branch}`);
  }
  for (const kept of result.kept) output.line(output.colors.dim(`Kept ${kept.name}: ${kept.reason}`));
}

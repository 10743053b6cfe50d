/**
 * The workspace manager: one git worktree per task under `<work_dir>/workspaces/<name>`, on branch
 * `ouro/<name>`, created from the base branch, reused across attempts, removed when idle. What exists is
 * learnt by scanning the directory and `git worktree list` (nothing to get out of sync); the marker
 * files only add the key and the last use. The clock and the logger are injected; the manager knows
 * nothing of the loop — the loop says which workspaces may go through `isRemovable`.
 */
import { realpathSync, type Stats } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { WorkspacesConfig } from '../config/schema/workspaces.js';
import { OuroError } from '../errors/index.js';
import type { Logger } from '../observability/logger-types.js';
import { resolveBaseRevision } from './base-branch.js';
import { ignoreWorkspacesRoot } from './ignore-workspaces-root.js';
import { hookFailure, runHook, type HookName } from './run-hook.js';
import { gitOrThrow, runGit } from './run-git.js';
import { workspaceBranch, workspaceName } from './workspace-key.js';
import { readMarker, removeMarker, writeMarker } from './workspace-marker.js';
import { ensureWorkspacesRoot, markerPath, safeWorkspacePath, workspacesRoot } from './workspace-paths.js';
import type {
  CleanOptions,
  CleanResult,
  KeptWorkspace,
  RemovedWorkspace,
  Workspace,
  WorkspaceInfo,
  WorkspaceMarker,
} from './workspace-types.js';
import { parseWorktreeList, type WorktreeEntry } from './worktree-list.js';

export interface WorkspaceManagerOptions {
  projectDir: string;
  /** The resolved `orchestrator.work_dir`. */
  workDir: string;
  config: WorkspacesConfig;
  /** What hooks see, already reduced to the allowlist (`workflows.env_allowlist`). */
  hookEnvironment: NodeJS.ProcessEnv;
  logger: Logger;
  /** Epoch ms; injected so that idle times are testable. */
  clock?: () => number;
}

const hourMs = 3_600_000;

export class WorkspaceManager {
  readonly root: string;
  private readonly clock: () => number;
  /** Per workspace name, so two attempts of one task in this process do not race on one worktree. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly options: WorkspaceManagerOptions) {
    this.root = workspacesRoot(options.workDir);
    this.clock = options.clock ?? Date.now;
  }

  /** The workspace of `key`: reused when its worktree is intact, (re-)created otherwise. */
  ensure(key: string): Promise<Workspace> {
    const name = workspaceName(key);
    return this.locked(name, () => this.ensureUnlocked(key, name));
  }

  /** Runs `before_run`; its failure fails the attempt (the error is thrown). Marks the workspace used. */
  async beforeRun(workspace: Workspace): Promise<void> {
    await this.touch(workspace);
    const failure = await this.hook('before_run', workspace);
    if (failure !== undefined) {
      throw new OuroError('OURO_WORKSPACE_HOOK_FAILED', {
        hook: 'before_run',
        name: workspace.name,
        reason: failure,
      });
    }
  }

  /** Runs `after_run`; a failure is logged only — the attempt's result stands. Marks the workspace used. */
  async afterRun(workspace: Workspace): Promise<void> {
    await this.hook('after_run', workspace);
    await this.touch(workspace);
  }

  async list(): Promise<WorkspaceInfo[]> {
    await this.assertRepository();
    // Listing creates nothing: without the directory, only git's registrations can be there.
    const rootExists = await exists(this.root);
    const realRoot = rootExists
      ? ensureWorkspacesRoot(this.root)
      : path.join(realDirectory(this.options.workDir), 'workspaces');
    const worktrees = await this.worktreesUnder(realRoot);
    const names = new Set<string>(worktrees.keys());
    for (const entry of rootExists ? await readdir(realRoot, { withFileTypes: true }) : []) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isFile() && entry.name.endsWith('.json')) names.add(entry.name.slice(0, -'.json'.length));
      else if (!entry.isFile()) names.add(entry.name);
    }
    const infos: WorkspaceInfo[] = [];
    for (const name of [...names].sort())
      infos.push(await this.describe(realRoot, name, worktrees.get(name)));
    return infos;
  }

  /** Removes one workspace by name (or by key); refuses one with uncommitted changes unless `force`. */
  async remove(
    nameOrKey: string,
    options: { force?: boolean; deleteBranch?: boolean } = {},
  ): Promise<RemovedWorkspace> {
    const infos = await this.list();
    const info = infos.find((candidate) => candidate.name === nameOrKey || candidate.key === nameOrKey);
    if (info === undefined) throw new OuroError('OURO_WORKSPACE_NOT_FOUND', { name: nameOrKey });
    return this.locked(info.name, async () => {
      if (info.changedFiles !== undefined && info.changedFiles.length > 0 && options.force !== true) {
        throw new OuroError('OURO_WORKSPACE_DIRTY', {
          name: info.name,
          path: info.path,
          files: summarizeFiles(info.changedFiles),
        });
      }
      const removed = await this.removeUnlocked(info, options.deleteBranch === true);
      await this.prune();
      return removed;
    });
  }

  /**
   * Removes the idle workspaces (idle at least `olderThanMs`, default the grace period; or all), never
   * one with uncommitted changes unless `force`, never one the loop still needs (`isRemovable`).
   */
  async clean(options: CleanOptions = {}): Promise<CleanResult> {
    const olderThanMs = options.olderThanMs ?? this.options.config.cleanup_grace_hours * hourMs;
    const removed: RemovedWorkspace[] = [];
    const kept: KeptWorkspace[] = [];
    for (const info of await this.list()) {
      const keep = await this.reasonToKeep(info, olderThanMs, options);
      if (keep !== undefined) {
        kept.push({ name: info.name, reason: keep });
        continue;
      }
      if (options.dryRun === true) {
        removed.push({
          name: info.name,
          key: info.key,
          path: info.path,
          branch: info.branch,
          branchDeleted: false,
        });
        continue;
      }
      try {
        removed.push(
          await this.locked(info.name, () => this.removeUnlocked(info, options.deleteBranches === true)),
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.options.logger.warn(
          { event: 'workspace_remove_failed', name: info.name, reason },
          'could not remove',
        );
        kept.push({ name: info.name, reason: `removal failed: ${reason}` });
      }
    }
    if (options.dryRun !== true) await this.prune();
    return { dryRun: options.dryRun === true, removed, kept };
  }

  /** `git worktree prune` and the markers of workspaces whose directory and registration are gone. */
  async prune(): Promise<void> {
    await gitOrThrow(this.options.projectDir, ['worktree', 'prune'], '(all)');
    const realRoot = ensureWorkspacesRoot(this.root);
    const registered = await this.worktreesUnder(realRoot);
    for (const entry of await readdir(realRoot, { withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.json') || entry.name.startsWith('.')) continue;
      const name = entry.name.slice(0, -'.json'.length);
      if (registered.has(name) || (await exists(path.join(realRoot, name)))) continue;
      await removeMarker(path.join(realRoot, entry.name));
    }
  }

  private async ensureUnlocked(key: string, name: string): Promise<Workspace> {
    const { projectDir, logger } = this.options;
    await this.assertRepository();
    const workspacePath = safeWorkspacePath(this.root, name);
    const realRoot = path.dirname(workspacePath);
    const branch = workspaceBranch(name);
    const marker = await readMarker(markerPath(realRoot, name));
    if (await this.isIntactWorktree(realRoot, name, workspacePath)) {
      const workspace = { key, name, path: workspacePath, branch, created: false };
      await this.touch(workspace, marker);
      logger.debug({ event: 'workspace_reused', key, name }, 'workspace reused');
      return workspace;
    }
    if (await exists(workspacePath)) {
      logger.warn(
        { event: 'workspace_recreated', key, name },
        'workspace is not an intact worktree; re-creating it',
      );
      await rm(workspacePath, { recursive: true, force: true });
    }
    await gitOrThrow(projectDir, ['worktree', 'prune'], name);
    await ignoreWorkspacesRoot(projectDir, realRoot);
    const base = await resolveBaseRevision({
      projectDir,
      configured: this.options.config.base_branch,
      fetch: true,
      logger,
    });
    // An earlier attempt's branch carries its commits: check it out again rather than start over.
    const branchExists =
      (await runGit(projectDir, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`])).exitCode === 0;
    const args = branchExists
      ? ['worktree', 'add', '--quiet', workspacePath, branch]
      : ['worktree', 'add', '--quiet', '-b', branch, workspacePath, base.commit];
    await gitOrThrow(projectDir, args, name);
    const now = new Date(this.clock()).toISOString();
    await writeMarker(markerPath(realRoot, name), {
      key,
      name,
      branch,
      baseCommit: marker?.baseCommit ?? base.commit,
      createdAt: now,
      lastUsedAt: now,
    });
    const workspace = { key, name, path: workspacePath, branch, created: true };
    logger.info({ event: 'workspace_created', key, name, branch, base: base.ref }, 'workspace created');
    const failure = await this.hook('after_create', workspace);
    if (failure !== undefined) {
      await this.discard(workspace, !branchExists);
      throw new OuroError('OURO_WORKSPACE_HOOK_FAILED', { hook: 'after_create', name, reason: failure });
    }
    return workspace;
  }

  /** Undoes a creation whose `after_create` failed; the branch goes only if this creation made it. */
  private async discard(workspace: Workspace, deleteBranch: boolean): Promise<void> {
    const { projectDir } = this.options;
    await runGit(projectDir, ['worktree', 'remove', '--force', workspace.path]);
    await rm(workspace.path, { recursive: true, force: true });
    if (deleteBranch) await runGit(projectDir, ['branch', '-D', workspace.branch]);
    await removeMarker(markerPath(path.dirname(workspace.path), workspace.name));
    await runGit(projectDir, ['worktree', 'prune']);
  }

  private async removeUnlocked(info: WorkspaceInfo, deleteBranch: boolean): Promise<RemovedWorkspace> {
    const { projectDir, logger } = this.options;
    const realRoot = ensureWorkspacesRoot(this.root);
    if (info.state === 'ready') {
      await this.hook('before_remove', {
        key: info.key ?? info.name,
        name: info.name,
        path: info.path,
        branch: info.branch ?? '',
        created: false,
      });
      await gitOrThrow(projectDir, ['worktree', 'remove', '--force', info.path], info.name);
    }
    if (info.state === 'missing') {
      // git still counts the branch as checked out in the vanished worktree until it is pruned.
      await gitOrThrow(projectDir, ['worktree', 'prune'], info.name);
    }
    if (info.state === 'broken') {
      // Not a worktree: a directory Ouro made whose registration is gone. The path is proven inside the root.
      await rm(safeWorkspacePath(this.root, info.name), { recursive: true, force: true });
    }
    const branch = info.branch ?? (info.key === undefined ? undefined : workspaceBranch(info.name));
    const branchDeleted = branch !== undefined && (await this.deleteBranch(branch, deleteBranch));
    await removeMarker(markerPath(realRoot, info.name));
    logger.info(
      { event: 'workspace_removed', name: info.name, key: info.key, branchDeleted },
      'workspace removed',
    );
    return { name: info.name, key: info.key, path: info.path, branch, branchDeleted };
  }

  /** Deletes the branch when it is merged into the base branch, or when asked to; false when kept. */
  private async deleteBranch(branch: string, always: boolean): Promise<boolean> {
    const { projectDir, logger } = this.options;
    const ref = `refs/heads/${branch}`;
    if ((await runGit(projectDir, ['show-ref', '--verify', '--quiet', ref])).exitCode !== 0) return false;
    let merged = false;
    if (!always) {
      try {
        const base = await resolveBaseRevision({
          projectDir,
          configured: this.options.config.base_branch,
          fetch: false,
          logger,
        });
        merged = (await runGit(projectDir, ['merge-base', '--is-ancestor', ref, base.commit])).exitCode === 0;
      } catch {
        merged = false;
      }
    }
    if (!always && !merged) return false;
    return (await runGit(projectDir, ['branch', '-D', branch])).exitCode === 0;
  }

  private async reasonToKeep(
    info: WorkspaceInfo,
    olderThanMs: number,
    options: CleanOptions,
  ): Promise<string | undefined> {
    if (options.all !== true && info.idleMs !== undefined && info.idleMs < olderThanMs) {
      return `used ${formatHours(info.idleMs)} ago`;
    }
    if (options.isRemovable !== undefined && !(await options.isRemovable(info)))
      return 'its task is not finished';
    if (info.changedFiles !== undefined && info.changedFiles.length > 0 && options.force !== true) {
      return `uncommitted changes (${summarizeFiles(info.changedFiles)}); --force removes it anyway`;
    }
    return undefined;
  }

  private async describe(
    realRoot: string,
    name: string,
    worktree: WorktreeEntry | undefined,
  ): Promise<WorkspaceInfo> {
    const workspacePath = path.join(realRoot, name);
    const marker = await readMarker(markerPath(realRoot, name));
    const directory = await statOrUndefined(workspacePath);
    const state =
      directory === undefined ? 'missing' : worktree !== undefined && !worktree.prunable ? 'ready' : 'broken';
    const createdAt = parseTime(marker?.createdAt) ?? directory?.birthtimeMs ?? directory?.mtimeMs;
    const lastUsedAt = parseTime(marker?.lastUsedAt) ?? directory?.mtimeMs;
    const now = this.clock();
    return {
      name,
      key: marker?.key,
      path: workspacePath,
      state,
      branch: worktree?.branch ?? marker?.branch,
      head: worktree?.head,
      changedFiles: state === 'ready' ? await changedFiles(workspacePath) : undefined,
      createdAt,
      lastUsedAt,
      ageMs: createdAt === undefined ? undefined : Math.max(0, now - createdAt),
      idleMs: lastUsedAt === undefined ? undefined : Math.max(0, now - lastUsedAt),
    };
  }

  private async assertRepository(): Promise<void> {
    const { projectDir } = this.options;
    if ((await runGit(projectDir, ['rev-parse', '--git-dir'])).exitCode !== 0) {
      throw new OuroError('OURO_WORKSPACE_NOT_A_REPOSITORY', { directory: projectDir });
    }
  }

  /** The worktrees git knows under the root, by workspace name. */
  private async worktreesUnder(realRoot: string): Promise<Map<string, WorktreeEntry>> {
    const porcelain = await gitOrThrow(this.options.projectDir, ['worktree', 'list', '--porcelain'], '(all)');
    const byName = new Map<string, WorktreeEntry>();
    for (const entry of parseWorktreeList(porcelain)) {
      if (path.dirname(entry.path) === realRoot) byName.set(path.basename(entry.path), entry);
    }
    return byName;
  }

  private async isIntactWorktree(realRoot: string, name: string, workspacePath: string): Promise<boolean> {
    const entry = (await this.worktreesUnder(realRoot)).get(name);
    if (entry === undefined || entry.prunable || !(await exists(workspacePath))) return false;
    const topLevel = await runGit(workspacePath, ['rev-parse', '--show-toplevel']);
    return topLevel.exitCode === 0 && topLevel.stdout.trim() === workspacePath;
  }

  private async touch(workspace: Workspace, known?: WorkspaceMarker): Promise<void> {
    const file = markerPath(path.dirname(workspace.path), workspace.name);
    const marker = known ?? (await readMarker(file));
    const now = new Date(this.clock()).toISOString();
    await writeMarker(file, {
      key: workspace.key,
      name: workspace.name,
      branch: workspace.branch,
      baseCommit: marker?.baseCommit ?? '',
      createdAt: marker?.createdAt ?? now,
      lastUsedAt: now,
    });
  }

  /** Runs a configured hook; returns why it failed (logged), or undefined (success or no hook). */
  private async hook(hook: HookName, workspace: Workspace): Promise<string | undefined> {
    const command = this.options.config.hooks[hook];
    if (command === undefined) return undefined;
    const timeoutMs = this.options.config.hook_timeout_seconds * 1000;
    const result = await runHook({
      command,
      cwd: workspace.path,
      timeoutMs,
      env: {
        ...this.options.hookEnvironment,
        OURO_WORKSPACE_KEY: workspace.key,
        OURO_WORKSPACE_NAME: workspace.name,
        OURO_WORKSPACE_PATH: workspace.path,
        OURO_WORKSPACE_BRANCH: workspace.branch,
      },
    });
    const failure = hookFailure(result, timeoutMs);
    const fields = { event: 'workspace_hook', hook, name: workspace.name, durationMs: result.durationMs };
    if (failure === undefined) this.options.logger.debug(fields, `hook ${hook} succeeded`);
    else this.options.logger.warn({ ...fields, failure }, `hook ${hook} failed`);
    return failure;
  }

  private async locked<T>(name: string, body: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const next = previous.then(body, body);
    const settled = next.catch(() => undefined);
    this.locks.set(name, settled);
    try {
      return await next;
    } finally {
      if (this.locks.get(name) === settled) this.locks.delete(name);
    }
  }
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return (await statOrUndefined(file)) !== undefined;
}

/** The real path of a directory, or the path itself while it does not exist. */
function realDirectory(directory: string): string {
  try {
    return realpathSync(directory);
  } catch {
    return path.resolve(directory);
  }
}

function parseTime(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : time;
}

async function changedFiles(workspacePath: string): Promise<string[]> {
  const status = await gitOrThrow(
    workspacePath,
    ['status', '--porcelain', '--untracked-files=all'],
    workspacePath,
  );
  return status
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.slice(3));
}

function summarizeFiles(files: string[]): string {
  const shown = files.slice(0, 3).join(', ');
  return files.length > 3 ? `${shown} and ${files.length - 3} more` : shown;
}

function formatHours(ms: number): string {
  return ms < hourMs ? `${Math.round(ms / 60_000)} min` : `${(ms / hourMs).toFixed(1)} h`;
}

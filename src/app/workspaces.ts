/**
 * Use cases over the workspaces of a project (`ouro workspaces list | clean`, later the loop and the
 * HTTP API): the manager configured from the project — its work directory, the `workspaces` config
 * section, hooks seeing the same allowlisted environment as workflow steps, the project's logger.
 */
import type { CleanOptions, CleanResult, WorkspaceInfo } from '../workspaces/index.js';
import { WorkspaceManager } from '../workspaces/index.js';
import type { ProjectContext } from './project-context.js';
import { stepEnvironment } from './step-environment.js';

export function workspaceManagerFor(project: ProjectContext, clock?: () => number): WorkspaceManager {
  return new WorkspaceManager({
    projectDir: project.paths.projectDir,
    workDir: project.paths.workDir,
    config: project.config.workspaces,
    hookEnvironment: stepEnvironment(project.env, project.config.workflows.env_allowlist),
    logger: project.logger.child({ component: 'workspaces' }),
    ...(clock === undefined ? {} : { clock }),
  });
}

export function listWorkspaces(project: ProjectContext): Promise<WorkspaceInfo[]> {
  return workspaceManagerFor(project).list();
}

export function cleanWorkspaces(project: ProjectContext, options: CleanOptions): Promise<CleanResult> {
  return workspaceManagerFor(project).clean(options);
}

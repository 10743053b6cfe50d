import type { ProjectContext } from '../app/project-context.js';
import type { CommandContext } from './command-action.js';

/** Opens the project named by the global options, logging readable lines to stderr on a terminal. */
export async function openProjectFor(context: CommandContext): Promise<ProjectContext> {
  const { openProject } = await import('../app/project-context.js');
  const { globals } = context;
  return openProject({
    projectDir: globals.cwd,
    configFile: globals.config,
    logLevel: globals.logLevel,
    terminal: globals.json ? undefined : { stream: process.stderr, color: globals.color },
  });
}

/** Runs `body` with an open project and always closes it. */
export async function withProject<T>(
  context: CommandContext,
  body: (project: ProjectContext) => Promise<T>,
): Promise<T> {
  const project = await openProjectFor(context);
  try {
    return await body(project);
  } finally {
    await project.close();
  }
}

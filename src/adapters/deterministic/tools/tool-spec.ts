/**
 * What Ouro needs to know to run one external tool: the executable name (looked up in the project's
 * node_modules/.bin and its ancestors, then PATH), how to read its version, and how to install it —
 * the remedy a user sees when it is missing.
 */
import { OuroError } from '../../../errors/index.js';
import { resolveExecutable, toolVersion } from '../../process/resolve-executable.js';
import type { Availability, AvailabilityContext } from '../../types.js';

export interface ToolSpec {
  /** The tool's name as users know it (`eslint`, `tsc`, `pytest`). */
  name: string;
  executable: string;
  /** How to install it, shown as the remedy: `npm i -D eslint`. */
  install: string;
  versionArgs?: string[];
}

export async function toolAvailability(spec: ToolSpec, context: AvailabilityContext): Promise<Availability> {
  const executable = resolveExecutable(spec.executable, context.projectDir, context.env);
  if (executable === undefined) {
    return {
      available: false,
      reason: `${spec.executable} was not found in node_modules/.bin of the project (or its parents) nor on PATH`,
      remedy: spec.install,
    };
  }
  const version = await toolVersion(executable, spec.versionArgs ?? ['--version'], context.env);
  return version === undefined ? { available: true } : { available: true, version };
}

/** The absolute path of the tool, or OURO_ADAPTER_UNAVAILABLE with the install remedy. */
export function requireExecutable(spec: ToolSpec, projectDir: string, env: NodeJS.ProcessEnv): string {
  const executable = resolveExecutable(spec.executable, projectDir, env);
  if (executable === undefined) {
    throw new OuroError(
      'OURO_ADAPTER_UNAVAILABLE',
      {
        adapter: spec.name,
        reason: `${spec.executable} was not found in node_modules/.bin of ${projectDir} (or its parents) nor on PATH`,
        install: spec.install,
      },
      { details: { executable: spec.executable, projectDir } },
    );
  }
  return executable;
}

export function isToolInstalled(spec: ToolSpec, projectDir: string, env: NodeJS.ProcessEnv): boolean {
  return resolveExecutable(spec.executable, projectDir, env) !== undefined;
}

/**
 * Finds the program a step means: the project's own copy first (`node_modules/.bin` of the project
 * and of every ancestor, as npm workspaces hoist), then PATH. POSIX only: Windows' PATHEXT is not
 * consulted. Kept free of imports from run-process.ts so both can use it without a cycle.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

function isExecutableFile(candidate: string): boolean {
  try {
    if (!statSync(candidate).isFile()) return false;
    accessSync(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function resolveExecutable(
  name: string,
  projectDir: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (name === '') return undefined;
  if (name.includes('/') || name.includes(path.sep)) {
    const candidate = path.resolve(projectDir, name);
    return isExecutableFile(candidate) ? candidate : undefined;
  }
  let directory = path.resolve(projectDir);
  for (;;) {
    const candidate = path.join(directory, 'node_modules', '.bin', name);
    if (isExecutableFile(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  for (const entry of (env.PATH ?? '').split(path.delimiter)) {
    // An empty PATH entry means the current directory, which a step must not pick up by accident.
    if (entry === '') continue;
    const candidate = path.join(entry, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

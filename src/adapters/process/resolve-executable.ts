/**
 * Public entry for tool lookup: where a program lives (`resolveExecutable`) and which version it is
 * (`toolVersion`). The version probe runs the program, so callers cache its answer.
 */
import { runProcess } from './run-process.js';

export { resolveExecutable } from './find-executable.js';

const versionPattern = /\bv?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)/;

/** Extracts the first version-looking token (`1.2`, `v3.4.5-beta.1`) from a tool's banner. */
export function parseVersion(text: string): string | undefined {
  return versionPattern.exec(text)?.[1];
}

/**
 * Runs `<executable> <args>` (args default to `--version`) and returns the first version-looking
 * token of its output; undefined when the program cannot run or prints no version.
 */
export async function toolVersion(
  executable: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  try {
    const result = await runProcess({
      command: executable,
      args: args.length === 0 ? ['--version'] : args,
      cwd: process.cwd(),
      env,
      timeoutMs: 15_000,
      maxOutputBytes: 64 * 1024,
    });
    if (result.timedOut) return undefined;
    return parseVersion(result.stdout) ?? parseVersion(result.stderr);
  } catch {
    return undefined;
  }
}

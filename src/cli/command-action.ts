import type { Command } from 'commander';
import { ExitCode } from '../errors/index.js';
import { readGlobalOptions, type GlobalOptions } from './global-options.js';
import { createOutput, type Output } from './output.js';

export interface CommandContext {
  globals: GlobalOptions;
  output: Output;
  command: Command;
}

/**
 * Wraps a command implementation: reads the global options, builds the output, turns any thrown
 * error into the error format and an exit code. Implementations return their exit code.
 */
export function commandAction<Arguments extends unknown[]>(
  implementation: (context: CommandContext, ...commandArguments: Arguments) => Promise<number>,
): (...commanderArguments: unknown[]) => Promise<void> {
  return async (...commanderArguments: unknown[]) => {
    const command = commanderArguments[commanderArguments.length - 1] as Command;
    const globals = readGlobalOptions(command);
    const output = createOutput(globals);
    let exitCode: number;
    try {
      exitCode = await implementation(
        { globals, output, command },
        ...(commanderArguments.slice(0, -1) as Arguments),
      );
    } catch (error) {
      exitCode = output.error(error).exitCode;
    }
    process.exitCode = exitCode ?? ExitCode.success;
  };
}

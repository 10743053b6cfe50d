import path from 'node:path';
import type { Command } from 'commander';
import type { LogLevel } from '../observability/logger-types.js';

/** Options every command accepts (declared once on the root program). */
export interface GlobalOptions {
  /** Absolute project directory (-C). */
  cwd: string;
  config: string | undefined;
  json: boolean;
  logLevel: LogLevel | undefined;
  color: boolean;
}

export function readGlobalOptions(command: Command): GlobalOptions {
  const options = command.optsWithGlobals<{
    cwd?: string;
    config?: string;
    json?: boolean;
    logLevel?: LogLevel;
    color?: boolean;
  }>();
  return {
    cwd: path.resolve(options.cwd ?? process.cwd()),
    config: options.config,
    json: options.json === true,
    logLevel: options.logLevel,
    color: options.color !== false && !process.env.NO_COLOR && process.stdout.isTTY === true,
  };
}

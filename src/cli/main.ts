/**
 * Builds the `ouro` program. Command modules only declare flags and call app/; their heavy
 * dependencies are imported inside the actions so that `--help` stays fast.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ExitCode } from '../errors/index.js';
import { createOutput } from './output.js';
import { OuroError } from '../errors/index.js';
import { registerCommands } from './commands/index.js';

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

export function buildProgram(): Command {
  const program = new Command('ouro');
  program
    .description(
      'Ouro: durable YAML workflows of deterministic tools and AI steps, and an autonomous issue-to-merge loop.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('-C, --cwd <dir>', 'project directory (default: the current directory)')
    .option('--config <file>', 'config file (default: ouro.config.yaml or .ouro/config.yaml)')
    .option('--json', 'print one JSON document (or NDJSON events for streams) and nothing else on stdout')
    .addOption(
      new Option('--log-level <level>', 'log level').choices([
        'trace',
        'debug',
        'info',
        'warn',
        'error',
        'fatal',
        'silent',
      ]),
    )
    .option('--no-color', 'disable colours')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 success, 1 failure, 2 usage or validation error, 3 waiting for a person, 130 cancelled.
Docs: docs/cli.md`,
    );
  registerCommands(program);
  return program;
}

function configureExits(command: Command): void {
  command.exitOverride();
  for (const child of command.commands) configureExits(child);
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  configureExits(program);
  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return ExitCode.success;
      }
      if (wantsJson) {
        createOutput({ json: true, color: false }).error(
          new OuroError('OURO_CLI_USAGE', { message: error.message.replace(/^error: /, '') }),
        );
      }
      return ExitCode.usage;
    }
    throw error;
  }
  const code = process.exitCode;
  return typeof code === 'number' ? code : ExitCode.success;
}

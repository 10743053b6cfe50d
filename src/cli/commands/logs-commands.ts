/**
 * `ouro logs rotate` and `ouro logs tail [-n N] [-f]`: operator access to the project's JSON log
 * (`logging.file`, default `.ouro/logs/ouro.log`). An invalid config does not block these commands —
 * they are how one investigates a broken setup — so they fall back to the default settings with a note.
 */
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, OuroError } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';

interface TailOptions {
  lines: number;
  follow?: boolean;
}

function parseLineCount(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError('expected a whole number of lines.');
  }
  return Number(value);
}

interface LogSettings {
  file: string;
  maxFiles: number;
}

/** The default of `logging.file`, used when the config cannot be loaded. */
const defaultLogFile = path.join('.ouro', 'logs', 'ouro.log');

async function logSettings(context: CommandContext): Promise<LogSettings> {
  const [{ loadConfig }, { resolveLogFile }, { defaultMaxFiles }] = await Promise.all([
    import('../../config/load-config.js'),
    import('../../config/config-paths.js'),
    import('../../observability/rotating-file.js'),
  ]);
  const projectDir = context.globals.cwd;
  try {
    const { config } = await loadConfig({ projectDir, configFile: context.globals.config });
    return { file: resolveLogFile(config, projectDir), maxFiles: config.logging.max_files };
  } catch (error) {
    const problem = error instanceof OuroError ? `${error.code}: ${error.message}` : String(error);
    context.output.note(`${problem}\n(using the default log settings)`);
    return { file: path.resolve(projectDir, defaultLogFile), maxFiles: defaultMaxFiles };
  }
}

async function rotateCommand(context: CommandContext): Promise<number> {
  const { rotateLogFile } = await import('../../observability/rotating-file.js');
  const settings = await logSettings(context);
  const result = rotateLogFile(settings.file, settings.maxFiles);
  const { output } = context;
  if (output.json) {
    output.document({ ...result, maxFiles: settings.maxFiles });
    return ExitCode.success;
  }
  if (!result.rotated) {
    output.line(`nothing to rotate: ${result.file} is ${result.reason === 'missing' ? 'missing' : 'empty'}`);
    return ExitCode.success;
  }
  for (const rename of result.renamed) output.line(`${rename.from} → ${rename.to}`);
  for (const deleted of result.deleted) output.line(`deleted ${deleted}`);
  output.line(output.colors.green(`rotated ${result.file} (keeping ${settings.maxFiles} rotated files)`));
  return ExitCode.success;
}

async function tailCommand(context: CommandContext, options: TailOptions): Promise<number> {
  const [{ readLastLines, followLogFile }, { formatLogLine }] = await Promise.all([
    import('../../observability/log-tail.js'),
    import('../../observability/format-log-line.js'),
  ]);
  const { output } = context;
  const settings = await logSettings(context);

  const print = (line: string): void => {
    if (line.trim() === '') return;
    if (output.json) {
      // Raw JSON lines as written; a foreign line is wrapped so stdout stays NDJSON.
      try {
        output.event(JSON.parse(line));
      } catch {
        output.event({ line });
      }
      return;
    }
    output.line(formatLogLine(line, { color: output.color }));
  };

  let position: { inode: number; offset: number } | undefined;
  try {
    const last = readLastLines(settings.file, options.lines);
    for (const line of last.lines) print(line);
    position = last.position;
  } catch (error) {
    const missing = error instanceof OuroError && error.code === 'OURO_LOG_FILE_NOT_FOUND';
    if (!missing || options.follow !== true) throw error;
    output.note(`waiting for ${settings.file} …`);
  }
  if (options.follow !== true) return ExitCode.success;

  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await followLogFile({
      file: settings.file,
      ...(position === undefined ? {} : { position }),
      signal: controller.signal,
      onLine: print,
    });
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  // Ctrl+C is the normal way to end a follow, not a cancelled piece of work.
  return ExitCode.success;
}

export function registerLogsCommands(program: Command): void {
  const logs = program.command('logs').description('read and rotate the JSON log (logging.file)');
  logs
    .command('rotate')
    .description('rotate the log file now: ouro.log → ouro.log.1 …, dropping files beyond logging.max_files')
    .action(commandAction(rotateCommand));
  logs
    .command('tail')
    .description('print the last lines of the log; human-readable on a terminal, raw JSON lines with --json')
    .option('-n, --lines <count>', 'number of lines', parseLineCount, 10)
    .option('-f, --follow', 'keep printing new lines, across rotations, until Ctrl+C')
    .action(commandAction<[TailOptions]>(tailCommand));
}

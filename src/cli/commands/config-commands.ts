/**
 * `ouro init`, `ouro validate-config`, `ouro config get KEY`, `ouro config set KEY VALUE`: the config
 * commands. They only parse flags and print; config/ does the work (imported lazily for fast --help).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, OuroError, isOuroError } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';

interface InitOptions {
  force?: boolean;
}

function flagsFrom(context: CommandContext): { logLevel?: string } {
  return context.globals.logLevel === undefined ? {} : { logLevel: context.globals.logLevel };
}

function displayPath(context: CommandContext, file: string): string {
  const relative = path.relative(context.globals.cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

async function initCommand(context: CommandContext, options: InitOptions): Promise<number> {
  const { initProject } = await import('../../config/init-project.js');
  const results = await initProject(context.globals.cwd, { force: options.force === true });
  const { output } = context;
  if (output.json) {
    output.document({ projectDir: context.globals.cwd, files: results });
    return ExitCode.success;
  }
  for (const result of results) {
    const action =
      result.action === 'skipped'
        ? output.colors.dim(result.action.padEnd(11))
        : output.colors.green(result.action.padEnd(11));
    output.line(`${action} ${result.path}${result.reason ? output.colors.dim(` (${result.reason})`) : ''}`);
  }
  output.line();
  output.line('Next: `ouro validate-config`, then `ouro run .ai/workflows/quality.yaml`.');
  return ExitCode.success;
}

async function validateCommand(context: CommandContext): Promise<number> {
  const [{ loadConfig }, { formatProblem }] = await Promise.all([
    import('../../config/load-config.js'),
    import('../../config/config-problem.js'),
  ]);
  const { output } = context;
  try {
    const loaded = await loadConfig({
      projectDir: context.globals.cwd,
      configFile: context.globals.config,
      flags: flagsFrom(context),
    });
    if (output.json) {
      output.document({ valid: true, file: loaded.file ?? null, problems: [] });
    } else if (loaded.file === undefined) {
      output.line('no config file (ouro.config.yaml or .ouro/config.yaml): the defaults apply and are valid');
    } else {
      output.line(output.colors.green(`${displayPath(context, loaded.file)} is valid`));
    }
    return ExitCode.success;
  } catch (error) {
    if (!isOuroError(error) || error.code !== 'OURO_CONFIG_INVALID') throw error;
    const details = error.details as { file?: string; problems: Parameters<typeof formatProblem>[0][] };
    if (output.json) {
      output.document({ valid: false, file: details.file ?? null, problems: details.problems });
      return ExitCode.usage;
    }
    const file = details.file === undefined ? undefined : displayPath(context, details.file);
    for (const problem of details.problems) output.line(formatProblem(problem, file));
    const count = details.problems.length;
    output.note(output.colors.red(`${count} problem${count === 1 ? '' : 's'} in the configuration`));
    return ExitCode.usage;
  }
}

function sourceOf(sources: Record<string, string>, key: string): string {
  if (sources[key] !== undefined) return sources[key];
  const segments = key.split('.');
  for (let length = segments.length - 1; length > 0; length -= 1) {
    const ancestor = sources[segments.slice(0, length).join('.')];
    if (ancestor !== undefined) return ancestor;
  }
  const below = Object.entries(sources).filter(([name]) => name.startsWith(`${key}.`));
  if (below.length > 0) return [...new Set(below.map(([, source]) => source)), 'default'].join('+');
  return 'default';
}

async function getCommand(context: CommandContext, key: string): Promise<number> {
  const [{ loadConfig }, { getConfigValue }, { stringify }] = await Promise.all([
    import('../../config/load-config.js'),
    import('../../config/config-key.js'),
    import('yaml'),
  ]);
  const loaded = await loadConfig({
    projectDir: context.globals.cwd,
    configFile: context.globals.config,
    flags: flagsFrom(context),
  });
  const value = getConfigValue(loaded.config, key);
  const source = sourceOf(loaded.sources, key);
  const { output } = context;
  if (output.json) {
    output.document({ key, value: value ?? null, source });
  } else if (value === undefined) {
    output.line('(unset)');
  } else if (value !== null && typeof value === 'object') {
    output.line(stringify(value).trimEnd());
  } else {
    output.line(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return ExitCode.success;
}

async function setCommand(context: CommandContext, key: string, rawValue: string): Promise<number> {
  const [{ readConfigFile, loadConfig }, { setConfigFileValue }, { environmentOverrides }] =
    await Promise.all([
      import('../../config/load-config.js'),
      import('../../config/config-file-edit.js'),
      import('../../config/config-overrides.js'),
    ]);
  const found = await readConfigFile(context.globals.cwd, context.globals.config);
  if (!found) {
    throw new OuroError('OURO_CONFIG_NOT_FOUND', {
      path: path.join(context.globals.cwd, 'ouro.config.yaml'),
    });
  }
  const result = await setConfigFileValue(found.file, key, rawValue);
  const { output } = context;
  if (output.json) {
    output.document({ ...result, file: found.file });
    return ExitCode.success;
  }
  output.line(`${key} = ${JSON.stringify(result.value)} in ${displayPath(context, found.file)}`);
  // The file changed, but an environment variable may still win at load time; say so.
  const loaded = await loadConfig({
    projectDir: context.globals.cwd,
    configFile: context.globals.config,
  }).catch(() => undefined);
  const source = loaded ? sourceOf(loaded.sources, key) : 'file';
  if (source === 'env') {
    const variable =
      environmentOverrides.find((definition) => definition.path.join('.') === key)?.name ?? 'a variable';
    output.note(output.colors.yellow(`note: ${variable} is set in the environment and overrides this value`));
  }
  return ExitCode.success;
}

export function registerConfigCommands(program: Command): void {
  program
    .command('init')
    .description(
      'create ouro.config.yaml (commented), .ouro/, a .gitignore entry and .ai/workflows/quality.yaml',
    )
    .option('--force', 'overwrite an existing config file')
    .addHelpText(
      'after',
      `
Existing files are left alone (the config is replaced only with --force); running it twice is safe.

Example:
  $ ouro init -C path/to/project`,
    )
    .action(commandAction<[InitOptions]>(initCommand));

  program
    .command('validate-config')
    .description(
      'check the config file, environment and flags; print every problem as file:line:column path message',
    )
    .addHelpText(
      'after',
      `
Exit code 0 when valid, 2 when not. With --json: {"valid", "file", "problems": [{path, line, column, message, suggestion}]}.

Examples:
  $ ouro validate-config
  $ ouro validate-config --config ci/ouro.config.yaml --json`,
    )
    .action(commandAction(validateCommand));

  const config = program.command('config').description('read or change config values by dotted key');
  config
    .command('get')
    .argument('<key>', 'dotted key, e.g. orchestrator.mode')
    .description('print the effective value of KEY (defaults, file, environment and flags applied)')
    .addHelpText(
      'after',
      `
Examples:
  $ ouro config get orchestrator.mode
  $ ouro config get safety --json     # {"key", "value", "source"}`,
    )
    .action(commandAction<[string]>(getCommand));
  config
    .command('set')
    .argument('<key>', 'dotted key, e.g. server.port')
    .argument('<value>', 'a YAML value: true, 3, "3", [a, b]')
    .description('set KEY in the config file, keeping its comments; refused if the result would be invalid')
    .addHelpText(
      'after',
      `
Examples:
  $ ouro config set orchestrator.mode autonomous
  $ ouro config set workflows.env_allowlist "[PATH, HOME, CI]"`,
    )
    .action(commandAction<[string, string]>(setCommand));
}

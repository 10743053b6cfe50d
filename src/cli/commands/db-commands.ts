/**
 * `ouro db migrate` and `ouro db status`: explicit control of the schema. The database comes from
 * the config (`database.url`, overridden by OURO_DATABASE_URL through the config loader) with
 * `orchestrator.work_dir` locating the default SQLite file. `status` never migrates, so it shows
 * pending migrations as they are; `migrate` applies them and lists what it applied.
 */
import type { Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import type { Store } from '../../store/types.js';
import { commandAction, type CommandContext } from '../command-action.js';

async function withDatabase<T>(context: CommandContext, body: (store: Store) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { openStore }] = await Promise.all([
    import('../../config/load-config.js'),
    import('../../store/open-store.js'),
  ]);
  const projectDir = context.globals.cwd;
  const { config } = await loadConfig({ projectDir, configFile: context.globals.config });
  const store = await openStore({
    url: config.database.url,
    projectDir,
    workDir: config.orchestrator.work_dir,
  });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

async function migrateCommand(context: CommandContext): Promise<number> {
  return withDatabase(context, async (store) => {
    const { applied } = await store.migrate();
    const { output } = context;
    if (output.json) {
      output.document({ dialect: store.dialect, location: store.location, applied });
      return ExitCode.success;
    }
    output.line(`${store.dialect} ${store.location}`);
    if (applied.length === 0) output.line('Already up to date: no migration to apply.');
    for (const name of applied) output.line(`${output.colors.green('applied')}  ${name}`);
    return ExitCode.success;
  });
}

async function statusCommand(context: CommandContext): Promise<number> {
  return withDatabase(context, async (store) => {
    const migrations = await store.migrationStatus();
    const pending = migrations.filter((migration) => migration.executedAt === null).length;
    const { output } = context;
    if (output.json) {
      output.document({
        dialect: store.dialect,
        location: store.location,
        migrations: migrations.map((migration) => ({
          name: migration.name,
          status: migration.executedAt === null ? 'pending' : 'applied',
          executedAt: migration.executedAt === null ? null : new Date(migration.executedAt).toISOString(),
        })),
        pending,
      });
      return ExitCode.success;
    }
    output.line(`dialect   ${store.dialect}`);
    output.line(`location  ${store.location}`);
    output.line('');
    for (const migration of migrations) {
      const state =
        migration.executedAt === null
          ? output.colors.yellow('pending')
          : `${output.colors.green('applied')}  ${new Date(migration.executedAt).toISOString()}`;
      output.line(`${migration.name}  ${state}`);
    }
    output.line('');
    output.line(
      pending === 0
        ? 'Up to date.'
        : `${pending} pending migration${pending === 1 ? '' : 's'}: run \`ouro db migrate\`.`,
    );
    return ExitCode.success;
  });
}

export function registerDbCommands(program: Command): void {
  const database = program.command('db').description('database schema: apply and inspect migrations');
  database
    .command('migrate')
    .description('apply pending migrations (Ouro also does this on start)')
    .action(commandAction(migrateCommand));
  database
    .command('status')
    .description('show the dialect, the location and each migration, applied or pending')
    .action(commandAction(statusCommand));
}

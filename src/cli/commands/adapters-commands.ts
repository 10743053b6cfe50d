/**
 * `ouro adapters list [--json]`: every actor a step can name, its adapter version and tool version,
 * and whether it can run in this project (with the reason and remedy when it cannot).
 */
import type { Command } from 'commander';
import { ExitCode } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

async function listCommand(context: CommandContext): Promise<number> {
  const { listAdapters } = await import('../../adapters/registry.js');
  const listings = await withProject(context, async (project) =>
    listAdapters(project.adapters, {
      projectDir: project.paths.projectDir,
      env: project.env,
      models: await project.models(),
    }),
  );
  const { output } = context;
  if (output.json) {
    output.document(
      listings.map((listing) => ({
        id: listing.id,
        kind: listing.kind,
        version: listing.version,
        toolVersion: listing.availability.version ?? null,
        aliasOf: listing.aliasOf ?? null,
        available: listing.availability.available,
        reason: listing.availability.reason ?? null,
        remedy: listing.availability.remedy ?? null,
        description: listing.description,
      })),
    );
    return ExitCode.success;
  }
  const { colors } = output;
  const rows = listings.map((listing) => {
    const tool = listing.availability.version === undefined ? '' : ` (tool ${listing.availability.version})`;
    const alias = listing.aliasOf === undefined ? '' : ` (alias of ${listing.aliasOf})`;
    return {
      id: listing.id,
      kind: listing.kind,
      version: `${listing.version}${tool}`,
      available: listing.availability.available ? '✓' : `✗ ${listing.availability.reason ?? 'unavailable'}`,
      ok: listing.availability.available,
      description: `${listing.description}${alias}`,
      remedy: listing.availability.remedy,
    };
  });
  const header = {
    id: 'ID',
    kind: 'KIND',
    version: 'VERSION',
    available: 'AVAILABLE',
    description: 'DESCRIPTION',
  };
  const width = (key: 'id' | 'kind' | 'version' | 'available'): number =>
    Math.max(header[key].length, ...rows.map((row) => [...row[key]].length));
  const widths = {
    id: width('id'),
    kind: width('kind'),
    version: width('version'),
    available: width('available'),
  };
  const line = (cells: {
    id: string;
    kind: string;
    version: string;
    available: string;
    description: string;
  }): string =>
    [
      pad(cells.id, widths.id),
      pad(cells.kind, widths.kind),
      pad(cells.version, widths.version),
      pad(cells.available, widths.available),
      cells.description,
    ].join('  ');
  output.line(colors.bold(line(header)));
  for (const row of rows) {
    const text = line(row);
    output.line(row.ok ? text : colors.yellow(text));
    if (!row.ok && row.remedy !== undefined)
      output.line(colors.dim(`${' '.repeat(widths.id + 2)}→ ${row.remedy}`));
  }
  return ExitCode.success;
}

export function registerAdaptersCommands(program: Command): void {
  const adapters = program.command('adapters').description('the actors workflow steps can use');
  adapters
    .command('list')
    .description('list every adapter with its version and availability in this project')
    .action(commandAction(listCommand));
}
